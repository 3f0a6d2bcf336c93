import Mustache

/// What `Templates/junit/*.mustache` receive: stored, pre-formatted, sanitised strings (ANSI and
/// XML-forbidden characters removed, not yet escaped: the templates' `{{x}}` escapes). Each type
/// answers swift-mustache through `child(named:)` rather than `Mirror`, which is several times
/// slower and would render a computed property as nothing. An optional element answers `false`
/// when absent, so that a section does not climb the context stack to a namesake of an outer level.
///
/// The variables of each template are listed in a comment at its top.
package struct JUnitDocument: MustacheParent, Sendable {
    /// `<testsuites name>`.
    package var name: String
    /// Root counters, the sums of the suites'. Absent (`rootCounters` false) in the Ant profile,
    /// whose `<testsuites>` has no attributes.
    package var rootCounters: Bool
    package var tests, failures, errors, skipped: String
    /// Sum of the suites' `time`, seconds.
    package var time: String
    /// The rendered `<testsuite>` elements (from `junit/testsuite`), already escaped markup.
    package var suites: String

    package func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "rootCounters": rootCounters
        case "tests": tests
        case "failures": failures
        case "errors": errors
        case "skipped": skipped
        case "time": time
        case "suites": suites
        default: nil
        }
    }
}

/// One `<testsuite>`: one spec run (`junit/testsuite`).
package struct JUnitSuite: MustacheParent, Sendable {
    /// Spec path, plus ` [group]` when the spec ran in several groups; unique in the document.
    package var name: String
    /// Ant only: `package` (the group) and `id` (position from 0). `nil` elsewhere.
    package var package: String?
    package var id: String
    package var tests, failures, errors, skipped: String
    /// Seconds, from the spec's execution time.
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

    package func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "package": orFalse(package)
        case "id": id
        case "tests": tests
        case "failures": failures
        case "errors": errors
        case "skipped": skipped
        case "time": orFalse(time)
        case "timestamp": orFalse(timestamp)
        case "hostname": orFalse(hostname)
        case "file": orFalse(file)
        case "properties": propertiesMarkup
        case "testcases": testcasesMarkup
        case "antStreams": antStreams
        case "systemOut": systemOut
        default: nil
        }
    }
}

/// `<property name value>`.
package struct JUnitProperty: MustacheParent, Sendable {
    package var name: String
    package var value: String

    package func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": value
        default: nil
        }
    }
}

/// One `<testcase>`, written by `junit/testcase` when it has no result element, else by
/// `junit/testcase-result` (a result element, and retries in the standard profile).
package struct JUnitCase: MustacheParent, Sendable {
    package var classname: String
    package var name: String
    /// Seconds; `0.000` when unknown (every schema's consumers read a missing time as 0, Ant requires one).
    package var time: String
    package var results: [JUnitResult]
    /// `results` rendered from `junit/result`, filled in by the renderer.
    package var resultsMarkup = ""
    /// What the case counts as in the suite's counters.
    package var outcome: Outcome

    package enum Outcome: Sendable {
        case passed, failure, error, skipped
    }

    package func child(named name: String) -> Any? {
        switch name {
        case "classname": classname
        case "name": self.name
        case "time": time
        case "results": resultsMarkup
        default: nil
        }
    }
}

/// An element inside a `<testcase>` (`junit/result`): `failure`, `error`, `skipped`, or a
/// Surefire retry element (`flakyFailure`, `rerunFailure`) whose text sits in `<stackTrace>`.
package struct JUnitResult: MustacheParent, Sendable {
    package var element: String
    package var message: String
    /// Absent on Ant's `<skipped>`, which has no `type`.
    package var type: String?
    /// Never empty: Codecov reads an empty `<failure/>` or `<skipped/>` as a pass.
    package var body: String
    /// Retry elements carry their text in `<stackTrace>` (required by Surefire's schema).
    package var stackTrace: Bool

    package func child(named name: String) -> Any? {
        switch name {
        case "element": element
        case "message": message
        case "type": orFalse(type)
        case "body": body
        case "stackTrace": stackTrace
        default: nil
        }
    }
}

/// A present value, or `false` so that an absent one stops a section's lookup at this level.
@inline(__always)
private func orFalse(_ value: String?) -> Any {
    if let value { value } else { false }
}
