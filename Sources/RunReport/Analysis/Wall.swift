/// Wall-clock figures over claimed-and-completed specs (`docs/metrics.md` §5).
enum Wall {
    /// `max(completedAt) − min(claimedAt)`, or `nil` with no timed spec.
    static func span(_ timed: [SpecRecord]) -> Int64? {
        guard let first = timed.compactMap(\.spec.claimedAt).min(), let last = timed.compactMap(\.spec.completedAt).max() else {
            return nil
        }
        return last.milliseconds(since: first)
    }

    /// Per machine: its specs, the union of their `[claimedAt, completedAt]` intervals, first claim
    /// and last completion. Ordered by first claim, then machineId (§5, `docs/summary-json.md`).
    static func machines(_ timed: [SpecRecord], wallMs: Int64?) -> [MachineSummary] {
        var intervals: [String: [(Int64, Int64)]] = [:]
        for record in timed {
            guard let machine = record.spec.machineId, let a = record.spec.claimedAt, let b = record.spec.completedAt else { continue }
            intervals[machine, default: []].append((a.millisecondsSinceEpoch, b.millisecondsSinceEpoch))
        }
        var machines: [MachineSummary] = []
        machines.reserveCapacity(intervals.count)
        for (machineId, spans) in intervals {
            let sorted = spans.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var busy: Int64 = 0
            var (start, end) = sorted[0]
            var last = end
            for (a, b) in sorted.dropFirst() {
                last = max(last, b)
                if a > end {
                    busy += end - start
                    (start, end) = (a, b)
                } else {
                    end = max(end, b)
                }
            }
            busy += end - start
            let first = sorted[0].0
            let utilization: Double? = wallMs.flatMap { $0 > 0 ? Double(busy) / Double($0) : nil }
            machines.append(
                MachineSummary(
                    machineId: machineId, specs: spans.count, busyMs: busy, idleMs: (last - first) - busy,
                    utilization: utilization, firstClaimedAt: Timestamp(millisecondsSinceEpoch: first),
                    lastCompletedAt: Timestamp(millisecondsSinceEpoch: last)))
        }
        machines.sort { a, b in
            if a.firstClaimedAt != b.firstClaimedAt { return a.firstClaimedAt < b.firstClaimedAt }
            return a.machineId.codePointPrecedes(b.machineId)
        }
        return machines
    }
}
