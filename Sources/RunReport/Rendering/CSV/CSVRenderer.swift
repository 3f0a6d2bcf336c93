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

    static func tests(_ s: Summary) -> [UInt8] {
        var w = CSVWriter(header: [
            "groupId", "spec", "instanceId", "title", "state", "attempts", "flaky", "retries", "durationMs", "error", "fingerprint",
        ])
        for t in s.tests {
            w.text(t.groupId)
            w.text(t.spec)
            w.text(t.instanceId)
            w.text(t.title.joined(separator: " › "))
            w.text(t.state?.description)
            w.number(t.attempts)
            w.bool(t.flaky)
            w.number(t.retries)
            w.number(t.durationMs)
            w.text(t.error)
            w.text(t.fingerprint)
            w.endRow()
        }
        return w.bytes
    }

    static func specs(_ s: Summary) -> [UInt8] {
        var w = CSVWriter(header: [
            "groupId", "spec", "instanceId", "machineId", "state", "claimedAt", "completedAt", "claimToCompleteMs", "executionMs",
            "overheadMs", "tests", "passes", "failures", "pending", "skipped", "flaky",
        ])
        for spec in s.specs {
            w.text(spec.groupId)
            w.text(spec.spec)
            w.text(spec.instanceId)
            w.text(spec.machineId)
            w.text(spec.state.rawValue)
            w.timestamp(spec.claimedAt)
            w.timestamp(spec.completedAt)
            w.number(spec.claimToCompleteMs)
            w.number(spec.executionMs)
            w.number(spec.overheadMs)
            w.number(spec.tests?.overall)
            w.number(spec.tests?.passes)
            w.number(spec.tests?.failures)
            w.number(spec.tests?.pending)
            w.number(spec.tests?.skipped)
            w.number(spec.tests?.flaky)
            w.endRow()
        }
        return w.bytes
    }

    static func errors(_ s: Summary) -> [UInt8] {
        var w = CSVWriter(header: ["fingerprint", "key", "example", "failed", "flaky", "tests", "exceptions", "specs", "groups"])
        for e in s.errors {
            w.text(e.fingerprint)
            w.text(e.key)
            w.text(e.example)
            w.number(e.failed)
            w.number(e.flaky)
            w.number(e.tests)
            w.number(e.exceptions)
            w.number(e.specs)
            w.number(e.groups)
            w.endRow()
        }
        return w.bytes
    }
}
