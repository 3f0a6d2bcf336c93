/// The report formats; raw values are the `--format` words.
package enum OutputFormat: String, Sendable, CaseIterable {
    case summaryJSON = "summary-json"
    case html
    case junit
    case markdown

    /// The file each format writes into the output directory.
    package var fileName: String {
        switch self {
        case .summaryJSON: "summary.json"
        case .html: "index.html"
        case .junit: "junit.xml"
        case .markdown: "summary.md"
        }
    }
}
