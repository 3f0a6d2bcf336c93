/// One attempt of a test. Text has its ANSI sequences removed; nothing else is changed.
package struct AttemptSummary: Sendable {
    /// The attempt's state, known states read case-insensitively, or whatever else it sent.
    package var state: TestState?
    package var startedAt: Timestamp?
    package var durationMs: Int64?
    package var error: ErrorDetail?
    /// Where the attempt starts in the spec's video (`videoTimestamp`, ms).
    package var videoTimestampMs: Int64? = nil

    package struct ErrorDetail: Sendable {
        package var name: String?
        package var message: String?
        package var stack: String?
        /// The source lines around the failure, as Cypress recorded them.
        package var codeFrame: String?
        /// `file:line:column` of the code frame, when known.
        package var location: String?
        /// The code frame's file (`originalFile`, ANSI removed), line and column, as numbers for
        /// the reports that point at a line (`spec:line`, `--github` annotations).
        package var file: String? = nil
        package var line: Int? = nil
        package var column: Int? = nil

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
