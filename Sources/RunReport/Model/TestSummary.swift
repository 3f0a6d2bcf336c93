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
    /// The test's error group (`ErrorGroup.fingerprint`) when it failed or was flaky.
    package var fingerprint: String? = nil
    /// The test's source (`body`) when it failed or was flaky and the data has it; the HTML shows it.
    package var body: String? = nil
    /// The error of the last failed attempt that recorded one: the attempt `error` comes from
    /// (unless the API gave a `displayError`), with its code frame.
    package var failedAttemptError: AttemptSummary.ErrorDetail? {
        attemptDetails.last { $0.state == .failed && $0.error != nil }?.error
    }

    /// `spec:line` where the failure's code frame lies in the spec itself, else the spec path.
    package var specLine: String {
        guard let e = failedAttemptError, let line = e.line, e.file == spec else { return spec }
        return "\(spec):\(line)"
    }

    /// The test's screenshots and attachments (`docs/metrics.md` §14), by attempt then as listed.
    package var artifacts: [Artifact] = []

    /// Every attempt in order, for the reports that show retries (not part of `summary.json`).
    package var attemptDetails: [AttemptSummary]
}
