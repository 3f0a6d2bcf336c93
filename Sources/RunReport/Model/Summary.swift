/// Every figure of one run, as `summary.json` lays it out (`summary-json.md`) and as every other
/// report reads it: the single result of analysis. Optional means "the data does not allow it".
package struct Summary: Sendable {
    package var generatorVersion: String
    package var run: RunInfo
    package var totals: Totals
    package var groups: [GroupSummary]
    package var specs: [SpecSummary]
    package var tests: [TestSummary]
    package var warnings: [ReportWarning]
    /// Set when several runs were reported; this summary is then the newest run's.
    package var history: HistorySummary? = nil
}

package struct RunInfo: Sendable {
    package var runId: String
    package var projectId: String?
    package var createdAt: Timestamp?
    package var tags: [String]?
    package var cypressVersion: String?
    package var status: RunStatus
    package var statusDerived: Bool
    package var completionState: CompletionState
    package var completionStateDerived: Bool
    package var isTimeout: Bool?
    package var timeoutValueMs: Int?
    package var cancellation: Cancellation?
    package var ciBuildId: String?
    package var commit: Commit
    package var dashboardURL: String

    package struct Cancellation: Sendable {
        package var actor: String?
        package var canceledAt: Timestamp?
        package var reason: String?
    }

    package struct Commit: Sendable {
        package var sha, branch, authorName, authorEmail, message, remoteOrigin, defaultBranch: String?
    }
}

package struct InstanceCounts: Sendable, Equatable {
    package var overall, claimed, complete, passes, failures: Int?
}

package struct TestCounts: Sendable, Equatable {
    package var overall, passes, failures, pending, skipped, retries, flaky: Int?
}

/// The four rates of `metrics.md` §2, as fractions.
package struct Rates: Sendable, Equatable {
    package var passRate, failureRate, flakyRate, specFailureRate: Double?
}

/// `count, sumMs, meanMs, p50Ms, p90Ms, p95Ms, maxMs` (`metrics.md` §5).
package struct DurationStats: Sendable, Equatable {
    package var count: Int
    package var sumMs, meanMs, p50Ms, p90Ms, p95Ms, maxMs: Int64?
}

/// The figures a run and each of its groups both have (`metrics.md` §1, §2, §5): the run's
/// `totals`, and the first part of every `GroupSummary`.
package struct Totals: Sendable {
    package var instances: InstanceCounts
    package var tests: TestCounts
    package var rates: Rates
    package var claimToComplete: DurationStats
    package var execution: DurationStats
    package var wallMs: Int64?
}


/// One group's figures: those a run has too (`figures`, read through as `group.tests` and so on),
/// then what only a group has.
@dynamicMemberLookup
package struct GroupSummary: Sendable {
    package var groupId: String
    package var platform: Platform
    package var figures: Totals
    package var startDelayMs: Int64?
    package var parallelEfficiency: Double?
    package var criticalMachineId: String?
    package var tailMs: Int64?
    package var machines: [MachineSummary]
    package var fromInstances: FromInstances?
    /// Load-balancing figures (`metrics.md` §10); `nil` when no spec of the group has an execution time.
    package var balance: Balance? = nil

    package subscript<Value>(dynamicMember path: KeyPath<Totals, Value>) -> Value { figures[keyPath: path] }

    /// Test counts of a group as its instances tell them (`metrics.md` §6).
    package struct FromInstances: Sendable, Equatable {
        package var passes, failures, pending, skipped, flaky, retryAttempts: Int
    }
}

package struct MachineSummary: Sendable, Equatable {
    package var machineId: String
    package var specs: Int
    package var busyMs: Int64
    package var idleMs: Int64
    package var utilization: Double?
    package var firstClaimedAt: Timestamp
    package var lastCompletedAt: Timestamp
}

package struct SpecSummary: Sendable {
    package var groupId: String?
    package var spec: String
    package var instanceId: String?
    package var machineId: String?
    package var state: SpecState
    package var claimedAt: Timestamp?
    package var completedAt: Timestamp?
    package var claimToCompleteMs: Int64?
    package var executionMs: Int64?
    package var overheadMs: Int64?
    /// `completedAt` before `claimedAt`: bad data, left out of every timing figure (`metrics.md`
    /// §4) and off the timeline.
    package var hasNegativeDuration: Bool
    package var tests: SpecTests?
    /// When execution started (`results.stats.wallClockStartedAt`), for JUnit timestamps.
    package var executionStartedAt: Timestamp?
    /// `results.exception`: the spec could not run. ANSI sequences removed.
    package var exception: String?
    /// The instance listed its tests: the test-level reports have something to show for this spec.
    package var hasTestData: Bool

    package struct SpecTests: Sendable, Equatable {
        package var overall, passes, failures, pending, skipped, flaky: Int?
    }
}

package struct TestSummary: Sendable {
    package var groupId: String?
    package var spec: String
    package var instanceId: String?
    package var title: [String]
    /// The API's final state, known states read case-insensitively, or whatever else it sent.
    package var state: TestState?
    package var attempts: Int
    package var flaky: Bool
    package var retries: Int
    package var durationMs: Int64?
    /// `Name: message`, ANSI sequences removed.
    package var error: String?
    /// Every attempt in order, for the reports that show retries (not part of `summary.json`).
    package var attemptDetails: [AttemptSummary]
}

/// One attempt of a test. Text has its ANSI sequences removed; nothing else is changed.
package struct AttemptSummary: Sendable {
    /// The attempt's state, known states read case-insensitively, or whatever else it sent.
    package var state: TestState?
    package var startedAt: Timestamp?
    package var durationMs: Int64?
    package var error: ErrorDetail?

    package struct ErrorDetail: Sendable {
        package var name: String?
        package var message: String?
        package var stack: String?
        /// The source lines around the failure, as Cypress recorded them.
        package var codeFrame: String?
        /// `file:line:column` of the code frame, when known.
        package var location: String?

        /// `Name: message`, or whichever of the two exists.
        package var headline: String? {
            switch (name, message) {
            case (let n?, let m?): "\(n): \(m)"
            case (let n?, nil): n
            case (nil, let m?): m
            case (nil, nil): nil
            }
        }
    }
}
