/// What `Templates/junit/*.mustache` receive: sanitised strings (ANSI and XML-forbidden characters
/// removed, not yet escaped: the templates' `{{x}}` escapes) and counters. Each type lists its
/// variables once (`CompiledContext.variables`), each name with how to read it: compiled templates
/// bind their names to those readers, swift-mustache finds them through `child(named:)` rather than
/// `Mirror`, which is several times slower and would render a computed property as nothing. Each
/// object is rendered as the whole context.
///
/// The variables of each template are listed in a comment at its top.
package struct JUnitDocument: CompiledContext, Sendable {
    /// `<testsuites name>`.
    package var name: String
    /// Root counters, the sums of the suites'. Absent (`rootCounters` false) in the Ant profile,
    /// whose `<testsuites>` has no attributes.
    package var rootCounters: Bool
    package var counts: JUnitCounts
    /// The rendered `<testsuite>` elements (from `junit/testsuite`), already escaped markup.
    package var suites: String

    package static let variables: [CompiledVariable<Self>] = [
        .text("name") { $0.name },
        .flag("rootCounters") { $0.rootCounters },
        .text("tests") { String($0.counts.tests) },
        .text("failures") { String($0.counts.failures) },
        .text("errors") { String($0.counts.errors) },
        .text("skipped") { String($0.counts.skipped) },
        // Sum of the suites' `time`, seconds.
        .text("time") { JUnitText.seconds($0.counts.timeMs) ?? "0.000" },
        .text("suites") { $0.suites },
    ]
}
