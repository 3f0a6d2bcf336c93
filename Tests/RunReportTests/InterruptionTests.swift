import Foundation
import Testing

/// A run stopped part-way — by SIGTERM, SIGINT, SIGHUP, or SIGKILL — leaves no temporary file and
/// no mix of old and new reports; what a SIGKILL leaves, the next run removes, by a rule that never
/// takes a file of the user's.
@Suite struct InterruptionTests {
    let cli = CLITests()
    static let reports = ["index.html", "junit.xml", "summary.json", "summary.md"]

    /// A run big enough that its reports take a while to render (~0.5 s between the first temporary
    /// file and the renames in a debug build): `bench/generate.py`'s 1,000-spec bundle, ~10 MB,
    /// generated once into `.build` (deterministic, so a later `swift test` reuses it).
    static let bigBundle: Result<URL, any Error> = Result {
        let fm = FileManager.default
        let target = Fixtures.packageRoot.appendingPathComponent(".build/runreport-test-data/generated-1000-specs")
        if fm.fileExists(atPath: target.appendingPathComponent("run.json").path) { return target }
        try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.deletingLastPathComponent().appendingPathComponent("partial-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Fixtures.packageRoot.appendingPathComponent("bench/generate.py").path, partial.path, "--specs", "1000",
            "--machines", "20",
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        // Renamed into place whole, so a generation cut short is never taken for the bundle.
        if rename(partial.path, target.path) != 0 { try? fm.removeItem(at: partial) }
        return target
    }

    /// Old reports with recognisable bytes, to tell whether a run replaced them.
    func writeOldReports(in out: URL) throws {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for name in Self.reports { try Data("old \(name)\n".utf8).write(to: out.appendingPathComponent(name)) }
    }

    func oldReportsLeft(in out: URL) -> [String] {
        Self.reports.filter { FileManager.default.contents(atPath: out.appendingPathComponent($0).path) == Data("old \($0)\n".utf8) }
    }

    @Test(arguments: [(SIGTERM, Int32(143), "SIGTERM"), (SIGINT, 130, "SIGINT"), (SIGHUP, 129, "SIGHUP")])
    func aSignalWhileWritingRemovesTheTemporaryFilesAndExitsWith128PlusIt(signal: Int32, status: Int32, name: String) throws {
        let bundle = try Self.bigBundle.get()
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out")
            try writeOldReports(in: out)
            let r = try InterruptedRun.run(
                ["report", bundle.path, "--out", out.path, "--quiet"], watching: out, until: InterruptedRun.isTemporary, signal: signal)
            try #require(r.sawTrigger, "the run ended before a temporary file appeared")
            #expect(r.reason == .exit)
            #expect(r.status == status, "\(r.stderr)")
            #expect(r.stderr.contains("runreport: stopped by \(name);"), "\(r.stderr)")
            #expect(InterruptedRun.temporaries(under: out) == [])
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == Self.reports)
            // The signal came while reports were still rendering, so none was renamed into place;
            // had the renames begun first, they would have finished as a whole set first. Never a mix.
            let old = oldReportsLeft(in: out)
            #expect(old.count == Self.reports.count || old.isEmpty, "a mix of old and new reports: old \(old)")
        }
    }

    @Test func whatASIGKILLLeavesTheNextRunRemoves() throws {
        let bundle = try Self.bigBundle.get()
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out")
            try writeOldReports(in: out)
            let killed = try InterruptedRun.run(
                ["report", bundle.path, "--out", out.path, "--quiet"], watching: out, until: InterruptedRun.isTemporary, signal: SIGKILL)
            try #require(killed.sawTrigger, "the run ended before a temporary file appeared")
            #expect(killed.reason == .uncaughtSignal && killed.status == SIGKILL)
            // SIGKILL cannot be caught: its temporary files are still there, the old reports untouched.
            try #require(!InterruptedRun.temporaries(under: out).isEmpty)
            #expect(oldReportsLeft(in: out) == Self.reports)

            let next = try cli.run(["report", Fixtures.path("all-passed"), "--out", out.path, "--quiet"])
            #expect(next.status == 0, "\(next.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == Self.reports)
            #expect(oldReportsLeft(in: out) == [])
        }
    }

    @Test func staleTemporariesOfOurOwnPatternGoAndEverythingElseStays() throws {
        try cli.withTemporaryDirectory { dir in
            let fm = FileManager.default
            let out = dir.appendingPathComponent("out")
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
            // No process has this id: it is above any pid_max.
            let gone = "2147483647"
            let alive = String(getpid())  // this test process
            let twoHoursAgo = Date().addingTimeInterval(-7200)
            let removed: [(name: String, old: Bool)] = [
                (".index.html.\(gone)-0123456789abc.tmp", false),  // writer gone
                (".summary.json.\(gone)-zzzzzzzzzzzzz.tmp", false),
                (".summary.md.\(alive)-0000000000000.tmp", true),  // writer "alive", but over an hour old: a reused id
                (".junit.xml.3fbxrzxiskrk8.tmp", true),  // an earlier version's name (no id), over an hour old
            ]
            let kept: [(name: String, old: Bool)] = [
                (".summary.md.\(alive)-0123456789abc.tmp", false),  // a live writer's
                (".junit.xml.0123456789ab.tmp", false),  // an earlier version's, recent: its writer may still run
                (".index.html.backup.tmp", true),  // not our token
                (".index.html.\(gone)-0123456789ab.tmp", true),  // 12 random characters, not 13
                (".index.html.\(gone)-0123456789ABC.tmp", true),  // upper case
                (".index.html.0\(gone)-0123456789abc.tmp", true),  // a leading zero
                (".notes.md.\(gone)-0123456789abc.tmp", true),  // not a name we write
                ("index.html.\(gone)-0123456789abc.tmp", true),  // not hidden
                (".index.html.\(gone)-0123456789abc.tmp.keep", true),
            ]
            for file in removed + kept {
                let path = out.appendingPathComponent(file.name).path
                #expect(fm.createFile(atPath: path, contents: Data("user data\n".utf8)))
                if file.old { try fm.setAttributes([.modificationDate: twoHoursAgo], ofItemAtPath: path) }
            }
            // Our shape, but a folder and a link: never removed.
            let folder = ".summary.json.\(gone)-0000000000000.tmp", link = ".index.html.\(gone)-1111111111111.tmp"
            try fm.createDirectory(at: out.appendingPathComponent(folder), withIntermediateDirectories: false)
            try fm.createSymbolicLink(atPath: out.appendingPathComponent(link).path, withDestinationPath: "index.html")

            let r = try cli.run(["report", Fixtures.path("all-passed"), "--out", out.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let left = try fm.contentsOfDirectory(atPath: out.path).sorted()
            #expect(left == (Self.reports + kept.map(\.name) + [folder, link]).sorted())
            for file in kept { #expect(fm.contents(atPath: out.appendingPathComponent(file.name).path) == Data("user data\n".utf8)) }
        }
    }
}
