import Foundation
import Testing

@testable import RunReport

/// The CSV export (`--format csv`): parsed by Python's csv module and compared field by field with
/// `summary.json` (`scripts/check_csv.py`), for every fixture and through the binary.
@Suite struct CSVTests {
    static let checker = Fixtures.packageRoot.appendingPathComponent("scripts/check_csv.py").path

    /// Runs the checker on a report directory; its output when it finds a problem.
    static func check(_ directory: URL) throws -> (ok: Bool, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", checker, directory.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, output)
    }

    @Test(arguments: Fixtures.all)
    func everyFixtureAgreesWithSummaryJSON(fixture: String) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Fixtures.summary(fixture)
        let files = CSVRenderer.render(s) + [OutputFile(name: "summary.json", bytes: SummaryJSONRenderer.render(s))]
        for file in files { try Data(file.bytes).write(to: dir.appendingPathComponent(file.name)) }
        let r = try Self.check(dir)
        #expect(r.ok, "\(fixture): \(r.output)")
    }

    /// The checker can fail: a formula left as it came, and a changed cell, are both caught.
    @Test func theCheckerCatchesAFormulaAndAWrongCell() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var s = try Fixtures.summary("real-flaky-c7068a4d")
        s.tests[0].title = ["=1+1"]
        for file in CSVRenderer.render(s) + [OutputFile(name: "summary.json", bytes: SummaryJSONRenderer.render(s))] {
            try Data(file.bytes).write(to: dir.appendingPathComponent(file.name))
        }
        #expect(try Self.check(dir).ok)
        let tests = dir.appendingPathComponent("tests.csv")
        let good = try String(contentsOf: tests, encoding: .utf8)
        #expect(good.contains(",'=1+1,"))
        try good.replacingOccurrences(of: ",'=1+1,", with: ",=1+1,").write(to: tests, atomically: true, encoding: .utf8)
        let formula = try Self.check(dir)
        #expect(!formula.ok && formula.output.contains("begins with a formula character"), "\(formula.output)")
        try good.replacingOccurrences(of: "passed", with: "failed").write(to: tests, atomically: true, encoding: .utf8)
        #expect(!(try Self.check(dir).ok))
    }

    @Test func quotingAndFormulaNeutralisation() {
        var w = CSVWriter(header: ["a", "b"])
        w.text("=HYPERLINK(\"http://x\",\"y\")")
        w.text("plain")
        w.endRow()
        w.text("-2+3")
        w.text("line\r\nbreak, \"quoted\"")
        w.endRow()
        w.text("@SUM(A1)")
        w.text("\tindent")
        w.endRow()
        w.text(nil)
        w.number(-5 as Int)
        w.endRow()
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(
            text
                == "a,b\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",plain\r\n'-2+3,\"line\r\nbreak, \"\"quoted\"\"\"\r\n'@SUM(A1),'\tindent\r\n,-5\r\n"
        )
    }

    @Test func theBinaryWritesTheThreeFilesOnlyWhenAsked() throws {
        let cli = CLITests()
        try cli.withTemporaryDirectory { dir in
            let plain = dir.appendingPathComponent("plain")
            let r = try cli.run(["report", Fixtures.path("real-flaky-c7068a4d"), "--out", plain.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: plain.appendingPathComponent("tests.csv").path))
            let out = dir.appendingPathComponent("csv")
            let c = try cli.run(["report", Fixtures.path("real-flaky-c7068a4d"), "--out", out.path, "--format", "summary-json,csv"])
            #expect(c.status == 0, "\(c.stderr)")
            for name in ["tests.csv", "specs.csv", "errors.csv"] { #expect(c.stdout.contains("wrote \(out.path)/\(name)"), "\(name)") }
            let check = try Self.check(out)
            #expect(check.ok, "\(check.output)")
            // The real run: 8 tests, 5 specs, 2 error groups (ErrorGroupTests checks them against the data).
            #expect(check.output.contains("15 rows agree"), "\(check.output)")
        }
    }
}
