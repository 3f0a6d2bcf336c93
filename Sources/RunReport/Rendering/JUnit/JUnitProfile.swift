/// The JUnit XML dialects `--junit-profile` chooses between (`docs/junit.md`); raw values are
/// the CLI words.
package enum JUnitProfile: String, Sendable, CaseIterable {
    /// Surefire-style retries in the test case (`<flakyFailure>`, `<rerunFailure>`); valid against
    /// Jenkins' `junit-10.xsd`.
    case standard
    /// No retry elements, attempts in properties; valid against the Ant schema (windyroad).
    case ant
    /// One `<testcase>` per attempt, for analytics that detect flakiness from repeats.
    case perAttempt = "per-attempt"

    /// The XSD (in `Schemas/`, carried in the binary) that output of this profile must satisfy.
    package var schemaName: String {
        switch self {
        case .standard, .perAttempt: "jenkins-xunit-junit-10.xsd"
        case .ant: "windyroad-ant-JUnit.xsd"
        }
    }
}
