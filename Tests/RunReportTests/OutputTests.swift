import Foundation
import Testing

@testable import RunReport

/// Writing the reports is all or nothing: a target that cannot be replaced stops every report
/// before the first rename; a rename that still fails says what was and was not replaced; the same
/// holds for `templates export`, `fetch` and the `$GITHUB_STEP_SUMMARY` append.
@Suite struct OutputTests {
    let cli = CLITests()

    /// What can stand where a report goes and cannot be replaced by it.
    enum Obstacle: String, CaseIterable, CustomTestStringConvertible {
        case emptyDirectory, directory, fifo, linkToDirectory
        var testDescription: String { rawValue }

        func make(at url: URL) throws {
            let fm = FileManager.default
            switch self {
            case .emptyDirectory: try fm.createDirectory(at: url, withIntermediateDirectories: false)
            case .directory:
                try fm.createDirectory(at: url, withIntermediateDirectories: false)
                try Data("inside\n".utf8).write(to: url.appendingPathComponent("file"))
            case .fifo: #expect(mkfifo(url.path, 0o644) == 0)
            case .linkToDirectory:
                let target = url.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("elsewhere")
                try fm.createDirectory(at: target, withIntermediateDirectories: true)
                try fm.createSymbolicLink(at: url, withDestinationURL: target)
            }
        }

        var reason: String {
            switch self {
            case .emptyDirectory, .directory: "it is a directory"
            case .fifo: "it is not a regular file (a FIFO, socket or device)"
            case .linkToDirectory: "it is a symbolic link to a directory"
            }
        }
    }

    @Test(arguments: Obstacle.allCases)
    func aReportThatCannotBeReplacedStopsEveryReportBeforeTheFirstRename(obstacle: Obstacle) throws {
        try cli.withTemporaryDirectory { dir in
            let fm = FileManager.default
            let out = dir.appendingPathComponent("out")
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
            // summary.json and index.html are renamed before junit.xml: they must stay as they were.
            let oldIndex = Data("old index.html\n".utf8), oldSummary = Data("old summary.json\n".utf8)
            try oldIndex.write(to: out.appendingPathComponent("index.html"))
            try oldSummary.write(to: out.appendingPathComponent("summary.json"))
            try obstacle.make(at: out.appendingPathComponent("junit.xml"))

            let r = try cli.run(["report", Fixtures.path("all-passed"), "--out", out.path, "--quiet"])
            #expect(r.status == 1)
            #expect(r.stderr == "Error: \(out.path)/junit.xml: cannot write: \(obstacle.reason); nothing was replaced.\n")
            #expect(fm.contents(atPath: out.appendingPathComponent("index.html").path) == oldIndex)
            #expect(fm.contents(atPath: out.appendingPathComponent("summary.json").path) == oldSummary)
            #expect(!fm.fileExists(atPath: out.appendingPathComponent("summary.md").path))
            #expect(InterruptedRun.temporaries(under: out) == [])
        }
    }

    /// A target that changes between the checks and the renames — as another process could make it
    /// — fails its rename; the error names what was replaced and what was not, and nothing staged
    /// is left behind.
    @Test func aRenameThatStillFailsSaysWhatWasAndWasNotReplaced() throws {
        try cli.withTemporaryDirectory { dir in
            let fm = FileManager.default
            let names = ["summary.json", "index.html", "junit.xml", "summary.md"]
            for name in names { try Data("old \(name)\n".utf8).write(to: dir.appendingPathComponent(name)) }
            let staging = OutputStaging(directory: dir.path)
            for name in names { try staging.stage(OutputFile(name: name, bytes: Array("new \(name)\n".utf8))) }
            let junit = dir.appendingPathComponent("junit.xml")
            var caught: OutputError?
            do throws(OutputError) {
                _ = try staging.commit(order: names) {
                    try? fm.removeItem(at: junit)
                    try? fm.createDirectory(at: junit, withIntermediateDirectories: false)
                }
            } catch {
                caught = error
            }
            let error = try #require(caught)
            #expect(
                error.description
                    == "\(dir.path)/junit.xml: cannot write: it cannot be replaced (Is a directory); replaced: summary.json, index.html; not replaced: junit.xml, summary.md."
            )
            #expect(fm.contents(atPath: dir.appendingPathComponent("summary.json").path) == Data("new summary.json\n".utf8))
            #expect(fm.contents(atPath: dir.appendingPathComponent("index.html").path) == Data("new index.html\n".utf8))
            #expect(fm.contents(atPath: dir.appendingPathComponent("summary.md").path) == Data("old summary.md\n".utf8))
            #expect(InterruptedRun.temporaries(under: dir) == [])
        }
    }

    @Test func templatesExportReplacesNoTemplateWhenOneCannotBe() throws {
        try cli.withTemporaryDirectory { dir in
            let fm = FileManager.default
            let t = dir.appendingPathComponent("t")
            #expect(try cli.run(["templates", "export", t.path]).status == 0)
            let names = TemplateSet.builtInSources.map { $0.name + ".mustache" }
            for name in names { try Data("mine\n".utf8).write(to: t.appendingPathComponent(name)) }
            // The last one written: every other would have been replaced before it.
            let last = try #require(names.last)
            try fm.removeItem(at: t.appendingPathComponent(last))
            try fm.createDirectory(at: t.appendingPathComponent(last), withIntermediateDirectories: false)

            let r = try cli.run(["templates", "export", t.path, "--force"])
            #expect(r.status == 1)
            #expect(r.stderr == "Error: \(t.path)/\(last): cannot write: it is a directory; nothing was replaced.\n")
            for name in names.dropLast() {
                #expect(fm.contents(atPath: t.appendingPathComponent(name).path) == Data("mine\n".utf8), "\(name)")
            }
            #expect(InterruptedRun.temporaries(under: t) == [])
        }
    }

    @Test func aStepSummaryThatCannotBeWrittenStopsTheReportsBeforeAnyIsWritten() throws {
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out")
            let stepSummary = dir.appendingPathComponent("missing/step.md")
            let r = try cli.run(
                ["report", Fixtures.path("all-passed"), "--out", out.path, "--quiet", "--github"],
                environment: ["GITHUB_STEP_SUMMARY": stepSummary.path])
            #expect(r.status == 1)
            #expect(
                r.stderr
                    == "Error: \(stepSummary.path): cannot write: the step summary cannot be created: its directory is missing or not writable.\n"
            )
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    /// `prlimit --fsize` caps the size of any file the child writes: the append crosses it part-way.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")))
    func aStepSummaryAppendCutShortIsRolledBack() throws {
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out")
            let stepSummary = dir.appendingPathComponent("step.md")
            // Larger than any report of the fixture, so only the append reaches the limit.
            let earlier = Data(repeating: UInt8(ascii: "x"), count: 100_000)
            try earlier.write(to: stepSummary)
            let r = try prlimited(
                fileSize: earlier.count + 100,
                ["report", Fixtures.path("all-passed"), "--out", out.path, "--quiet", "--github"],
                environment: ["GITHUB_STEP_SUMMARY": stepSummary.path])
            #expect(r.status == 1)
            #expect(
                r.stderr
                    == "Error: \(stepSummary.path): cannot write: the step summary cannot be appended to (File too large); it was left as it was. The reports were written.\n"
            )
            #expect(FileManager.default.contents(atPath: stepSummary.path) == earlier)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.md").path))
        }
    }

    /// A write past a file size limit raises SIGXFSZ, which killed `templates export` (it writes on
    /// the main thread) half-way, its temporary files left; now the write fails with EFBIG, an error
    /// naming the cause, with nothing replaced and nothing left.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")))
    func aFileSizeLimitIsAnErrorThatLeavesNoTemporaryFile() throws {
        try cli.withTemporaryDirectory { dir in
            let t = dir.appendingPathComponent("t")
            // The largest template is ~13 kB, the smallest ~100 bytes.
            let r = try prlimited(fileSize: 3000, ["templates", "export", t.path])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("Error: \(t.path)/"), "\(r.stderr)")
            #expect(r.stderr.hasSuffix(": cannot write: the file cannot be created (File too large).\n"), "\(r.stderr)")
            #expect(InterruptedRun.temporaries(under: t) == [])
            let files = (FileManager.default.enumerator(atPath: t.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".mustache") }
            #expect(files == [])
        }
    }

    func prlimited(fileSize: Int, _ arguments: [String], environment: [String: String] = [:]) throws -> CLITests.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        process.arguments = ["--fsize=\(fileSize)", "--", CLITests.binary.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Killed by a signal (SIGXFSZ) is not an exit at all.
        #expect(process.terminationReason == .exit)
        return CLITests.Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func aNewTokenIsOurOwnShape() {
        let token = TemporaryName.newToken()
        #expect(TemporaryName.writer(of: ".index.html.\(token).tmp", names: ["index.html"]) == .process(getpid()))
        #expect(TemporaryName.writer(of: ".index.html.\(token).tmp", names: ["junit.xml"]) == nil)
    }
}
