/// A rendered report: a file name inside the output directory and its bytes. The pure core produces
/// these; only ``OutputWriter`` touches the disk.
package struct OutputFile: Sendable, Equatable {
    package var name: String
    package var bytes: [UInt8]

    package init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

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
