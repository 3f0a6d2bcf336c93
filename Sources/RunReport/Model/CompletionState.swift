/// A run's `completionState` (`docs/metrics.md` §3). Known values are read case-insensitively, with the
/// British `CANCELLED` read as `CANCELED`; any other value is kept exactly as it came (`other`).
package enum CompletionState: Sendable, Hashable, CustomStringConvertible {
    case inProgress, complete, canceled, timeout
    case other(String)

    package static let known: [CompletionState] = [.inProgress, .complete, .canceled, .timeout]

    package init(reading text: String) {
        switch text.uppercased() {
        case "IN_PROGRESS": self = .inProgress
        case "COMPLETE": self = .complete
        case "CANCELED", "CANCELLED": self = .canceled
        case "TIMEOUT": self = .timeout
        default: self = .other(text)
        }
    }

    /// The value as `summary.json` and every report spell it: known ones upper-case.
    package var description: String {
        switch self {
        case .inProgress: "IN_PROGRESS"
        case .complete: "COMPLETE"
        case .canceled: "CANCELED"
        case .timeout: "TIMEOUT"
        case .other(let text): text
        }
    }
}
