/// History across runs (`docs/metrics.md` §7, §11): from a digest of each run, the per-test outcomes,
/// counts, rates and transitions of the subject run (the newest), and per-spec medians and trends.
package enum HistoryAnalysis {
    /// What history needs of one run; the full analysis of a history run is dropped after this.
    package struct Digest: Sendable {
        package var runId: String
        package var createdAt: Timestamp
        package var status: RunStatus
        /// Spec path → (largest executionMs, largest claimToCompleteMs) over its listings (§11).
        package var specs: [String: (execution: Int64?, claimToComplete: Int64?)]
        /// (spec, title path) → the worst outcome in the run (§11).
        package var tests: [TestKey: HistorySummary.Outcome]
    }

    /// A test across runs: its spec path and title path (§11).
    package struct TestKey: Hashable, Sendable {
        package var spec: String { storage.spec }
        package var title: [String] { storage.title }
        /// One reference, hashed once when made: a history copies and looks up each key once per
        /// run, and hashing a spec path and a title path each time (and retaining both on every
        /// copy) was most of the cost of 30 runs of 20,000 tests.
        private let storage: Storage

        private final class Storage: Sendable {
            let spec: String
            let title: [String]
            let hash: Int

            init(spec: String, title: [String]) {
                self.spec = spec
                self.title = title
                var hasher = Hasher()
                hasher.combine(spec)
                hasher.combine(title)
                hash = hasher.finalize()
            }
        }

        package init(spec: String, title: [String]) {
            storage = Storage(spec: spec, title: title)
        }

        package static func == (a: TestKey, b: TestKey) -> Bool {
            a.storage === b.storage || (a.storage.hash == b.storage.hash && a.spec == b.spec && a.title == b.title)
        }

        package func hash(into hasher: inout Hasher) { hasher.combine(storage.hash) }
    }

    /// Why several runs cannot be reported together.
    package struct HistoryError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Collects analysed runs one at a time, keeping the newest in full and the others as digests,
    /// then gives the newest with its history (§7, §11).
    package struct Accumulator {
        private var subject: Summary?
        private var digests: [Digest] = []
        private var count = 0

        package init() {}

        /// `name` names the run's file in errors.
        package mutating func add(_ summary: Summary, name: String) throws(HistoryError) {
            count += 1
            guard let createdAt = summary.run.createdAt else {
                throw HistoryError(
                    description: "\(name): the run has no valid createdAt; the runs of a history are ordered by it, so each needs one.")
            }
            digests.append(HistoryAnalysis.digest(summary, createdAt: createdAt))
            if let current = subject, let currentCreated = current.run.createdAt {
                let newer =
                    createdAt != currentCreated ? currentCreated < createdAt : current.run.runId.codePointPrecedes(summary.run.runId)
                if newer { subject = summary }
            } else {
                subject = summary
            }
        }

        /// The newest run with `history` set (several runs), or the only run as it is.
        package func finish() throws(HistoryError) -> Summary {
            guard var newest = subject else { throw HistoryError(description: "no run to report on") }
            if count > 1 { newest.history = try HistoryAnalysis.compute(digests) }
            return newest
        }
    }

    /// The digest of an analysed run; `nil` createdAt is refused by the caller (§11).
    package static func digest(_ s: Summary, createdAt: Timestamp) -> Digest {
        // Analysis already left negative times out (null, with a warning: §4).
        var digest = Digest(runId: s.run.runId, createdAt: createdAt, status: s.run.status, specs: [:], tests: [:])
        for spec in s.specs { digest.merge(spec: spec.spec, executionMs: spec.executionMs, claimToCompleteMs: spec.claimToCompleteMs) }
        for test in s.tests {
            guard let outcome = outcome(of: test) else { continue }
            digest.merge(test: TestKey(spec: test.spec, title: test.title), outcome: outcome)
        }
        return digest
    }

    /// Spec path → (largest executionMs, largest claimToCompleteMs) over its listings (§11).
    static func specTimes(_ s: Summary) -> [String: (execution: Int64?, claimToComplete: Int64?)] {
        var digest = Digest(
            runId: s.run.runId, createdAt: Timestamp(millisecondsSinceEpoch: 0), status: s.run.status, specs: [:], tests: [:])
        for spec in s.specs { digest.merge(spec: spec.spec, executionMs: spec.executionMs, claimToCompleteMs: spec.claimToCompleteMs) }
        return digest.specs
    }

    static func outcome(of test: TestSummary) -> HistorySummary.Outcome? {
        if test.flaky { return .flaky }
        switch test.state {
        case .passed?: return .passed
        case .failed?: return .failed
        case .pending?: return .pending
        case .skipped?: return .skipped
        case .other?, nil: return nil
        }
    }

    /// Orders the runs (createdAt, then runId), refuses a repeated runId, and computes the history
    /// of the newest.
    package static func compute(_ digests: [Digest]) throws(HistoryError) -> HistorySummary {
        let runs = digests.sorted { a, b in
            a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.runId.codePointPrecedes(b.runId)
        }
        var columns = Columns(capacity: runs.count)
        for run in runs { columns.append(run) }
        return try compute(columns)
    }

    /// The history of the last run of `columns` (its runs in order, oldest first).
    package static func compute(_ columns: Columns) throws(HistoryError) -> HistorySummary {
        let runs = columns.runs
        for (a, b) in zip(runs, runs.dropFirst()) where a.runId == b.runId {
            throw HistoryError(description: "run \(JSONKind.name(a.runId)) is given twice; each run may appear once in a history.")
        }
        let n = runs.count

        // Tests: every key seen in any run, by spec path, then title path.
        let keys = columns.keys
        let order = keys.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.spec != b.spec { return a.spec.codePointPrecedes(b.spec) }
            return a.title.lexicographicallyPrecedes(b.title) { $0.codePointPrecedes($1) }
        }
        // Each test's figures depend on its row alone, so they are computed on every core.
        let tests = Analyzer.parallelMap(order) { k -> HistorySummary.Test in
            let key = keys[k]
            let outcomes = columns.outcomes(ofRow: k)
            var executed = 0, passes = 0, failures = 0, flaky = 0
            var first: Timestamp?, last: Timestamp?
            for (i, o) in outcomes.enumerated() {
                guard let o else { continue }
                if first == nil { first = runs[i].createdAt }
                last = runs[i].createdAt
                if o.executed { executed += 1 }
                switch o {
                case .passed: passes += 1
                case .flaky:
                    passes += 1
                    flaky += 1
                case .failed: failures += 1
                case .pending, .skipped: break
                }
            }
            return HistorySummary.Test(
                spec: key.spec, title: key.title, executed: executed, passes: passes, failures: failures, flaky: flaky,
                flakyRate: passes > 0 ? Double(flaky) / Double(passes) : nil,
                failureRate: executed > 0 ? Double(failures) / Double(executed) : nil,
                firstSeen: first, lastSeen: last, outcomes: outcomes, transition: transition(outcomes))
        }

        // Specs: every path listed by any run, by path.
        let specs = columns.specs.keys.sorted { $0.codePointPrecedes($1) }.map { path -> HistorySummary.Spec in
            let values = columns.times(of: path)
            let executions = values.map { $0?.execution }
            let latest = n > 0 ? executions[n - 1] : nil
            let earlier = executions.dropLast().compactMap { $0 }
            var trend: Double?
            if let latest, earlier.count >= 2, let median = lowerMedian(earlier), median != 0 {
                trend = Double(latest) / Double(median)
            }
            return HistorySummary.Spec(
                spec: path, runs: values.filter { $0 != nil }.count,
                medianExecutionMs: lowerMedian(executions.compactMap { $0 }),
                medianClaimToCompleteMs: lowerMedian(values.compactMap { $0?.claimToComplete }),
                latestExecutionMs: latest, trend: trend, markedlySlower: isMarkedlySlower(trend: trend, latestMs: latest),
                executions: executions)
        }
        return HistorySummary(runs: runs, tests: tests, specs: specs)
    }

    /// The runs of a history side by side, oldest first: per test key and per spec path, its value
    /// in each run. ``compute(_:)-(Columns)`` reads this; a digest adds a column (one dictionary
    /// lookup per test), and the history database fills columns from its rows by their ids, without
    /// a digest in between (issue 15: thirty digests of 20,000 tests cost more than the SQL).
    package struct Columns: Sendable {
        package typealias SpecTimes = (execution: Int64?, claimToComplete: Int64?)
        package private(set) var runs: [HistorySummary.Run] = []
        /// Each key once; `outcomes[k]` is key `k`'s outcome in each run (nil where absent).
        package private(set) var keys: [TestKey] = []
        package private(set) var outcomes: [[HistorySummary.Outcome?]] = []
        package private(set) var specs: [String: [SpecTimes?]] = [:]
        private var index: [TestKey: Int] = [:]
        /// The length of every row: the runs the columns were made for, so that a key first seen
        /// late needs no resizing (a run past it lengthens every row).
        private var capacity: Int

        package init(capacity: Int) { self.capacity = max(0, capacity) }

        /// Starts the next run's column; returns its position.
        package mutating func addRun(_ run: HistorySummary.Run) -> Int {
            if runs.count == capacity {
                capacity += 1
                for k in outcomes.indices { outcomes[k].append(nil) }
                for path in specs.keys { specs[path]?.append(nil) }
            }
            runs.append(run)
            return runs.count - 1
        }

        /// Key `k`'s outcomes, one per run.
        package func outcomes(ofRow k: Int) -> [HistorySummary.Outcome?] {
            outcomes[k].count == runs.count ? outcomes[k] : Array(outcomes[k].prefix(runs.count))
        }

        /// A spec's times, one per run.
        package func times(of path: String) -> [SpecTimes?] {
            guard let row = specs[path] else { return [] }
            return row.count == runs.count ? row : Array(row.prefix(runs.count))
        }

        /// The row of `key`, made when new.
        package mutating func row(of key: TestKey) -> Int {
            if let k = index[key] { return k }
            index[key] = keys.count
            keys.append(key)
            outcomes.append([HistorySummary.Outcome?](repeating: nil, count: capacity))
            return keys.count - 1
        }

        /// Sets a test's outcome in run `run`; a key given twice for one run keeps the worst (§11).
        package mutating func set(_ outcome: HistorySummary.Outcome, row k: Int, run: Int) {
            if let previous = outcomes[k][run], previous >= outcome { return }
            outcomes[k][run] = outcome
        }

        /// Sets a spec's times in run `run`; a path given twice keeps the largest of each (§11).
        package mutating func set(spec path: String, executionMs: Int64?, claimToCompleteMs: Int64?, run: Int) {
            HistoryAnalysis.merge(
                &specs[path, default: [SpecTimes?](repeating: nil, count: capacity)][run], executionMs: executionMs,
                claimToCompleteMs: claimToCompleteMs)
        }

        /// Adds `digest` as the next run.
        package mutating func append(_ digest: Digest) {
            let run = addRun(HistorySummary.Run(runId: digest.runId, createdAt: digest.createdAt, status: digest.status))
            for (path, times) in digest.specs {
                set(spec: path, executionMs: times.execution, claimToCompleteMs: times.claimToComplete, run: run)
            }
            for (key, outcome) in digest.tests { set(outcome, row: row(of: key), run: run) }
        }
    }

    /// A spec listed more than once keeps its largest timings (§11): `times` takes the larger of
    /// each, a known time winning over none.
    package static func merge(
        _ times: inout (execution: Int64?, claimToComplete: Int64?)?, executionMs: Int64?, claimToCompleteMs: Int64?
    ) {
        times = (larger(times?.execution, executionMs), larger(times?.claimToComplete, claimToCompleteMs))
    }

    /// The larger of two optional times; a known one wins over none.
    package static func larger(_ a: Int64?, _ b: Int64?) -> Int64? {
        switch (a, b) {
        case (let x?, let y?): max(x, y)
        case (let x?, nil): x
        case (nil, let y): y
        }
    }

    /// "Markedly slower": at least 25 % and 1 s slower than the median of the earlier runs.
    static func isMarkedlySlower(trend: Double?, latestMs: Int64?) -> Bool {
        guard let trend, let latestMs, trend >= 1.25 else { return false }
        return Double(latestMs) - Double(latestMs) / trend >= 1000
    }

    /// §7: sorted ascending `v[1…n]`, the median is `v[ceil(n/2)]`.
    static func lowerMedian(_ values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[(sorted.count + 1) / 2 - 1]
    }

    /// §10/§11 transitions of the subject's (last) outcome.
    static func transition(_ outcomes: [HistorySummary.Outcome?]) -> HistorySummary.Transition? {
        guard let now = outcomes.last ?? nil else { return nil }
        let earlier = outcomes.dropLast()
        // The previous run where the test ran (pending, skipped and absent runs are passed over).
        let previous = earlier.last { $0?.executed == true } ?? nil
        switch now {
        case .flaky:
            return earlier.contains { $0 == .flaky } ? .stillFlaky : .newFlake
        case .failed:
            return previous == .failed ? .stillFailing : .newFailure
        case .passed:
            return previous == .flaky || previous == .failed ? .fixed : nil
        case .pending, .skipped:
            return nil
        }
    }
}
