/// One `<testsuite>`: one spec run (`junit/testsuite`).
package struct JUnitSuite: CompiledContext, Sendable {
    /// Spec path, plus ` [group]` when the spec ran in several groups; unique in the document.
    package var name: String
    /// Ant only: `package` (the group) and `id` (position from 0). `nil` elsewhere.
    package var package: String?
    package var id: String
    /// Counted from `cases`; `timeMs` is the spec's execution time.
    package var counts: JUnitCounts
    /// Seconds, from the spec's execution time; `nil` when unknown (`0.000` in the Ant profile,
    /// which requires a time).
    package var time: String?
    package var timestamp: String?
    package var hostname: String?
    /// The spec path (not in the Ant profile, whose schema has no `file`).
    package var file: String?
    package var properties: [JUnitProperty]
    package var cases: [JUnitCase]
    /// `properties` and `cases` rendered (from `junit/property` and each case's template), filled in
    /// by the renderer just before the suite renders.
    package var propertiesMarkup = ""
    package var testcasesMarkup = ""
    /// Ant only: the required suite `<system-out>` (notes on retried tests) and `<system-err>`.
    package var antStreams: Bool
    package var systemOut: String

    package static let variables: [CompiledVariable<Self>] = [
        .text("name") { $0.name },
        .text("package") { $0.package },
        .text("id") { $0.id },
        .text("tests") { String($0.counts.tests) },
        .text("failures") { String($0.counts.failures) },
        .text("errors") { String($0.counts.errors) },
        .text("skipped") { String($0.counts.skipped) },
        .text("time") { $0.time },
        .text("timestamp") { $0.timestamp },
        .text("hostname") { $0.hostname },
        .text("file") { $0.file },
        .text("properties") { $0.propertiesMarkup },
        .text("testcases") { $0.testcasesMarkup },
        .flag("antStreams") { $0.antStreams },
        .text("systemOut") { $0.systemOut },
    ]
}
