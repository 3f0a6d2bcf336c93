/// The subject compared with one baseline run (`docs/metrics.md` §13; `summary.json` `comparison`):
/// which failures and flakes are new, which were already there, which went away, and which specs
/// became markedly slower.
package struct Comparison: Sendable {
    package var baseline: Baseline
    /// Every test failed or flaky in either run, by change (in `Change` order), spec path, title path.
    package var tests: [Test]
    /// Every spec with an execution time in both runs, by path.
    package var specs: [Spec]

    /// The baseline run's identity, as the reports name it.
    package struct Baseline: Sendable {
        package var runId: String
        package var createdAt: Timestamp?
        package var branch: String?
        package var sha: String?
        package var status: RunStatus
        /// The baseline's dashboard page, for the HTML (not part of `summary.json`).
        package var dashboardURL: String?
    }

    /// §13, in its order.
    package enum Change: String, Sendable, CaseIterable, Comparable {
        case newFailure = "new-failure"
        case existingFailure = "existing-failure"
        case resolvedFailure = "resolved-failure"
        case newFlake = "new-flake"
        case existingFlake = "existing-flake"
        case resolvedFlake = "resolved-flake"
        case notRun = "not-run"

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        package static func < (a: Change, b: Change) -> Bool { a.rank < b.rank }

        /// A failure or flake of the subject that the baseline did not have.
        package var isNew: Bool { self == .newFailure || self == .newFlake }
    }

    package struct Test: Sendable {
        package var spec: String
        package var title: [String]
        package var now: HistorySummary.Outcome?
        package var baseline: HistorySummary.Outcome?
        package var change: Change
    }

    package struct Spec: Sendable {
        package var spec: String
        package var executionMs: Int64
        package var baselineExecutionMs: Int64
        /// now / baseline; nil when the baseline's time is 0.
        package var ratio: Double?
        package var markedlySlower: Bool
    }

    package func count(_ change: Change) -> Int { tests.reduce(0) { $0 + ($1.change == change ? 1 : 0) } }

    /// The change of the subject's test (spec path, title path), if it failed or was flaky in either run.
    package func change(spec: String, title: [String]) -> Change? { index[Key(spec: spec, title: title)] }

    private struct Key: Hashable, Sendable {
        var spec: String
        var title: [String]
    }

    private var index: [Key: Change] = [:]

    package init(baseline: Baseline, tests: [Test], specs: [Spec]) {
        self.baseline = baseline
        self.tests = tests
        self.specs = specs
        for t in tests { index[Key(spec: t.spec, title: t.title)] = t.change }
    }
}
