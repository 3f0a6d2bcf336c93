import Foundation
import Testing

@testable import RunReport

/// Lenient where the API is: wrong types become missing with a warning naming the path; unknown
/// fields and enumeration spellings are tolerated; envelope, gzip and BOM are all accepted.
@Suite struct LenientDecodingTests {
    @Test func wrongTypesBecomeMissingWithAWarning() throws {
        let s = try Fixtures.summary(
            runJSON: #"""
                {"runId": "r1", "createdAt": 12, "tags": "nightly",
                 "groups": [{"groupId": "g", "instances": {"overall": "3", "complete": 1.5},
                             "tests": {"passes": 2, "failures": 0}}],
                 "specs": [{"groupId": "g", "spec": "a.cy.ts", "claimedAt": "yesterday", "machineId": 5,
                            "results": {"stats": {"wallClockDuration": "900"}}}]}
                """#)
        #expect(s.run.createdAt == nil)
        #expect(s.run.tags == nil)
        #expect(s.groups[0].instances.overall == nil)
        #expect(s.totals.instances.overall == nil)  // a group lacks it: the total is unknown, not 0
        #expect(s.specs[0].claimedAt == nil)
        #expect(s.specs[0].state == .pending)
        let messages = s.warnings.map(\.message)
        #expect(messages.contains("run.json: createdAt: expected a string, found 12; treated as missing"))
        #expect(messages.contains("run.json: tags: expected an array, found \"nightly\"; treated as missing"))
        #expect(messages.contains("run.json: groups[0].instances.overall: expected an integer, found \"3\"; treated as missing"))
        #expect(messages.contains("run.json: groups[0].instances.complete: expected an integer, found 1.5; treated as missing"))
        #expect(messages.contains("run.json: specs[0].claimedAt: not a timestamp with a zone: \"yesterday\"; treated as missing"))
        #expect(messages.contains("run.json: specs[0].machineId: expected a string, found 5; treated as missing"))
        #expect(
            messages.contains("run.json: specs[0].results.stats.wallClockDuration: expected an integer, found \"900\"; treated as missing"))
    }

    @Test func enumerationsAreCaseInsensitiveAndUnknownValuesKept() throws {
        let lower = try Fixtures.summary(runJSON: #"{"runId":"r","status":"passed","completionState":"complete","specs":[]}"#)
        #expect(lower.run.status == .passed)
        #expect(lower.run.completionState == .complete)
        let unknown = try Fixtures.summary(runJSON: #"{"runId":"r","status":"Exploded","completionState":"ARCHIVED","specs":[]}"#)
        #expect(unknown.run.status == .other("Exploded"))
        #expect(unknown.run.completionState == .other("ARCHIVED"))
        #expect(!unknown.run.statusDerived)
    }

    @Test func envelopeBareGzipAndBOMGiveTheSameSummary() throws {
        let dir = Fixtures.directory.appendingPathComponent("real-flaky-c7068a4d")
        let enveloped = try Fixtures.bytes(dir.appendingPathComponent("run.json").path)
        let object = try JSONSerialization.jsonObject(with: Data(enveloped)) as? [String: Any]
        let bare = try JSONSerialization.data(withJSONObject: try #require(object?["data"]))
        let reference = SummaryJSONRenderer.render(try summary(enveloped))
        #expect(SummaryJSONRenderer.render(try summary([UInt8](bare))) == reference)
        #expect(SummaryJSONRenderer.render(try summary([0xEF, 0xBB, 0xBF] + enveloped)) == reference)
        #expect(SummaryJSONRenderer.render(try summary(try gzip(enveloped))) == reference)
    }

    func summary(_ runBytes: [UInt8]) throws -> Summary {
        let input = try RunAssembler.assemble(run: InputFile(name: "run.json", bytes: runBytes), instances: [])
        return Analyzer.analyze(input, generatorVersion: "test")
    }

    /// Compresses with the system's gzip, so the reader is tested against a real gzip stream.
    func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.json")
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", file.path]
        try process.run()
        process.waitUntilExit()
        let compressed = try Fixtures.bytes(file.path + ".gz")
        #expect(compressed.starts(with: [0x1F, 0x8B]))
        return compressed
    }

    @Test func instanceProblemsAreWarnings() throws {
        let run =
            #"{"runId":"r","groups":[{"groupId":"g"}],"specs":[{"groupId":"g","spec":"a.cy.ts","instanceId":"i1"},{"groupId":"g","spec":"b.cy.ts","instanceId":"i2"}]}"#
        let s = try Fixtures.summary(
            runJSON: run,
            instances: [
                "i1": #"{"runId":"r","instanceId":"i1","results":{"tests":[]}}"#,
                "i1-copy": #"{"runId":"r","instanceId":"i1","results":{"tests":[]}}"#,
                "i2": "{not json",
                "i3": #"{"runId":"r","instanceId":"i3"}"#,
                "other": #"{"runId":"elsewhere","instanceId":"i2"}"#,
            ])
        #expect(s.warnings.map(\.code) == [.duplicateInstance, .unreadableInstance, .orphanInstance, .foreignInstance])
        #expect(
            s.warnings[0].message
                == "instances/i1-copy.json: instance \"i1\" was already read from instances/i1.json; this copy was skipped.")
        #expect(s.warnings[1].message.hasPrefix("instances/i2.json: not valid JSON"))
        #expect(s.warnings[2].message == "instances/i3.json: instance \"i3\" belongs to no spec of the run; skipped.")
        #expect(s.warnings[3].message == "instances/other.json: belongs to run \"elsewhere\", not \"r\"; skipped.")
    }

    @Test func unknownFieldsAreIgnored() throws {
        let s = try Fixtures.summary(
            runJSON:
                #"{"runId":"r","future":{"x":[1,2,{"y":null}]},"groups":[{"groupId":"g","extra":1}],"specs":[{"groupId":"g","spec":"a","novel":true}]}"#
        )
        #expect(s.warnings.isEmpty)
        #expect(s.specs.count == 1)
    }

    /// Hostile/int64-max-counters: two groups of `Int.max` counters trapped on `passes + failures`.
    @Test func hugeIntegersAreOutOfRangeNotAnOverflow() throws {
        let max = Int.max
        let s = try Fixtures.summary(
            runJSON: """
                {"runId":"r","groups":[{"groupId":"g","tests":{"passes":\(max),"failures":\(max)}},
                                       {"groupId":"h","tests":{"passes":\(max),"failures":-9223372036854775808}}],
                 "specs":[{"groupId":"g","spec":"a","results":{"stats":{"wallClockDuration":\(max)}}},
                          {"groupId":"h","spec":"b","results":{"stats":{"wallClockDuration":1099511627776}}}]}
                """)
        #expect(s.totals.tests.passes == nil)
        #expect(s.specs[0].executionMs == nil)
        #expect(s.specs[1].executionMs == 1_099_511_627_776)  // 2^40 itself is in range
        #expect(
            s.warnings.map(\.message).contains(
                "run.json: groups[0].tests.passes: 9223372036854775807 is out of range (more than 2^40 in magnitude); treated as missing"))
        #expect(
            s.warnings.map(\.message).contains { $0.hasPrefix("run.json: groups[1].tests.failures: -9223372036854775808 is out of range") })
    }

    /// Hostile/lone-surrogate-escape-in-spec: the whole (required) string used to be lost, and the
    /// run refused; a lone surrogate is now read as U+FFFD and the rest of the string kept.
    @Test func aLoneSurrogateIsReadAsTheReplacementCharacter() throws {
        let input = InputFile(name: "run.json", bytes: Array(#"{"runId":"r","specs":[{"spec":"a\ud800b"}]}"#.utf8))
        let run = try RunAssembler.assemble(run: input, instances: [])
        #expect(run.run.specs.first?.spec == "a\u{FFFD}b")
        #expect(run.warnings.map(\.message).contains("run.json: 1 lone UTF-16 surrogate escape(s) (\\ud800–\\udfff) read as U+FFFD."))
    }
}
