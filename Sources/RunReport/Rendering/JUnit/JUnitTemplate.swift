/// The templates a JUnit document is rendered with, by their names in `Templates/`.
enum JUnitTemplate: String, CaseIterable, Sendable {
    /// The document: `<testsuites>` around the suites.
    case document = "junit/junit.xml"
    case suite = "junit/testsuite"
    case property = "junit/property"
    /// A case with no result element.
    case passedCase = "junit/testcase"
    /// A case with result elements.
    case resultCase = "junit/testcase-result"
    case result = "junit/result"
}
