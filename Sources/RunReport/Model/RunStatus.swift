/// A run's `status` (`docs/metrics.md` §3). Known values are read case-insensitively; any other value is
/// kept exactly as it came (`other`), so that a report shows what the API said.
package enum RunStatus: Sendable, Hashable, CustomStringConvertible {
    case running, failing, failed, passed
    case other(String)

    package static let known: [RunStatus] = [.running, .failing, .failed, .passed]

    package init(reading text: String) {
        switch text.uppercased() {
        case "RUNNING": self = .running
        case "FAILING": self = .failing
        case "FAILED": self = .failed
        case "PASSED": self = .passed
        default: self = .other(text)
        }
    }

    /// The value as `summary.json` and every report spell it: known ones upper-case.
    package var description: String {
        switch self {
        case .running: "RUNNING"
        case .failing: "FAILING"
        case .failed: "FAILED"
        case .passed: "PASSED"
        case .other(let text): text
        }
    }

    /// Failed, or failing while still running.
    package var hasFailure: Bool { self == .failed || self == .failing }
}

extension RunStatus {
    /// How the status reads at a glance. The reports give each its own colour, icon or class; this
    /// is the one place that decides which statuses count as which.
    package enum Verdict: Sendable {
        case passed, failed, running, unknown
    }

    package var verdict: Verdict {
        switch self {
        case .passed: .passed
        case .failed, .failing: .failed
        case .running: .running
        case .other: .unknown
        }
    }
}
