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
}
