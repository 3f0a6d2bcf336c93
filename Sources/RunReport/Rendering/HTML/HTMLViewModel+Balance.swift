/// The load-balancing section's part of the HTML view model (`docs/metrics.md` §10): per group with a
/// balance, pre-formatted facts, the what-if rows, the chart (SVG markup built and escaped by
/// `HTMLBalanceChart`), split candidates, late machines and the tail.
extension HTMLViewModel {
    static func balance(_ s: Summary) -> [[String: Any]] {
        s.groups.enumerated().compactMap { index, g in
            guard let b = g.balance else { return nil }
            return balanceGroup(g, b, id: "bal-\(index)")
        }
    }

    private static func balanceGroup(_ g: GroupSummary, _ b: Balance, id: String) -> [String: Any] {
        var item: [String: Any] = [:]
        item["id"] = id
        item["name"] = HTMLText.clean(g.groupId)
        item["machines"] = String(b.machines)
        item["actualWall"] = Format.duration(b.actualWallMs)
        item["lowerBound"] = Format.duration(b.lowerBoundMs)
        item["totalExecution"] = Format.duration(b.totalExecutionMs)
        item["longest"] = Format.duration(b.longestExecutionMs)
        if let gap = b.gapMs {
            let share = b.actualWallMs.flatMap { $0 > 0 ? Double(gap) / Double($0) : nil }
            item["gap"] = Format.duration(gap) + (share.map { " (\(Format.percent($0)) of the wall time)" } ?? "")
        } else {
            item["gap"] = "—"
        }
        if let stop = b.stopsPayingAt {
            var text = "\(stop.machines) machine\(stop.machines == 1 ? "" : "s") (\(Format.duration(stop.predictedWallMs)))"
            if b.stillGainingAtTheTop {
                text += "; still gaining at the top of the range"
            } else if stop.predictedWallMs == b.longestExecutionMs, b.whatIf.count > 1 {
                text += "; the longest spec bounds it"
            }
            item["stopsPaying"] = text
        } else {
            item["stopsPaying"] = "—"
        }
        var previous: Int64?
        item["whatIf"] = b.whatIf.map { option -> [String: Any] in
            defer { previous = option.predictedWallMs }
            let change: String
            if let previous {
                let delta = option.predictedWallMs - previous
                change = delta == 0 ? "none" : (delta < 0 ? "−" + Format.duration(-delta) : "+" + Format.duration(delta))
            } else {
                change = "—"
            }
            return [
                "machines": String(option.machines),
                "current": option.machines == b.machines,
                "predicted": Format.duration(option.predictedWallMs),
                "lowerBound": Format.duration(b.lowerBound(machines: option.machines)),
                "change": change,
            ]
        }
        item["chartSVG"] = HTMLBalanceChart.svg(b, id: id, groupName: g.groupId)
        item["splits"] = b.splitCandidates.map { ["spec": HTMLText.clean($0.spec), "execution": Format.duration($0.executionMs)] }
        item["hasSplits"] = !b.splitCandidates.isEmpty
        item["share"] = b.machines > 0 ? Format.duration(b.totalExecutionMs / Int64(b.machines)) : "—"
        item["late"] = b.lateMachines.map { ["machineId": HTMLText.clean($0.machineId), "delay": Format.duration($0.startDelayMs)] }
        item["hasLate"] = !b.lateMachines.isEmpty
        if let critical = g.criticalMachineId, let tail = g.tailMs {
            item["tail"] = ["machineId": HTMLText.clean(critical), "tail": Format.duration(tail)]
        } else {
            item["tail"] = false
        }
        return item
    }
}
