import Foundation
import Testing

@testable import RunReport

/// Oddities that used to pass without a word, or cost a field: unknown states, shared instance ids,
/// lone surrogate escapes.
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
