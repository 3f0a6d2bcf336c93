/// The report formats; raw values are the `--format` words.
package enum OutputFormat: String, Sendable, CaseIterable {
    case summaryJSON = "summary-json"
    case html
    case junit
    case markdown
    /// Spreadsheets: `tests.csv`, `specs.csv`, `errors.csv`. Not written unless asked.
    case csv

    /// What `report` writes when no `--format` is given.
    package static let defaults: [OutputFormat] = [.summaryJSON, .html, .junit, .markdown]

    /// The files each format writes into the output directory.
    package var fileNames: [String] {
        switch self {
        case .summaryJSON: ["summary.json"]
        case .html: ["index.html"]
        case .junit: ["junit.xml"]
        case .markdown: ["summary.md"]
        case .csv: CSVRenderer.fileNames
        }
    }
}
