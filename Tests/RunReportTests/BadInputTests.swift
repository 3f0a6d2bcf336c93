import Foundation
import Testing

@testable import RunReport

/// Every bad input gives one clear error naming the file and the JSON path, and writes nothing.
@Suite struct BadInputTests {
    /// A bad run file, reported on through the whole pipeline into an empty directory.
    func failure(_ content: [UInt8], name: String = "run.json") throws -> (message: String, outputFiles: [String]) {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try Data(content).write(to: file)
        let out = dir.appendingPathComponent("out")
        var message = ""
        do {
            let source = try RunSource.locate(input: file.path, instances: nil)
            _ = try ReportJob.run(
                source: source, outputDirectory: out.path, formats: OutputFormat.allCases, options: try Fixtures.renderOptions()
            ) { [] }
            Issue.record("expected an error")
        } catch {
            message = "\(error)".replacingOccurrences(of: dir.path + "/", with: "")
        }
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        return (message, written)
    }

    func failure(_ json: String) throws -> (message: String, outputFiles: [String]) {
        try failure(Array(json.utf8))
    }

    static let cases: [(String, String)] = [
        ("", "run.json: the file is empty; expected the JSON of a Currents run."),
        ("  \n", "run.json: the file is empty; expected the JSON of a Currents run."),
        ("[1, 2]", "run.json: (top level): expected a JSON object, found an array."),
        ("\"run\"", "run.json: (top level): expected a JSON object, found \"run\"."),
        (#"{"specs": []}"#, "run.json: runId: missing (a required field)."),
        (#"{"runId": 42, "specs": []}"#, "run.json: runId: expected a string, found 42."),
        (#"{"runId": "r"}"#, "run.json: specs: missing; a run lists its specs (is this a run-list item rather than a run?)."),
        (#"{"runId": "r", "specs": {}}"#, "run.json: specs: expected an array of spec objects, found an object."),
        (
            #"{"runId": "r", "specs": [{"spec": "a"}, {"spec": "b"}, {"spec": "c"}, {"spec": 42}]}"#,
            "run.json: specs[3].spec: expected a string, found 42."
        ),
        (#"{"runId": "r", "specs": [{"spec": "a"}, 7]}"#, "run.json: specs[1]: expected a spec object, found 7."),
        (#"{"runId": "r", "specs": [{"instanceId": "x"}]}"#, "run.json: specs[0].spec: missing (a required field)."),
        (
            #"{"status": "OK", "data": {"runId": "r", "specs": [{"spec": null}]}}"#,
            "run.json: data.specs[0].spec: expected a string, found null."
        ),
        (
            #"{"status":"FAILED","error":"Run not found"}"#,
            "run.json: holds an API error response, not a run: \"Run not found\". Fetch the run again."
        ),
        (#"{"status": "OK", "data": null}"#, "run.json: data: expected an object, found null."),
    ]

    @Test(arguments: cases)
    func clearMessageAndNoOutput(json: String, expected: String) throws {
        let (message, written) = try failure(json)
        #expect(message == expected)
        #expect(written.isEmpty)
    }

    @Test func brokenJSONNamesTheFileAndPlace() throws {
        let (message, written) = try failure(#"{"runId": "r", "specs": [}"#)
        #expect(message.hasPrefix("run.json: not valid JSON: "))
        #expect(message == "run.json: not valid JSON: Invalid value around character 25 (line 1, column 26).")
        #expect(written.isEmpty)
    }

    @Test func truncatedJSON() throws {
        let (message, written) = try failure(#"{"runId": "r", "specs": [{"spec": "a"#)
        #expect(message.hasPrefix("run.json: not valid JSON: "))
        #expect(written.isEmpty)
    }

    @Test func invalidUTF8() throws {
        var bytes = Array(#"{"runId": "r", "specs": [{"spec": "a"#.utf8)
        bytes += [0xC3, 0x28]  // a lead byte followed by ASCII
        bytes += Array(#""}]}"#.utf8)
        let (message, written) = try failure(bytes)
        #expect(message == "run.json: not valid UTF-8 (first bad byte at offset 36); JSON must be UTF-8.")
        #expect(written.isEmpty)
    }

    @Test func corruptGzip() throws {
        let (message, written) = try failure([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02], name: "run.json.gz")
        #expect(message.hasPrefix("run.json.gz: looks gzip-compressed but cannot be decompressed"))
        #expect(written.isEmpty)
    }

    @Test func missingFileAndBundleWithoutRun() throws {
        #expect(throws: InputError.unreadable(file: "/nonexistent/run.json", reason: "no such file or directory")) {
            try RunSource.locate(input: "/nonexistent/run.json", instances: nil)
        }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: InputError.self) { try RunSource.locate(input: dir.path, instances: nil) }
    }

    @Test func unwritableOutputIsAnErrorNotACrash() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocker = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let source = try RunSource.locate(input: Fixtures.path("all-passed"), instances: nil)
        #expect(throws: OutputError.self) {
            _ = try ReportJob.run(
                source: source, outputDirectory: blocker.appendingPathComponent("out").path, formats: OutputFormat.allCases,
                options: try Fixtures.renderOptions()
            ) { [] }
        }
    }

    /// Input too big for memory is refused before it is read (`InputLimits`), never an out-of-memory kill.
    @Test func tooLargeInputIsRefusedUpFront() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let limits = InputLimits(maxFileBytes: 4000, maxTotalBytes: 10_000)
        func message(_ input: String, _ limits: InputLimits, stdin: [UInt8] = []) -> String {
            do {
                let source = try RunSource.locate(input: input, instances: nil, limits: limits)
                _ = try source.load { stdin }
                return "no error"
            } catch {
                return "\(error)".replacingOccurrences(of: dir.path + "/", with: "")
            }
        }
        // One file over the limit.
        let run = dir.appendingPathComponent("run.json")
        try Data(repeating: 0x20, count: 4001).write(to: run)
        #expect(
            message(run.path, limits)
                == "run.json: too large (4001 bytes); runreport reads at most 4000 bytes a file, after decompression, as it holds the run in memory."
        )
        // Standard input, cut off one byte over the limit.
        #expect(message("-", limits, stdin: [UInt8](repeating: 0x20, count: 4001)).hasPrefix("<stdin>: too large (more than 4000 bytes)"))
        // Every file under the limit, but the bundle over it.
        let bundle = dir.appendingPathComponent("bundle")
        try FileManager.default.createDirectory(at: bundle.appendingPathComponent("instances"), withIntermediateDirectories: true)
        try Data(#"{"runId":"r","specs":[]}"#.utf8).write(to: bundle.appendingPathComponent("run.json"))
        for i in 0..<3 { try Data(repeating: 0x20, count: 3500).write(to: bundle.appendingPathComponent("instances/\(i).json")) }
        #expect(
            message(bundle.path, limits).hasPrefix(
                "bundle/instances: the run's files total 10524 bytes, over the limit of 10000 bytes a run"))
        // A gzip bomb stops inflating at the limit.
        let zeros = [UInt8](repeating: 0x20, count: 100_000)
        #expect(throws: InputError.fileTooLarge(file: "run.json.gz", bytes: nil, limit: 4000)) {
            try DocumentDecoder.run(try LenientDecodingTests().gzip(zeros), file: "run.json.gz", maxBytes: 4000)
        }
    }

    /// The real binary on a 1.5 GB sparse file: refused at once, nothing read, nothing written.
    @Test func theBinaryRefusesAHugeFileAtOnce() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run.json")
        try #require(FileManager.default.createFile(atPath: run.path, contents: nil))
        let handle = try FileHandle(forWritingTo: run)
        try handle.truncate(atOffset: 1_500_000_000)  // sparse: no disk used
        try handle.close()
        let clock = ContinuousClock()
        let start = clock.now
        let r = try CLITests().run(["report", run.path, "--out", dir.appendingPathComponent("out").path])
        #expect(clock.now - start < .seconds(10))
        #expect(r.status == 1)
        #expect(r.stderr.contains("run.json: too large (1.4 GiB); runreport reads at most 1.0 GiB a file"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
