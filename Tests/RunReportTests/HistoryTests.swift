import Foundation
import Testing

@testable import RunReport

/// History across runs (`metrics.md` §7, §11) on the five-run `history` fixture (built by
/// `Fixtures/history/make_history.py` from the real run), plus focused cases.
@Suite struct HistoryTests {
    static let runs = (1...5).map { "history/run-\($0)" }

    /// The subject (run 5) with its history, read in the given order.
    static func summary(order: [String] = runs) throws -> Summary {
        var history = HistoryAnalysis.Accumulator()
        for name in order { try history.add(try Fixtures.summary(name), name: name) }
        return try history.finish()
    }

    @Test func goldenFilesOfEveryFormat() throws {
        let s = try Self.summary()
        let templates = try TemplateSet.builtIn()
        try Golden.assertMatches(SummaryJSONRenderer.render(s), file: "history.summary.json")
        try Golden.assertMatches(try HTMLRenderer.render(s, templates: templates), file: "history.index.html")
        try Golden.assertMatches(try MarkdownRenderer.render(s, templates: templates), file: "history.summary.md")
        // JUnit stays about the subject run: the same as the subject reported alone.
        let alone = try Fixtures.summary("history/run-5")
        #expect(
            try JUnitRenderer.render(s, profile: .standard, templates: templates)
                == JUnitRenderer.render(alone, profile: .standard, templates: templates))
    }

    @Test func everyTransitionAsReadOffTheScript() throws {
        let h = try #require(try Self.summary().history)
        #expect(h.runs.map(\.runId) == (1...5).map { "hist00000000000\($0)" })
        func test(_ spec: String, _ last: String) throws -> HistorySummary.Test {
            try #require(h.tests.first { $0.spec == "cypress/e2e/\(spec)" && $0.title.last == last })
        }
        // make_history.py: a FFFFF, b PPPPF / PFPFP / PPKPK, c NNNNN, d PPFNF / ---NF, e -PPPK.
        #expect(try test("a.spec.js", "should try 2 times").transition == .stillFailing)
        #expect(try test("b.spec.js", "should try 2 times").transition == .newFailure)
        #expect(try test("b.spec.js", "should assert that true is true").transition == .fixed)
        #expect(try test("b.spec.js", "should fail on the first attempt and pass on the second").transition == .stillFlaky)
        #expect(try test("c.spec.js", "should be a skipped test").transition == nil)
        // The pending run 4 is passed over: the previous run where it ran (3) failed.
        let overPending = try test("d.spec.js", "should assert and take a screenshot")
        #expect(overPending.transition == .stillFailing)
        #expect(overPending.outcomes == [.passed, .passed, .failed, .pending, .failed])
        #expect((overPending.executed, overPending.passes, overPending.failures, overPending.failureRate) == (4, 2, 2, 0.5))
        // Never ran before (absent, absent, absent, pending): a new failure.
        let fresh = try test("d.spec.js", "should assert that true is true")
        #expect(fresh.transition == .newFailure)
        #expect(fresh.outcomes == [nil, nil, nil, .pending, .failed])
        #expect(fresh.firstSeen == h.runs[3].createdAt)
        let flake = try test("e.spec.js", "Should throw an error")
        #expect(flake.transition == .newFlake)
        #expect((flake.executed, flake.passes, flake.flaky, flake.flakyRate) == (4, 4, 1, 0.25))
        // Every transition occurs.
        #expect(Set(h.tests.compactMap(\.transition)) == [.newFlake, .stillFlaky, .fixed, .newFailure, .stillFailing])
    }

    @Test func specMediansAndTrendReadOffTheData() throws {
        let h = try #require(try Self.summary().history)
        let b = try #require(h.specs.first { $0.spec == "cypress/e2e/b.spec.js" })
        // 17,835 ms × 1.0, 1.1, 0.9, 1.0, then × 2 in run 5 (make_history.py).
        #expect(b.executions == [17835, 19618, 16052, 17835, 35670])
        #expect(b.medianExecutionMs == 17835)  // sorted 16052, 17835, 17835, 19618, 35670 → the 3rd
        #expect(b.trend == 2.0)  // 35670 / lower median of the four earlier (17835)
        let e = try #require(h.specs.first { $0.spec == "cypress/e2e/e.spec.js" })
        #expect(e.runs == 4)
        #expect(h.specs.map(\.spec) == ["a", "b", "c", "d", "e"].map { "cypress/e2e/\($0).spec.js" })
    }

    @Test func theOrderOfTheInputsDoesNotMatter() throws {
        let a = SummaryJSONRenderer.render(try Self.summary())
        let b = SummaryJSONRenderer.render(try Self.summary(order: Self.runs.reversed()))
        let c = SummaryJSONRenderer.render(try Self.summary(order: [Self.runs[2], Self.runs[4], Self.runs[0], Self.runs[3], Self.runs[1]]))
        #expect(a == b && b == c)
    }

    @Test func aRunGivenTwiceIsRefused() throws {
        var history = HistoryAnalysis.Accumulator()
        try history.add(try Fixtures.summary("history/run-1"), name: "a")
        try history.add(try Fixtures.summary("history/run-1"), name: "b")
        let error = #expect(throws: HistoryAnalysis.HistoryError.self) { try history.finish() }
        #expect(error?.description == "run \"hist000000000001\" is given twice; each run may appear once in a history.")
    }

    @Test func aRunWithoutCreatedAtIsRefusedByName() throws {
        let summary = try Fixtures.summary(runJSON: #"{"runId":"x","specs":[]}"#)
        var history = HistoryAnalysis.Accumulator()
        let error = #expect(throws: HistoryAnalysis.HistoryError.self) { try history.add(summary, name: "runs/x.json") }
        #expect(error?.description.hasPrefix("runs/x.json: the run has no valid createdAt") == true)
    }

    @Test func transitionsOfSmallCases() {
        typealias O = HistorySummary.Outcome
        func t(_ o: [O?]) -> HistorySummary.Transition? { HistoryAnalysis.transition(o) }
        #expect(t([.failed]) == .newFailure)
        #expect(t([.passed, .skipped, nil, .failed]) == .newFailure)
        #expect(t([.failed, .skipped, .failed]) == .stillFailing)
        #expect(t([.flaky, .passed]) == .fixed)
        #expect(t([.flaky, .failed, .passed, .passed]) == nil)  // fixed only right after
        #expect(t([.flaky, .passed, .flaky]) == .stillFlaky)
        #expect(t([.failed, .flaky]) == .newFlake)
        #expect(t([.failed, nil]) == nil)
        #expect(t([.failed, .pending]) == nil)
        #expect(HistoryAnalysis.lowerMedian([4, 1, 3, 2]) == 2)
        #expect(HistoryAnalysis.lowerMedian([5]) == 5)
        #expect(HistoryAnalysis.lowerMedian([]) == nil)
    }

    @Test func theCLIReportsAFolderOfRunsAndSeveralInputsAlike() throws {
        let cli = CLITests()
        try cli.withTemporaryDirectory { dir in
            let folder = try cli.run(["report", Fixtures.path("history"), "--out", dir.path + "/a", "--quiet"])
            let listed = try cli.run(
                ["report"] + Self.runs.reversed().map(Fixtures.path) + ["--out", dir.path + "/b", "--quiet"])
            #expect(folder.status == 0 && listed.status == 0, "\(folder.stderr)\(listed.stderr)")
            for name in ["summary.json", "index.html", "junit.xml", "summary.md"] {
                let a = FileManager.default.contents(atPath: dir.path + "/a/" + name)
                #expect(a != nil && a == FileManager.default.contents(atPath: dir.path + "/b/" + name), "\(name)")
            }
            let twice = try cli.run(["report", Fixtures.path("history/run-1"), Fixtures.path("history/run-1"), "--out", dir.path + "/c"])
            #expect(twice.status == 1)
            #expect(twice.stderr.contains("is given twice"))
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/c"))
        }
    }

    @Test func historyFetchesTheEarlierRunsOnceThenFromTheCache() throws {
        let bundles = Self.runs.flatMap { ["--bundle", Fixtures.path($0)] }
        let server = try FakeCurrentsServer(bundle: Fixtures.path("history/run-5"), extraArguments: bundles, runsList: false)
        let cli = CLITests()
        try cli.withTemporaryDirectory { dir in
            let env = ["CURRENTS_API_URL": server.baseURL, "CURRENTS_API_KEY": FakeCurrentsServer.key]
            let data = dir.path + "/data"
            let args = [
                "report", "--run-id", "hist000000000005", "--history", "4", "--data-dir", data, "--quiet", "--retry-delay", "0.01",
                "--artifacts", "none",
                "--api-context", "0",
            ]
            let first = try cli.run(args + ["--out", dir.path + "/a"], environment: env)
            #expect(first.status == 0, "\(first.stderr)")
            let local = try cli.run(["report", Fixtures.path("history"), "--out", dir.path + "/b", "--quiet"])
            #expect(local.status == 0)
            for name in ["summary.json", "index.html", "summary.md"] {
                let a = FileManager.default.contents(atPath: dir.path + "/a/" + name)
                #expect(a != nil && a == FileManager.default.contents(atPath: dir.path + "/b/" + name), "\(name)")
            }
            let before = try server.stats()
            #expect(before.count("GET /v1/runs/hist000000000001") == 1)
            let second = try cli.run(args + ["--out", dir.path + "/c"], environment: env)
            #expect(second.status == 0, "\(second.stderr)")
            let after = try server.stats()
            // The subject is fetched again (it may have changed); the earlier runs come from the cache.
            #expect(after.count("GET /v1/runs/hist000000000005") == before.count("GET /v1/runs/hist000000000005") + 1)
            for k in 1...4 { #expect(after.count("GET /v1/runs/hist00000000000\(k)") == 1) }
            #expect(!first.stderr.contains(FakeCurrentsServer.key) && !second.stderr.contains(FakeCurrentsServer.key))
        }
    }
}
