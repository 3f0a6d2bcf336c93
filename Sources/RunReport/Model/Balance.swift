/// Load-balancing figures of one group (`docs/metrics.md` §10, `groups[].balance` in `summary.json`):
/// estimates from one run's execution times that ignore machine start-up and per-spec overhead.
package struct Balance: Sendable, Equatable {
    /// The group's machines (`docs/metrics.md` §5).
    package var machines: Int
    /// The group's `wallMs`.
    package var actualWallMs: Int64?
    /// `max(longest executionMs, ceil(Σ executionMs / machines))`; `nil` with no machines.
    package var lowerBoundMs: Int64?
    /// `actualWallMs − lowerBoundMs`.
    package var gapMs: Int64?
    /// The LPT simulation on `max(1, machines − 2) … machines + 4` machines (1…4 with none), ascending.
    package var whatIf: [WhatIf]
    /// Specs longer than an even share of the execution time, longest first.
    package var splitCandidates: [SplitCandidate]
    /// Machines whose first claim came far later than the group's earliest claim, in machine order.
    package var lateMachines: [LateMachine]
    /// The longest execution time (not part of `summary.json`; the reports draw per-count lower bounds with it).
    package var longestExecutionMs: Int64
    /// Σ execution time (not part of `summary.json`).
    package var totalExecutionMs: Int64

    package struct WhatIf: Sendable, Equatable {
        package var machines: Int
        package var predictedWallMs: Int64
    }

    package struct SplitCandidate: Sendable, Equatable {
        package var spec: String
        package var executionMs: Int64
    }

    package struct LateMachine: Sendable, Equatable {
        package var machineId: String
        package var startDelayMs: Int64
    }

    /// The ideal makespan on `k` machines: `max(longest, ceil(Σ / k))`.
    package func lowerBound(machines k: Int) -> Int64 {
        guard k > 0 else { return totalExecutionMs }
        let share = totalExecutionMs / Int64(k) + (totalExecutionMs % Int64(k) == 0 ? 0 : 1)
        return max(longestExecutionMs, share)
    }
}

extension Balance {
    /// The fewest machines that reach the best predicted wall time of the what-if range: where
    /// adding machines stops paying. `nil` only for an empty range.
    package var stopsPayingAt: WhatIf? {
        guard let best = whatIf.map(\.predictedWallMs).min() else { return nil }
        return whatIf.first { $0.predictedWallMs == best }
    }

    /// The best prediction is only reached at the top of the range, which may hide further gains.
    package var stillGainingAtTheTop: Bool {
        guard whatIf.count >= 2, let last = whatIf.last, let stop = stopsPayingAt else { return false }
        return stop.machines == last.machines && whatIf[whatIf.count - 2].predictedWallMs > last.predictedWallMs
    }
}
