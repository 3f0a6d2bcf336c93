/// GitHub Actions workflow commands for a run (`--github`): `::error` for each failed test and each
/// spec that did not pass without a failed test to show for it, `::warning` for each flaky test.
///
/// Data is encoded as the runner expects (`%` `\r` `\n` always, and `:` `,` in properties), so a test
/// title cannot end the command and start another. GitHub shows at most 10 annotations of a kind
/// per step and 50 per job, so at most ``limit`` of each are printed, then a `::notice` with the rest.
package enum GitHubAnnotations {
    package static let limit = 50

    package static func workflowCommands(_ summary: Summary) -> String {
        var errors: [String] = []
        var warnings: [String] = []
        for test in summary.tests {
            let title = test.title.joined(separator: " › ")
            // The line and column of the failure, when its code frame lies in the spec itself.
            let frame = test.failedAttemptError.flatMap { $0.file == test.spec ? $0 : nil }
            if test.state == .failed {
                let message = test.error.map { "\(title)\n\($0)" } ?? title
                errors.append(
                    command("error", file: test.spec, line: frame?.line, column: frame?.column, title: "Failed: \(title)", message: message)
                )
            } else if test.flaky {
                let message = "passed after \(test.attempts) attempts" + (test.error.map { "; the failed attempt: \($0)" } ?? "")
                warnings.append(
                    command(
                        "warning", file: test.spec, line: frame?.line, column: frame?.column, title: "Flaky: \(title)", message: message))
            }
        }
        // A spec that was never claimed or was cancelled is not an error of the code under test.
        for spec in summary.specsNotPassingWithoutFailedTest {
            let reason: String
            switch spec.state {
            case .passed, .completed, .pending, .cancelled: continue
            case .failed: reason = spec.exception.map { "failed: \($0)" } ?? "failed"
            case .running: reason = "never completed"
            case .timedOut: reason = "did not complete before the run timed out"
            }
            errors.append(command("error", file: spec.spec, title: "Spec \(spec.state.rawValue)", message: "\(spec.spec) \(reason)"))
        }
        var out = ""
        for line in errors.prefix(limit) { out += line }
        for line in warnings.prefix(limit) { out += line }
        let hidden = max(0, errors.count - limit) + max(0, warnings.count - limit)
        if hidden > 0 {
            out += "::notice title=runreport::\(hidden) more annotations are not shown; see the HTML report.\n"
        }
        return out
    }

    private static func command(
        _ kind: String, file: String, line: Int? = nil, column: Int? = nil, title: String, message: String
    ) -> String {
        var properties = "file=\(property(file))"
        if let line {
            properties += ",line=\(line)"
            if let column { properties += ",col=\(column)" }
        }
        return "::\(kind) \(properties),title=\(property(title))::\(data(message))\n"
    }

    /// The runner's escaping of a command's message; a zero-width space after every `@` and every
    /// `#` before a digit, as in the Markdown (no mention, no issue link from a test title).
    static func data(_ text: String) -> String {
        var out = ""
        let scalars = Array(Format.terminalSafe(text, keepingNewlines: true).unicodeScalars)
        for (i, s) in scalars.enumerated() {
            switch s {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default:
                out.unicodeScalars.append(s)
                if TextSanitizer.opensMention(scalars, at: i) { out.unicodeScalars.append("\u{200B}") }
            }
        }
        return out
    }

    /// The runner's escaping of a command's property value.
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
