import Foundation
import Testing

/// A run stopped part-way by SIGTERM, SIGINT or SIGHUP leaves no temporary file and no mix of old
/// and new reports.
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
}
