/// One `<testcase>`, written by `junit/testcase` when it has no result element, else by
/// `junit/testcase-result` (a result element, and retries in the standard profile).
package struct JUnitCase: CompiledContext, Sendable {
    package var classname: String
    package var name: String
    /// Seconds; `0.000` when unknown (every schema's consumers read a missing time as 0, Ant requires one).
    package var time: String
    package var results: [JUnitResult]
    /// `results` rendered from `junit/result`, filled in by the renderer.
    package var resultsMarkup = ""
    /// `[[ATTACHMENT|artifacts/…]]` lines (GitLab, Jenkins' attachments plugin) for the saved
    /// artifacts, written as the case's `<system-out>`; empty for none.
    package var systemOut = ""
    /// What the case counts as in the suite's counters.
    package var outcome: Outcome

    package enum Outcome: Sendable {
        case passed, failure, error, skipped
    }

    package static let variables: [CompiledVariable<Self>] = [
        .text("classname") { $0.classname },
        .text("name") { $0.name },
        .text("time") { $0.time },
        .text("results") { $0.resultsMarkup },
    ]
}
