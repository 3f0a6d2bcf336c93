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
    /// `completedAt` before `claimedAt`: bad data, left out of every timing figure (`docs/metrics.md`
    /// §4) and off the timeline.
    package var hasNegativeDuration: Bool
    package var tests: SpecTests?
    /// When execution started (`results.stats.wallClockStartedAt`), for JUnit timestamps.
    package var executionStartedAt: Timestamp?
    /// `results.exception`: the spec could not run. ANSI sequences removed.
    package var exception: String?
    /// The instance listed its tests: the test-level reports have something to show for this spec.
    package var hasTestData: Bool
    /// The spec's video and its screenshots of no test (`docs/metrics.md` §14).
    package var artifacts = SpecArtifacts()

    package struct SpecTests: Sendable, Equatable {
        package var overall, passes, failures, pending, skipped, flaky: Int?
    }
}
