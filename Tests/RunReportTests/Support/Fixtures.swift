import Foundation
import Testing

@testable import RunReport

/// Access to the scenario fixtures beside the tests (`Fixtures/<name>/run.json` + `instances/`).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let all = [
        "all-passed", "flaky-retries", "timed-out", "cancelled", "unclaimed", "multi-group", "counters-disagree",
        "negative-durations", "hostile-strings", "docs-example", "real-flaky-c7068a4d", "real-batched-claims-9caa9400",
    ]

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The fixture as input, with file names relative to the fixture (`run.json`,
    /// `instances/x.json`) so that messages and golden files do not depend on where the repo is.
    static func input(_ name: String) throws -> RunInput {
        let dir = directory.appendingPathComponent(name)
        let run = InputFile(name: "run.json", bytes: try bytes(dir.appendingPathComponent("run.json").path))
        let instanceDir = dir.appendingPathComponent("instances")
        var instances: [InputFile] = []
        if let names = try? FileManager.default.contentsOfDirectory(atPath: instanceDir.path) {
            for file in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where file.hasSuffix(".json") {
                instances.append(InputFile(name: "instances/" + file, bytes: try bytes(instanceDir.appendingPathComponent(file).path)))
            }
        }
        return try RunAssembler.assemble(run: run, instances: instances)
    }

    static func summary(_ name: String) throws -> Summary {
        Analyzer.analyze(try input(name), generatorVersion: "test")
    }

    /// A summary of a run given inline, for small focused cases.
    static func summary(runJSON: String, instances: [String: String] = [:]) throws -> Summary {
        let files = instances.sorted { $0.key < $1.key }.map { InputFile(name: "instances/\($0.key).json", bytes: Array($0.value.utf8)) }
        let input = try RunAssembler.assemble(run: InputFile(name: "run.json", bytes: Array(runJSON.utf8)), instances: files)
        return Analyzer.analyze(input, generatorVersion: "test")
    }

    /// The built-in templates with the default JUnit profile.
    static func renderOptions(junitProfile: JUnitProfile = .standard) throws -> ReportJob.RenderOptions {
        ReportJob.RenderOptions(templates: try TemplateSet.builtIn(), junitProfile: junitProfile)
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("runreport-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes override templates, each name (`markdown/summary.md`) as `<name>.mustache` under
    /// `directory`, with the folders it needs: the set-up of every `--templates` test.
    static func writeTemplates(_ templates: KeyValuePairs<String, String>, in directory: URL) throws {
        for (name, source) in templates {
            let file = directory.appendingPathComponent(name + ".mustache")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try source.write(to: file, atomically: true, encoding: .utf8)
        }
    }
}

/// Golden files: compared byte for byte (the output must be deterministic), re-recorded only with
/// `RECORD_SNAPSHOTS=1`, in which case the test fails on purpose so a recording never passes as a test.
enum Golden {
    static func assertMatches(_ actual: [UInt8], file name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Fixtures.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual).write(to: url)
            Issue.record("Recorded \(name); review the diff, then run again without RECORD_SNAPSHOTS.", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? [UInt8](Data(contentsOf: url)) else {
            Issue.record(
                "No golden file \(name); run with RECORD_SNAPSHOTS=1 to record it, then review it.", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("\(name) differs from its golden file:\n\(lineDiff(expected, actual))", sourceLocation: sourceLocation)
        }
    }

    /// The first differing lines, with a little context.
    static func lineDiff(_ expected: [UInt8], _ actual: [UInt8]) -> String {
        let a = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let b = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var shown = 0
        for i in 0..<max(a.count, b.count) where shown < 12 {
            let x = i < a.count ? String(a[i]) : "<end>"
            let y = i < b.count ? String(b[i]) : "<end>"
            if x != y {
                out.append("line \(i + 1):\n  - \(x)\n  + \(y)")
                shown += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
