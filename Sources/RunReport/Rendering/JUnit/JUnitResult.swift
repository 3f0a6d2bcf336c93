/// An element inside a `<testcase>` (`junit/result`): `failure`, `error`, `skipped`, or a
/// Surefire retry element (`flakyFailure`, `rerunFailure`) whose text sits in `<stackTrace>`.
package struct JUnitResult: CompiledContext, Sendable {
    package var element: Element
    package var message: String
    /// Absent on Ant's `<skipped>`, which has no `type`.
    package var type: String?
    /// Never empty: Codecov reads an empty `<failure/>` or `<skipped/>` as a pass.
    package var body: String

    /// The element's name.
    package enum Element: String, Sendable {
        case failure, error, skipped, flakyFailure, rerunFailure

        /// Surefire's retry elements, which carry their text in `<stackTrace>` (its schema requires it).
        var isRetry: Bool { self == .flakyFailure || self == .rerunFailure }
    }

    package static let variables: [CompiledVariable<Self>] = [
        .text("element") { $0.element.rawValue },
        .text("message") { $0.message },
        .text("type") { $0.type },
        .text("body") { $0.body },
        .flag("stackTrace") { $0.element.isRetry },
    ]
}
