/// The state of a test or of one attempt (`docs/metrics.md` §6). Known values are read
/// case-insensitively; any other value is kept exactly as it came (`other`).
package enum TestState: Sendable, Hashable, CustomStringConvertible {
    case passed, failed, pending, skipped
    case other(String)

    package static let known: [TestState] = [.passed, .failed, .pending, .skipped]

    package init(reading text: String) {
        // The common, already lower-case spelling costs no allocation.
        if let state = Self.lowerCase(text) {
            self = state
        } else {
            self = Self.lowerCase(text.lowercased()) ?? .other(text)
        }
    }

    private static func lowerCase(_ text: String) -> TestState? {
        switch text {
        case "passed": .passed
        case "failed": .failed
        case "pending": .pending
        case "skipped": .skipped
        default: nil
        }
    }

    /// The value as `summary.json` and every report spell it: known ones lower-case.
    package var description: String {
        switch self {
        case .passed: "passed"
        case .failed: "failed"
        case .pending: "pending"
        case .skipped: "skipped"
        case .other(let text): text
        }
    }
}
