/// The spreadsheet export (`--format csv`): `tests.csv`, `specs.csv` and `errors.csv`, one row per
/// entry of `summary.json`'s `tests`, `specs` and `errors`, in the same order, with the same values.
///
/// RFC 4180: UTF-8 without a byte-order mark, CRLF line ends, a header row, every field quoted
/// when it holds a comma, a quote, CR or LF (quotes doubled). An empty field is `null`; times are
/// milliseconds, timestamps ISO 8601 UTC, booleans `true`/`false`, a title path is joined with
/// ` › `. A text field that a spreadsheet would run as a formula — one that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return — gets a leading `'` (OWASP's advice); numbers are written
/// by runreport and never are.
package enum CSVRenderer {
    package static let fileNames = ["tests.csv", "specs.csv", "errors.csv"]

    /// The three files, in `fileNames` order.
    package static func render(_ s: Summary) -> [OutputFile] {
        [
            OutputFile(name: "tests.csv", bytes: tests(s)),
            OutputFile(name: "specs.csv", bytes: specs(s)),
            OutputFile(name: "errors.csv", bytes: errors(s)),
        ]
    }

    /// Each file's columns: a name and how to write the field, in one list (the header and the rows
    /// cannot drift apart).
    static let testColumns: [CSVColumn<TestSummary>] = [
        .text("groupId") { $0.groupId }, .text("spec") { $0.spec }, .text("instanceId") { $0.instanceId },
        .text("title") { $0.title.joined(separator: " › ") }, .text("state") { $0.state?.description },
        .number("attempts") { $0.attempts }, .bool("flaky") { $0.flaky }, .number("retries") { $0.retries },
        .number("durationMs") { $0.durationMs }, .text("error") { $0.error }, .text("fingerprint") { $0.fingerprint },
    ]

    static let specColumns: [CSVColumn<SpecSummary>] = [
        .text("groupId") { $0.groupId }, .text("spec") { $0.spec }, .text("instanceId") { $0.instanceId },
        .text("machineId") { $0.machineId }, .text("state") { $0.state.rawValue }, .timestamp("claimedAt") { $0.claimedAt },
        .timestamp("completedAt") { $0.completedAt }, .number("claimToCompleteMs") { $0.claimToCompleteMs },
        .number("executionMs") { $0.executionMs }, .number("overheadMs") { $0.overheadMs },
        .number("tests") { $0.tests?.overall }, .number("passes") { $0.tests?.passes }, .number("failures") { $0.tests?.failures },
        .number("pending") { $0.tests?.pending }, .number("skipped") { $0.tests?.skipped }, .number("flaky") { $0.tests?.flaky },
    ]

    static let errorColumns: [CSVColumn<ErrorGroup>] = [
        .text("fingerprint") { $0.fingerprint }, .text("key") { $0.key }, .text("example") { $0.example },
        .number("failed") { $0.failed }, .number("flaky") { $0.flaky }, .number("tests") { $0.tests },
        .number("exceptions") { $0.exceptions }, .number("specs") { $0.specs }, .number("groups") { $0.groups },
    ]

    static func tests(_ s: Summary) -> [UInt8] { table(s.tests, testColumns) }
    static func specs(_ s: Summary) -> [UInt8] { table(s.specs, specColumns) }
    static func errors(_ s: Summary) -> [UInt8] { table(s.errors, errorColumns) }

    private static func table<Row>(_ rows: [Row], _ columns: [CSVColumn<Row>]) -> [UInt8] {
        var w = CSVWriter(header: columns.map(\.name))
        for row in rows {
            for column in columns { column.write(&w, row) }
            w.endRow()
        }
        return w.bytes
    }
}
