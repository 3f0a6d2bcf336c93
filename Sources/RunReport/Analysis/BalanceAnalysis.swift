/// Load-balancing advice for one group (`docs/metrics.md` §10, §11): the ideal makespan, a
/// longest-processing-time-first (LPT) simulation on other machine counts, specs worth splitting
/// and machines that started late. Pure functions of the subject run's execution times.
package enum BalanceAnalysis {
    /// One spec as the simulation sees it.
    package struct Job: Sendable, Equatable {
        package var spec: String
        package var executionMs: Int64

        package init(spec: String, executionMs: Int64) {
            self.spec = spec
            self.executionMs = executionMs
        }
    }

    /// How many machines below and above the actual count the simulation covers.
    static let fewer = 2
    static let more = 4
    /// A machine is late only if it started at least this long after the group's earliest claim.
    static let lateFloorMs: Int64 = 30_000

    /// The group's balance, or `nil` when no spec of it has an execution time (§11).
    ///
    /// - Parameters:
    ///   - jobs: the group's specs with a usable execution time, in the stable spec order of §9.
    ///   - machines: the group's machines (§5), in machine order.
    ///   - earliestClaim: the group's earliest claim over its timed specs (the start of its wall time).
    ///   - actualWallMs: the group's wall time.
    package static func balance(jobs: [Job], machines: [MachineSummary], earliestClaim: Timestamp?, actualWallMs: Int64?)
        -> Balance?
    {
        guard !jobs.isEmpty else { return nil }
        let total = jobs.reduce(Int64(0)) { saturatingAdd($0, $1.executionMs) }
        let longest = jobs.reduce(Int64(0)) { max($0, $1.executionMs) }
        let m = machines.count

        var lowerBound: Int64?
        var splits: [Balance.SplitCandidate] = []
        if m > 0 {
            let count = Int64(m)
            let share = total / count + (total % count == 0 ? 0 : 1)
            lowerBound = max(longest, share)
            // executionMs > Σ / m, exactly: for an integer e, e > Σ/m ⟺ e > ⌊Σ/m⌋.
            let floorShare = total / count
            let over = jobs.indices.filter { jobs[$0].executionMs > floorShare }
            splits = order(over, in: jobs).map { Balance.SplitCandidate(spec: jobs[$0].spec, executionMs: jobs[$0].executionMs) }
        }
        let gap: Int64? = {
            guard let actualWallMs, let lowerBound else { return nil }
            return actualWallMs.subtractingReportingOverflow(lowerBound).overflow ? nil : actualWallMs - lowerBound
        }()

        let counts = m > 0 ? max(1, m - fewer)...(m + more) : 1...4
        let times = order(Array(jobs.indices), in: jobs).map { jobs[$0].executionMs }
        let whatIf = counts.map { k in Balance.WhatIf(machines: k, predictedWallMs: lptMakespan(sortedDescending: times, machines: k)) }

        return Balance(
            machines: m, actualWallMs: actualWallMs, lowerBoundMs: lowerBound, gapMs: gap, whatIf: whatIf,
            splitCandidates: splits, lateMachines: lateMachines(machines, earliestClaim: earliestClaim),
            longestExecutionMs: longest, totalExecutionMs: total)
    }

    /// The what-if simulation of every group with a balance again, each spec timed by its average
    /// over the API's window where known (`APIContext.whatIf`), on the same machine counts.
    package static func estimatesByAverages(_ s: Summary, averages: [String: Int64]) -> [APIContext.GroupEstimate] {
        s.groups.compactMap { g in
            guard let balance = g.balance else { return nil }
            var averaged = 0
            let jobs = s.specs.compactMap { spec -> Job? in
                guard spec.groupId == g.groupId, let ms = spec.executionMs, ms >= 0, !spec.hasNegativeDuration else { return nil }
                if let avg = averages[spec.spec] {
                    averaged += 1
                    return Job(spec: spec.spec, executionMs: avg)
                }
                return Job(spec: spec.spec, executionMs: ms)
            }
            guard averaged > 0 else { return nil }
            let whatIf = balance.whatIf.map {
                Balance.WhatIf(machines: $0.machines, predictedWallMs: lptMakespan(jobs, machines: $0.machines))
            }
            return APIContext.GroupEstimate(groupId: g.groupId, averaged: averaged, specs: jobs.count, whatIf: whatIf)
        }
    }

    /// The largest machine load of the LPT schedule of `times` on `k` machines: longest first (ties
    /// by spec path), each to the least-loaded machine (ties to the lowest index).
    package static func lptMakespan(_ jobs: [Job], machines k: Int) -> Int64 {
        lptMakespan(sortedDescending: order(Array(jobs.indices), in: jobs).map { jobs[$0].executionMs }, machines: k)
    }

    /// The LPT assignment itself: for each machine, the indices of `jobs` it runs, in the order given.
    package static func lptSchedule(_ jobs: [Job], machines k: Int) -> [[Int]] {
        guard k > 0 else { return [] }
        var machines = LoadHeap(count: k)
        var assigned = [[Int]](repeating: [], count: k)
        for index in order(Array(jobs.indices), in: jobs) {
            let target = machines.addToLeastLoaded(jobs[index].executionMs)
            assigned[target].append(index)
        }
        return assigned
    }

    private static func lptMakespan(sortedDescending times: [Int64], machines k: Int) -> Int64 {
        guard k > 0 else { return times.reduce(0, saturatingAdd) }
        var machines = LoadHeap(count: k)
        for time in times { machines.addToLeastLoaded(time) }
        return machines.maxLoad
    }

    /// Machines by load in a binary min-heap ordered by (load, index), so that the least-loaded
    /// machine — the lowest index among equals, as a scan from the first machine would pick — is
    /// found in O(log k), not O(k): a run with every spec on its own machine made the what-if
    /// quadratic (60 s to analyse 100,000 specs).
    private struct LoadHeap {
        private var heap: [(load: Int64, index: Int)]
        /// The largest load, as a scan of every machine would find it.
        var maxLoad: Int64 { heap.map(\.load).max() ?? 0 }

        init(count: Int) { heap = (0..<count).map { (0, $0) } }  // already a heap: all loads equal, indices ascending

        /// Adds `time` to the least-loaded machine and returns that machine's index.
        @discardableResult
        mutating func addToLeastLoaded(_ time: Int64) -> Int {
            let target = heap[0].index
            heap[0].load = BalanceAnalysis.saturatingAdd(heap[0].load, time)
            siftDown()
            return target
        }

        private static func precedes(_ a: (load: Int64, index: Int), _ b: (load: Int64, index: Int)) -> Bool {
            a.load != b.load ? a.load < b.load : a.index < b.index
        }

        private mutating func siftDown() {
            var i = 0
            let n = heap.count
            while true {
                let left = 2 * i + 1, right = left + 1
                var smallest = i
                if left < n, Self.precedes(heap[left], heap[smallest]) { smallest = left }
                if right < n, Self.precedes(heap[right], heap[smallest]) { smallest = right }
                if smallest == i { return }
                heap.swapAt(i, smallest)
                i = smallest
            }
        }
    }

    /// `indices` longest first; ties by spec path (code point order), then by their order in `jobs`.
    private static func order(_ indices: [Int], in jobs: [Job]) -> [Int] {
        indices.sorted { i, j in
            let a = jobs[i], b = jobs[j]
            if a.executionMs != b.executionMs { return a.executionMs > b.executionMs }
            if a.spec.codePointPrecedes(b.spec) { return true }
            if b.spec.codePointPrecedes(a.spec) { return false }
            return i < j
        }
    }

    /// §10/§11: a machine is late when its first claim is later than the group's earliest claim by
    /// more than twice the lower median of those delays over the group's machines, and by at least 30 s.
    static func lateMachines(_ machines: [MachineSummary], earliestClaim: Timestamp?) -> [Balance.LateMachine] {
        guard let start = earliestClaim ?? machines.map(\.firstClaimedAt).min(), !machines.isEmpty else { return [] }
        let delays = machines.map { $0.firstClaimedAt.milliseconds(since: start) }
        let sorted = delays.sorted()
        let median = sorted[(sorted.count + 1) / 2 - 1]
        let threshold = median.multipliedReportingOverflow(by: 2)
        return zip(machines, delays).compactMap { machine, delay in
            guard !threshold.overflow, delay > threshold.partialValue, delay >= lateFloorMs else { return nil }
            return Balance.LateMachine(machineId: machine.machineId, startDelayMs: delay)
        }
    }

    fileprivate static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int64.max : Int64.min) : sum
    }
}
