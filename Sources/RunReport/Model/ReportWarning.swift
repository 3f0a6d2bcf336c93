/// A data oddity that the report shows instead of failing: a field of the wrong type, a negative
/// duration, counters that disagree (`docs/metrics.md` §4, §6, §9).
package struct ReportWarning: Hashable, Sendable {
    /// A stable, machine-readable kind, e.g. `negative-duration` (`summary.json` `warnings[].code`).
    package var code: Code
    /// One readable sentence naming the file and JSON path or the spec concerned.
    package var message: String
    /// The spec path the warning is about, when it is about one.
    package var spec: String?

    package init(_ code: Code, _ message: String, spec: String? = nil) {
        self.code = code
        self.message = message
        self.spec = spec
    }

    /// The warning kinds; raw values are what `summary.json` carries.
    package enum Code: String, Sendable, CaseIterable {
        case invalidField = "invalid-field"
        case invalidTimestamp = "invalid-timestamp"
        case negativeDuration = "negative-duration"
        case negativeExecution = "negative-execution"
        case unreadableInstance = "unreadable-instance"
        case duplicateInstance = "duplicate-instance"
        case orphanInstance = "orphan-instance"
        case foreignInstance = "foreign-instance"
        case unknownGroup = "unknown-group"
        case countMismatch = "count-mismatch"
        case specCountMismatch = "spec-count-mismatch"
        /// A run `status`, a `completionState` or a test `state` that is none of the known values:
        /// kept as it came, counted as none of the known ones.
        case unknownStatus = "unknown-status"
        case unknownCompletionState = "unknown-completion-state"
        case unknownTestState = "unknown-test-state"
        /// Two specs of the run name the same `instanceId`.
        case sharedInstanceId = "shared-instance-id"
        /// Not one instance was matched to a spec although the run says some spec ran or has tests:
        /// the report has no test-level results at all (``RunAssembler/missingInstanceData(run:filesGiven:)``).
        case noInstanceData = "no-instance-data"
        /// `--baseline-branch` found no run, or a new-failures gate was asked without a baseline.
        case noBaseline = "no-baseline"
        /// `--api-context`: an aggregate endpoint answered with an error; the report has no context.
        case apiContextUnavailable = "api-context-unavailable"
        /// `--artifacts`: an artifact could not be saved (status, redirect, type, size, URL); it stays a link.
        case artifactDownloadFailed = "artifact-download-failed"
        /// `--artifacts-max-mb` was reached: the artifacts not saved stay links.
        case artifactCapReached = "artifact-cap-reached"
    }
}
