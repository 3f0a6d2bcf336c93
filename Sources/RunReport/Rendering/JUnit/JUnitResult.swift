/// An element inside a `<testcase>` (`junit/result`): `failure`, `error`, `skipped`, or a
/// Surefire retry element (`flakyFailure`, `rerunFailure`) whose text sits in `<stackTrace>`.
package struct JUnitResult: CompiledContext, Sendable {
    package var element: String
    package var message: String
    /// Absent on Ant's `<skipped>`, which has no `type`.
    package var type: String?
    /// Never empty: Codecov reads an empty `<failure/>` or `<skipped/>` as a pass.
    package var body: String
    /// Retry elements carry their text in `<stackTrace>` (required by Surefire's schema).
    package var stackTrace: Bool

    package static let variables: [CompiledVariable<Self>] = [
        .text("element") { $0.element },
        .text("message") { $0.message },
        .text("type") { $0.type },
        .text("body") { $0.body },
        .flag("stackTrace") { $0.stackTrace },
    ]
}
