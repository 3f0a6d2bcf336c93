import Foundation
import Testing

/// Black-box tests of the `runreport` binary: flags, exit statuses, what it prints and writes.
@Suite struct CLITests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary built beside the test bundle (`swift test` builds it: the test target depends on it).
    static let binary: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("runreport")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/runreport")
    }()

    func run(_ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir)
    }

    @Test func reportsABundleAndWritesEveryReport() throws {
        try withTemporaryDirectory { dir in
            let r = try run(["report", Fixtures.path("real-flaky-c7068a4d"), "--out", dir.path])
            #expect(r.status == 0)
            #expect(r.stdout.contains("run c7068a4d0aa7e75a  FAILED · COMPLETE"))
            #expect(r.stdout.contains("tests    8 · passed 4 · failed 3 · pending 1 · skipped 0 · flaky 1"))
            #expect(r.stdout.contains("rates    pass 57.1 % · failure 42.9 % · flaky 25.0 % · spec failure 60.0 %"))
            #expect(r.stdout.contains("17.8 s ·    41.9 s  cypress/e2e/b.spec.js"))
            #expect(!r.stdout.contains("\u{1B}["))  // not a TTY: no colour
            #expect(r.stderr.isEmpty)
            let written = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            #expect(written == ["index.html", "junit.xml", "summary.json", "summary.md"])  // and no temporary file left behind
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("summary.json"))) as? [String: Any]
            #expect((json?["run"] as? [String: Any])?["runId"] as? String == "c7068a4d0aa7e75a")
        }
    }

    @Test func sameInputSameBytes() throws {
        try withTemporaryDirectory { dir in
            let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
            #expect(try run(["report", Fixtures.path("multi-group"), "--out", a.path, "--quiet"]).status == 0)
            #expect(try run(["report", Fixtures.path("multi-group"), "--out", b.path, "--quiet"]).status == 0)
            let x = try Data(contentsOf: a.appendingPathComponent("summary.json"))
            let y = try Data(contentsOf: b.appendingPathComponent("summary.json"))
            #expect(x == y)
        }
    }

    @Test func runFileWithSeparateInstancesAndStandardInput() throws {
        try withTemporaryDirectory { dir in
            let fixture = Fixtures.path("real-flaky-c7068a4d")
            let viaBundle = dir.appendingPathComponent("bundle"), viaFile = dir.appendingPathComponent("file"),
                viaStdin = dir.appendingPathComponent("stdin")
            #expect(try run(["report", fixture, "--out", viaBundle.path, "--quiet"]).status == 0)
            #expect(
                try run(["report", fixture + "/run.json", "--instances", fixture + "/instances", "--out", viaFile.path, "--quiet"]).status
                    == 0)
            let bytes = try Fixtures.bytes(fixture + "/run.json")
            #expect(
                try run(["report", "-", "--instances", fixture + "/instances", "--out", viaStdin.path, "--quiet"], stdin: bytes).status == 0
            )
            let reference = try Data(contentsOf: viaBundle.appendingPathComponent("summary.json"))
            #expect(try Data(contentsOf: viaFile.appendingPathComponent("summary.json")) == reference)
            #expect(try Data(contentsOf: viaStdin.appendingPathComponent("summary.json")) == reference)
        }
    }

    @Test func badInputExitsOneAndWritesNothing() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("run.json")
            try Data(#"{"runId": "r", "specs": [{"spec": 42}]}"#.utf8).write(to: file)
            let out = dir.appendingPathComponent("out")
            let r = try run(["report", file.path, "--out", out.path])
            #expect(r.status == 1)
            #expect(r.stderr == "Error: \(file.path): specs[0].spec: expected a string, found 42.\n")
            #expect(r.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test func errorEnvelopeIsReportedAsSuch() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("run.json")
            try Data(#"{"status":"FAILED","error":"Run not found"}"#.utf8).write(to: file)
            let r = try run(["report", file.path, "--out", dir.appendingPathComponent("out").path])
            #expect(r.status == 1)
            #expect(r.stderr.contains("holds an API error response, not a run: \"Run not found\""))
        }
    }

    @Test(arguments: [
        ["report"], ["report", "a", "b", "--instances", "x"], ["report", "x", "--format", "pdf"], ["report", "x", "--fail-on", "slow"],
        ["report", "x", "--max-flaky-rate", "5"], ["frobnicate"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let r = try run(arguments)
        #expect(r.status == 2)
        #expect(!r.stderr.isEmpty)
    }

    /// The list and choice options are typed: a value they do not take gets argument-parser's own
    /// message, which names the values they do take.
    @Test(arguments: [
        (
            ["--format", "html,pdf"],
            "The value 'html,pdf' is invalid for '--format <format>'. Please provide one of 'summary-json', 'html', 'junit', 'markdown' or 'csv'."
        ),
        (
            ["--junit-profile", "surefire"],
            "The value 'surefire' is invalid for '--junit-profile <junit-profile>'. Please provide one of 'standard', 'ant' or 'per-attempt'."
        ),
        (
            ["--fail-on", "failed, slow"],
            "The value 'failed, slow' is invalid for '--fail-on <fail-on>'. Please provide one of 'failed', 'flaky', 'incomplete', 'new-failures' or 'new-flakes'."
        ),
    ])
    func badValuesGetTheParsersMessageWithTheAllowedOnes(arguments: [String], message: String) throws {
        let r = try run(["report", Fixtures.path("all-passed"), "--quiet"] + arguments)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: \(message)\n"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// What the lists took before they were typed: commas, spaces and empty words around the values,
    /// a value twice; a repeated option replaces the earlier one.
    @Test func listsTakeCommasAndTheLastRepeatWins() throws {
        try withTemporaryDirectory { dir in
            let r = try run([
                "report", Fixtures.path("all-passed"), "--out", dir.path, "--quiet", "--format", "junit", "--format", " html, html ,",
            ])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["index.html"])
            let gated = try run([
                "report", Fixtures.path("unclaimed"), "--out", dir.path, "--quiet", "--fail-on", "incomplete", "--fail-on", "failed,",
            ])
            #expect(gated.status == 0, "\(gated.stderr)")
        }
    }

    @Test func qualityGatesExitThreeAfterWriting() throws {
        try withTemporaryDirectory { dir in
            let fixture = Fixtures.path("real-flaky-c7068a4d")
            let failed = try run(["report", fixture, "--out", dir.path, "--fail-on", "failed"])
            #expect(failed.status == 3)
            #expect(failed.stdout.contains("gate failed: failed: the run is FAILED with 3 failed test(s) and 3 failed spec(s)"))
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("summary.json").path))

            #expect(try run(["report", fixture, "--out", dir.path, "--fail-on", "flaky", "--quiet"]).status == 3)
            // A flaky rate of exactly 25 % is not above 25 %.
            #expect(try run(["report", fixture, "--out", dir.path, "--max-flaky-rate", "0.25", "--quiet"]).status == 0)
            #expect(try run(["report", fixture, "--out", dir.path, "--max-flaky-rate", "0.2", "--quiet"]).status == 3)
            #expect(try run(["report", fixture, "--out", dir.path, "--max-failure-rate", "0.5", "--quiet"]).status == 0)
            #expect(try run(["report", fixture, "--out", dir.path, "--fail-on", "incomplete", "--quiet"]).status == 0)
            #expect(try run(["report", Fixtures.path("timed-out"), "--out", dir.path, "--fail-on", "incomplete", "--quiet"]).status == 3)
            #expect(
                try run(["report", Fixtures.path("all-passed"), "--out", dir.path, "--fail-on", "failed,flaky,incomplete"]).status == 0)
        }
    }

    @Test func quietPrintsNothingOnSuccess() throws {
        try withTemporaryDirectory { dir in
            let r = try run(["report", Fixtures.path("all-passed"), "--out", dir.path, "--quiet"])
            #expect(r.status == 0)
            #expect(r.stdout.isEmpty && r.stderr.isEmpty)
        }
    }

    @Test func versionAndHelp() throws {
        let version = try run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        let help = try run(["report", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("--fail-on"))
        // The values each typed option takes, however the help is wrapped.
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("(values: summary-json, html, junit, markdown, csv; default: summary-json,html,junit,markdown)"))
        #expect(words.contains("(values: standard, ant, per-attempt; default: standard)"))
        #expect(words.contains("(values: failed, flaky, incomplete, new-failures, new-flakes)"))
    }

    /// `report` is the default subcommand: each way of giving the input, and the options before or
    /// after it, print and write what `runreport report …` does, into the same directory.
    @Test(arguments: [
        [Fixtures.path("real-flaky-c7068a4d")],
        [Fixtures.path("real-flaky-c7068a4d") + "/run.json", "--instances", Fixtures.path("real-flaky-c7068a4d") + "/instances"],
        ["-", "--instances", Fixtures.path("real-flaky-c7068a4d") + "/instances"],
        ["--format", "summary-json,markdown", Fixtures.path("real-flaky-c7068a4d")],
    ])
    func reportIsTheDefaultSubcommand(arguments: [String]) throws {
        try withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out")
            let stdin = arguments.first == "-" ? try Fixtures.bytes(Fixtures.path("real-flaky-c7068a4d") + "/run.json") : nil
            let explicit = try run(["report"] + arguments + ["--out", out.path], stdin: stdin)
            #expect(explicit.status == 0, "\(explicit.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            let reports = try files.map { try Data(contentsOf: out.appendingPathComponent($0)) }
            let implied = try run(arguments + ["--out", out.path], stdin: stdin)
            #expect(implied.status == explicit.status)
            #expect(implied.stdout == explicit.stdout)
            #expect(implied.stderr == explicit.stderr)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == files)
            #expect(try files.map { try Data(contentsOf: out.appendingPathComponent($0)) } == reports)
        }
    }

    @Test func theDefaultSubcommandKeepsExitStatuses() throws {
        try withTemporaryDirectory { dir in
            let fixture = Fixtures.path("real-flaky-c7068a4d")
            #expect(try run([fixture, "--out", dir.path, "--fail-on", "failed", "--quiet"]).status == 3)
            #expect(try run(["--out", dir.path, fixture, "--max-flaky-rate", "0.25", "--quiet"]).status == 0)
            let missing = try run([dir.appendingPathComponent("missing.json").path, "--out", dir.path])
            #expect(missing.status == 1)
            #expect(missing.stderr == "Error: \(dir.path)/missing.json: cannot be read: no such file or directory.\n")
            let badValue = try run([fixture, "--fail-on", "slow"])
            #expect(badValue.status == 2)
            #expect(badValue.stderr.contains("Usage: runreport report [<options>] [<inputs> ...]"))
        }
    }

    /// A first word that is neither a subcommand nor a file is a usage error naming the
    /// subcommands, not "cannot be read"; with `report` spelt out it is a missing file (exit 1).
    @Test func anUnknownWordIsAUsageErrorNamingTheSubcommands() throws {
        try withTemporaryDirectory { dir in
            let r = try run(["fecth", "--run-id", "x"], in: dir)
            #expect(r.status == 2)
            #expect(
                r.stderr.hasPrefix(
                    "Error: 'fecth' is neither a subcommand (report, fetch, runs, cancel, validate-junit, templates, schema, history, help) "
                        + "nor a file or directory.\nUsage: runreport <subcommand>\n"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(try run(["report", "fecth"], in: dir).status == 1)
            // A directory of that name is an input.
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("fecth"), withIntermediateDirectories: true)
            let folder = try run(["fecth", "--quiet"], in: dir)
            #expect(folder.status == 1)
            #expect(folder.stderr.hasPrefix("Error: fecth: is a directory without run.json"), "\(folder.stderr)")
        }
    }

    /// With a default subcommand, the top level keeps its help, version and subcommands.
    @Test func theTopLevelKeepsHelpVersionAndSubcommands() throws {
        let bare = try run([])
        #expect(bare.status == 0)
        #expect(bare.stdout.contains("USAGE: runreport <subcommand>"))
        #expect(bare.stdout.contains("report (default)"))
        #expect(try run(["--help"]).stdout == bare.stdout)
        #expect(try run(["help"]).stdout == bare.stdout)
        #expect(try run(["--version"]).stdout == "0.1.0\n")
        let reportHelp = try run(["report", "--help"])
        #expect(reportHelp.status == 0)
        #expect(try run([Fixtures.path("all-passed"), "--help"]).stdout == reportHelp.stdout)
        #expect(try run(["help", "report"]).stdout == reportHelp.stdout)
        for subcommand in ["fetch", "runs", "cancel", "validate-junit", "templates", "schema"] {
            let help = try run([subcommand, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE: runreport \(subcommand)"), "\(subcommand)")
        }
        let fetch = try run(["fetch"], environment: ["CURRENTS_PROJECT_ID": ""])
        #expect(fetch.status == 2)
        #expect(fetch.stderr.contains("Usage: runreport fetch"))
        #expect(try run(["validate-junit"]).status == 2)
        #expect(try run(["templates", "export"]).status == 2)
    }

    @Test func schemaPrintsTheFileAsTheRepositoryHoldsIt() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Fixtures.packageRoot.appendingPathComponent("Schemas").path)
            .filter { $0.hasSuffix(".schema.json") }.map { String($0.dropLast(".schema.json".count)) }.sorted()
        #expect(onDisk.contains("summary"))
        let list = try run(["schema"])
        #expect(list.status == 0)
        #expect(list.stdout == onDisk.map { $0 + "\n" }.joined())
        let summary = try run(["schema", "summary"])
        #expect(summary.status == 0)
        #expect(summary.stderr.isEmpty)
        let file = try Fixtures.bytes(Fixtures.packageRoot.appendingPathComponent("Schemas/summary.schema.json").path)
        #expect(Array(summary.stdout.utf8) == file)
        let unknown = try run(["schema", "summry"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("Error: The value 'summry' is invalid for '<name>'. Please provide one of "))
        #expect(unknown.stderr.contains("'summary'"))
        #expect(unknown.stdout.isEmpty)
    }

    @Test func hostileStringsCannotReachTheTerminal() throws {
        try withTemporaryDirectory { dir in
            let r = try run(["report", Fixtures.path("hostile-strings"), "--out", dir.path])
            #expect(r.status == 0)
            #expect(!r.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        }
    }

    @Test func defaultOutputDirectoryIsOutput() throws {
        try withTemporaryDirectory { dir in
            let r = try run(["report", Fixtures.path("all-passed"), "--quiet"], in: dir)
            #expect(r.status == 0)
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/summary.json").path))
        }
    }

    /// `script` (util-linux) gives the binary a real pseudo-terminal as standard output.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        try withTemporaryDirectory { dir in
            let command = "\(Self.binary.path) report \(Fixtures.path("real-flaky-c7068a4d")) --out \(dir.path)"
            let coloured = try runScript(command, environment: ["NO_COLOR": ""])
            #expect(coloured.contains("\u{1B}[1;31mFAILED\u{1B}[0m"))
            let plain = try runScript(command, environment: ["NO_COLOR": "1"])
            #expect(plain.contains("FAILED"))
            #expect(!plain.contains("\u{1B}["))
        }
    }

    func runScript(_ command: String, environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qc", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment where !value.isEmpty { env[key] = value }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
