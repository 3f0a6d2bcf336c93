/// What `Templates/junit/*.mustache` receive: stored, pre-formatted, sanitised strings (ANSI and
/// XML-forbidden characters removed, not yet escaped: the templates' `{{x}}` escapes). Each type
/// lists its variables (`CompiledContext`): compiled templates read them by position, swift-mustache
/// through `child(named:)` rather than `Mirror`, which is several times slower and would render a
/// computed property as nothing. Each object is rendered as the whole context.
///
/// The variables of each template are listed in a comment at its top.
package struct JUnitDocument: CompiledContext, Sendable {
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

    package static let variableNames = ["name", "rootCounters", "tests", "failures", "errors", "skipped", "time", "suites"]

    package func compiledValue(at index: Int) -> CompiledValue {
        switch index {
        case 0: .text(name)
        case 1: .flag(rootCounters)
        case 2: .text(tests)
        case 3: .text(failures)
        case 4: .text(errors)
        case 5: .text(skipped)
        case 6: .text(time)
        case 7: .text(suites)
        default: .absent
        }
    }
}

/// One `<testsuite>`: one spec run (`junit/testsuite`).
package struct JUnitSuite: CompiledContext, Sendable {
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

    package static let variableNames = [
        "name", "package", "id", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname", "file", "properties",
        "testcases", "antStreams", "systemOut",
    ]

    package func compiledValue(at index: Int) -> CompiledValue {
        switch index {
        case 0: .text(name)
        case 1: text(package)
        case 2: .text(id)
        case 3: .text(tests)
        case 4: .text(failures)
        case 5: .text(errors)
        case 6: .text(skipped)
        case 7: text(time)
        case 8: text(timestamp)
        case 9: text(hostname)
        case 10: text(file)
        case 11: .text(propertiesMarkup)
        case 12: .text(testcasesMarkup)
        case 13: .flag(antStreams)
        case 14: .text(systemOut)
        default: .absent
        }
    }
}

/// `<property name value>`.
package struct JUnitProperty: CompiledContext, Sendable {
    package var name: String
    package var value: String

    package static let variableNames = ["name", "value"]

    package func compiledValue(at index: Int) -> CompiledValue {
        switch index {
        case 0: .text(name)
        case 1: .text(value)
        default: .absent
        }
    }
}

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
    /// What the case counts as in the suite's counters.
    package var outcome: Outcome

    package enum Outcome: Sendable {
        case passed, failure, error, skipped
    }

    package static let variableNames = ["classname", "name", "time", "results"]

    package func compiledValue(at index: Int) -> CompiledValue {
        switch index {
        case 0: .text(classname)
        case 1: .text(name)
        case 2: .text(time)
        case 3: .text(resultsMarkup)
        default: .absent
        }
    }
}

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

    package static let variableNames = ["element", "message", "type", "body", "stackTrace"]

    package func compiledValue(at index: Int) -> CompiledValue {
        switch index {
        case 0: .text(element)
        case 1: .text(message)
        case 2: text(type)
        case 3: .text(body)
        case 4: .flag(stackTrace)
        default: .absent
        }
    }
}

/// A present string, or `.absent`.
@inline(__always)
private func text(_ value: String?) -> CompiledValue {
    if let value { .text(value) } else { .absent }
}
