/// What several runs say about the subject run's tests and specs (`docs/metrics.md` §7, §11;
/// `summary.json` `history`). Runs are oldest first, the subject last.
package struct HistorySummary: Sendable {
    package var runs: [Run]
    package var tests: [Test]
    package var specs: [Spec]

    package struct Run: Sendable, Equatable {
        package var runId: String
        package var createdAt: Timestamp
        package var status: RunStatus
    }

    /// A test's outcome in one run; `flaky` is a flaky pass.
    package enum Outcome: String, Sendable, Comparable, CaseIterable {
        case pending, skipped, passed, flaky, failed

        /// §11: a key seen twice in a run takes the worst: failed > flaky > passed > skipped > pending.
        var severity: Int {
            switch self {
            case .pending: 0
            case .skipped: 1
            case .passed: 2
            case .flaky: 3
            case .failed: 4
            }
        }

        package static func < (a: Outcome, b: Outcome) -> Bool { a.severity < b.severity }

        /// Ran: passed, flaky or failed.
        var executed: Bool { self == .passed || self == .flaky || self == .failed }
    }

    package enum Transition: String, Sendable, CaseIterable {
        case newFlake = "new-flake"
        case stillFlaky = "still-flaky"
        case fixed
        case newFailure = "new-failure"
        case stillFailing = "still-failing"
    }

    package struct Test: Sendable {
        package var spec: String
        package var title: [String]
        package var executed, passes, failures, flaky: Int
        package var flakyRate, failureRate: Double?
        package var firstSeen, lastSeen: Timestamp?
        /// One per run, `nil` where the test did not appear.
        package var outcomes: [Outcome?]
        package var transition: Transition?
    }

    package struct Spec: Sendable {
        package var spec: String
        package var runs: Int
        package var medianExecutionMs, medianClaimToCompleteMs, latestExecutionMs: Int64?
        /// The subject's execution time over the median of the earlier runs'.
        package var trend: Double?
        /// At least 25 % and 1 s slower than the median of the earlier runs (`trend` ≥ 1.25 and
        /// the difference ≥ 1,000 ms).
        package var markedlySlower: Bool
        /// Execution times per run (nil where absent), oldest first: for sparklines.
        package var executions: [Int64?]
    }
}
