/// The load-balancing section's part of the HTML view model (`docs/metrics.md` §10): per group with a
/// balance, pre-formatted facts, the what-if rows, the chart (SVG markup built and escaped by
/// `HTMLBalanceChart`), split candidates, late machines and the tail.
extension HTMLViewModel {
    struct BalanceGroup {
        var id, name, machines, actualWall, lowerBound, totalExecution, longest, gap, stopsPaying: String
        var whatIf: [WhatIf]
        /// SVG markup built and escaped by `HTMLBalanceChart`: written with `{{{ }}}`.
        var chartSVG: String
        var splits: [Split]
        var hasSplits: Bool
        var share: String
        var late: [Late]
        var hasLate: Bool
        var tail: Tail?
        /// `By 14-day averages (Currents, 1,234 of 2,000 specs)`: the what-if column by the API's
        /// averages (`--api-context`), when known.
        var averagesNote: String?
    }

    struct WhatIf {
        var machines: String
        var current: Bool
        var predicted, lowerBound, change: String
        var byAverages: String?
    }

    struct Split { var spec, execution: String }
    struct Late { var machineId, delay: String }
    struct Tail { var machineId, tail: String }

    static func balance(_ s: Summary) -> [BalanceGroup] {
        s.groups.enumerated().compactMap { index, g in
            guard let b = g.balance else { return nil }
            let estimate = s.apiContext?.whatIf.first { $0.groupId == g.groupId }
            return balanceGroup(g, b, id: "bal-\(index)", averages: estimate, days: s.apiContext?.days ?? 0)
        }
    }

    private static func balanceGroup(
        _ g: GroupSummary, _ b: Balance, id: String, averages: APIContext.GroupEstimate?, days: Int
    ) -> BalanceGroup {
        let byMachines = Dictionary(averages?.whatIf.map { ($0.machines, $0.predictedWallMs) } ?? [], uniquingKeysWith: { a, _ in a })
        let gap: String
        if let gapMs = b.gapMs {
            let share = b.actualWallMs.flatMap { $0 > 0 ? Double(gapMs) / Double($0) : nil }
            gap = Format.duration(gapMs) + (share.map { " (\(Format.percent($0)) of the wall time)" } ?? "")
        } else {
            gap = "—"
        }
        let stopsPaying: String
        if let stop = b.stopsPayingAt {
            var text = "\(stop.machines) machine\(stop.machines == 1 ? "" : "s") (\(Format.duration(stop.predictedWallMs)))"
            if b.stillGainingAtTheTop {
                text += "; still gaining at the top of the range"
            } else if stop.predictedWallMs == b.longestExecutionMs, b.whatIf.count > 1 {
                text += "; the longest spec bounds it"
            }
            stopsPaying = text
        } else {
            stopsPaying = "—"
        }
        var previous: Int64?
        let whatIf = b.whatIf.map { option -> WhatIf in
            defer { previous = option.predictedWallMs }
            let change: String
            if let previous {
                let delta = option.predictedWallMs - previous
                change = delta == 0 ? "none" : (delta < 0 ? "−" + Format.duration(-delta) : "+" + Format.duration(delta))
            } else {
                change = "—"
            }
            return WhatIf(
                machines: String(option.machines), current: option.machines == b.machines,
                predicted: Format.duration(option.predictedWallMs), lowerBound: Format.duration(b.lowerBound(machines: option.machines)),
                change: change, byAverages: averages.map { _ in Format.duration(byMachines[option.machines]) })
        }
        var tail: Tail?
        if let critical = g.criticalMachineId, let tailMs = g.tailMs {
            tail = Tail(machineId: HTMLText.clean(critical), tail: Format.duration(tailMs))
        }
        return BalanceGroup(
            id: id, name: HTMLText.clean(g.groupId), machines: String(b.machines), actualWall: Format.duration(b.actualWallMs),
            lowerBound: Format.duration(b.lowerBoundMs), totalExecution: Format.duration(b.totalExecutionMs),
            longest: Format.duration(b.longestExecutionMs), gap: gap, stopsPaying: stopsPaying, whatIf: whatIf,
            chartSVG: HTMLBalanceChart.svg(b, id: id, groupName: g.groupId),
            splits: b.splitCandidates.map { Split(spec: HTMLText.clean($0.spec), execution: Format.duration($0.executionMs)) },
            hasSplits: !b.splitCandidates.isEmpty,
            share: b.machines > 0 ? Format.duration(b.totalExecutionMs / Int64(b.machines)) : "—",
            late: b.lateMachines.map { Late(machineId: HTMLText.clean($0.machineId), delay: Format.duration($0.startDelayMs)) },
            hasLate: !b.lateMachines.isEmpty, tail: tail,
            averagesNote: averages.map {
                "By \(days)-day averages (Currents, \(Format.count($0.averaged)) of \(Format.count($0.specs)) specs)"
            })
    }
}
