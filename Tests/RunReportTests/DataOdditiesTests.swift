import Foundation
import Testing

@testable import RunReport

/// Oddities that used to pass without a word, or cost a field: unknown states, shared instance ids,
/// lone surrogate escapes, a run reported without any of its instances.
struct DataOdditiesTests {
    let cli = CLITests()

    func report(run: String, instances: [String: String]) throws -> (CLITests.Result, [String: Any]) {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("b/instances"), withIntermediateDirectories: true)
        try run.write(to: dir.appendingPathComponent("b/run.json"), atomically: true, encoding: .utf8)
        for (id, text) in instances {
            try text.write(to: dir.appendingPathComponent("b/instances/\(id).json"), atomically: true, encoding: .utf8)
        }
        let r = try cli.run(["report", dir.appendingPathComponent("b").path, "--out", dir.appendingPathComponent("out").path])
        let data = try Data(contentsOf: dir.appendingPathComponent("out/summary.json"))
        return (r, try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    static let run = """
        {"runId":"r1","status":"Exploded","completionState":"HALF_DONE","createdAt":"2026-01-01T00:00:00Z",
         "groups":[{"groupId":"g"}],
         "specs":[{"spec":"a.cy.js","groupId":"g","instanceId":"i1","claimedAt":"2026-01-01T00:00:01Z","completedAt":"2026-01-01T00:00:09Z"},
                  {"spec":"b.cy.js","groupId":"g","instanceId":"i1"}]}
        """
    static let instance = """
        {"runId":"r1","instanceId":"i1","spec":"a.cy.js","results":{"tests":[
          {"title":["outer","lone \\ud800 high"],"state":"passed","attempts":[{"state":"passed","wallClockDuration":5}]},
          {"title":["outer","lone \\udfff low","a pair \\ud83d\\ude00 stays","escaped \\\\ud800 is text"],"state":"blocked","attempts":[]},
          {"title":["outer","again"],"state":"blocked","attempts":[]}]}}
        """

    @Test func unknownValuesAndSharedIdsAreWarnedOnceEach() throws {
        let (r, summary) = try report(run: Self.run, instances: ["i1": Self.instance])
        #expect(r.status == 0, "\(r.stderr)")
        let warnings = try #require(summary["warnings"] as? [[String: Any]])
        let codes = warnings.compactMap { $0["code"] as? String }
        #expect(codes.filter { $0 == "unknown-status" }.count == 1)
        #expect(codes.filter { $0 == "unknown-completion-state" }.count == 1)
        // Two tests share one unknown state: one warning, with the count.
        let states = warnings.filter { ($0["code"] as? String) == "unknown-test-state" }
        #expect(states.count == 1)
        #expect((states.first?["message"] as? String)?.hasPrefix("2 test(s) have state \"blocked\"") == true, "\(states)")
        #expect(codes.filter { $0 == "shared-instance-id" }.count == 1)
        // Unknown values are kept as they came.
        let run = try #require(summary["run"] as? [String: Any])
        #expect(run["status"] as? String == "Exploded")
        #expect(r.stdout.contains("share instanceId \"i1\""))
    }

    @Test func aLoneSurrogateBecomesTheReplacementCharacterAndTheTitleKeepsEveryElement() throws {
        let (_, summary) = try report(run: Self.run, instances: ["i1": Self.instance])
        let tests = try #require(summary["tests"] as? [[String: Any]])
        let titles = tests.compactMap { $0["title"] as? [String] }
        #expect(titles.contains(["outer", "lone \u{FFFD} high"]), "\(titles)")
        #expect(titles.contains(["outer", "lone \u{FFFD} low", "a pair 😀 stays", "escaped \\ud800 is text"]), "\(titles)")
        let warnings = try #require(summary["warnings"] as? [[String: Any]])
        #expect(warnings.contains { ($0["message"] as? String)?.contains("2 lone UTF-16 surrogate escape(s)") == true }, "\(warnings)")
    }

    /// `summary.json` of the real run file reported through the binary, with `extra` arguments.
    func reportRealRunFile(_ extra: [String]) throws -> (CLITests.Result, [[String: Any]]) {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = Fixtures.directory.appendingPathComponent("real-flaky-c7068a4d")
        let out = dir.appendingPathComponent("out")
        let r = try cli.run(["report", fixture.appendingPathComponent("run.json").path, "--out", out.path] + extra)
        let data = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((summary["tests"] as? [Any])?.isEmpty == extra.isEmpty)
        return (r, try #require(summary["warnings"] as? [[String: Any]]))
    }

    @Test func aRunFileWithoutItsInstancesSaysItHasNoTestLevelResultsOnce() throws {
        let (r, warnings) = try reportRealRunFile([])
        #expect(r.status == 0, "\(r.stderr)")
        let missing = warnings.filter { ($0["code"] as? String) == "no-instance-data" }
        #expect(missing.count == 1, "\(warnings)")
        #expect(warnings.count == 1, "\(warnings)")
        #expect(missing.first?["spec"] is NSNull)
        #expect(
            missing.first?["message"] as? String
                == "test-level results unavailable: no instance data was read for any of the run's 5 spec(s); pass --instances DIR, or fetch the run with --run-id."
        )
        #expect(r.stdout.contains("no instance data was read"), "\(r.stdout)")
    }

    @Test func theSameRunFileWithItsInstancesHasNoSuchWarning() throws {
        let instances = Fixtures.directory.appendingPathComponent("real-flaky-c7068a4d/instances").path
        let (r, warnings) = try reportRealRunFile(["--instances", instances])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(warnings.isEmpty, "\(warnings)")
    }

    @Test func aRunWithoutSpecsOrWhoseSpecsNeverRanHasNoSuchWarning() throws {
        let codes = { (run: String) in try Fixtures.summary(runJSON: run).warnings.map(\.code) }
        // No specs at all, with or without groups.
        #expect(try codes(#"{"runId":"r","specs":[]}"#) == [])
        #expect(try !codes(#"{"runId":"r","groups":[{"groupId":"g","tests":{"overall":0}}],"specs":[]}"#).contains(.noInstanceData))
        // Specs created but never claimed, counting no test; and a spec naming no instance.
        let unclaimed = #"""
            {"runId":"r","groups":[{"groupId":"g","instances":{"overall":2,"claimed":0},"tests":{"overall":0,"passes":0}}],
             "specs":[{"spec":"a.cy.ts","groupId":"g","instanceId":"i1"},{"spec":"b.cy.ts","groupId":"g","instanceId":"i2"}]}
            """#
        #expect(try codes(unclaimed) == [])
        #expect(try !codes(#"{"runId":"r","specs":[{"spec":"a.cy.ts","claimedAt":"2026-01-01T00:00:01Z"}]}"#).contains(.noInstanceData))
        // The same unclaimed specs in a group whose counters say tests ran do get it.
        #expect(try codes(unclaimed.replacingOccurrences(of: #""overall":0,"passes":0"#, with: #""overall":3"#)) == [.noInstanceData])
    }

    @Test func instanceFilesThatAreAllSkippedAreSaidToBe() throws {
        // docs-example: its one instance file belongs to another run.
        let warnings = try Fixtures.summary("docs-example").warnings
        #expect(warnings.map(\.code) == [.foreignInstance, .noInstanceData, .specCountMismatch])
        let missing = try #require(warnings.first { $0.code == .noInstanceData })
        #expect(missing.spec == nil)
        #expect(missing.message.contains("(the 1 instance file(s) found were all skipped)"), "\(missing.message)")
        // One instance matched is enough: no warning, though the other specs have none.
        #expect(try !Fixtures.summary("timed-out").warnings.map(\.code).contains(.noInstanceData))
    }

    @Test func repairRewritesOnlyLoneEscapesInPlace() {
        func repaired(_ text: String) -> String {
            var bytes = Array(text.utf8)
            _ = LoneSurrogates.repair(&bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(repaired(#""\ud800x""#) == #""\ufffdx""#)
        #expect(repaired(#""\uDBFF\uDC00""#) == #""\uDBFF\uDC00""#)
        #expect(repaired(#""\udc00\ud800""#) == #""\ufffd\ufffd""#)
        #expect(repaired(#""\\ud800""#) == #""\\ud800""#)
        #expect(repaired(#""\ud800"#) == #""\ufffd"#)
        #expect(repaired(#""\ud8"#) == #""\ud8"#)
    }
}
