import Foundation
import Testing

@testable import RunReport

/// Comparison with a baseline run (`docs/metrics.md` §13) on the `baseline` fixture (a run of `main`
/// and one of `feature/login`, built from the real sample so that every change occurs; the expected
/// values are worked out by hand in `Fixtures/baseline/README.md`), plus the CLI's options, gates
/// and refusals.
@Suite struct ComparisonTests {
    static func compared() throws -> Summary {
        var s = try Fixtures.summary("baseline/subject")
        let base = ComparisonAnalysis.prepare(try Fixtures.summary("baseline/base"), name: "baseline/base")
        s.comparison = try ComparisonAnalysis.compare(s, with: base)
        return s
    }

    /// The comparison keys only the listings of specs with a failed or flaky test in either run;
    /// it gives what keying every listing of both runs (the full digests of §11) gives: on the
    /// fixture, and on pairs of a generated series whose outcomes, absent tests and duplicate
    /// listings vary from run to run, both ways round.
    @Test func keyingOnlyTheSpecsWithAProblemChangesNothing() throws {
        func full(_ s: Summary, _ b: Summary) -> String {
            let digest = { (x: Summary) in HistoryAnalysis.digest(x, createdAt: Timestamp(millisecondsSinceEpoch: 0)) }
            var out = s
            out.comparison = ComparisonAnalysis.compare(digest(s), digest(b), baseline: ComparisonAnalysis.identity(of: b))
            return String(decoding: SummaryJSONRenderer.render(out), as: UTF8.self)
        }
        func fast(_ s: Summary, _ b: Summary) throws -> String {
            var out = s
            out.comparison = try ComparisonAnalysis.compare(s, with: ComparisonAnalysis.prepare(b, name: "b"))
            return String(decoding: SummaryJSONRenderer.render(out), as: UTF8.self)
        }
        var pairs = [(try Fixtures.summary("baseline/subject"), try Fixtures.summary("baseline/base"))]
        var series = try HistoryDatabaseTests.series(8)
        // A test listed twice in a spec (another group's listing), passed in one and failed in the other.
        if var twice = series[3].tests.first {
            twice.state = twice.state == .failed ? .passed : .failed
            series[3].tests.append(twice)
        }
        for i in 1..<series.count { pairs += [(series[i], series[i - 1]), (series[i - 1], series[i])] }
        var changes = 0
        for (s, b) in pairs {
            #expect(try fast(s, b) == full(s, b), "\(s.run.runId) against \(b.run.runId)")
            changes += try ComparisonAnalysis.compare(s, with: ComparisonAnalysis.prepare(b, name: "b")).tests.count
        }
        #expect(changes > 50)
    }

    @Test func everyChangeAsTheReadmeWorksItOut() throws {
        let c = try #require(try Self.compared().comparison)
        #expect(c.baseline.runId == "b45e11e0b45e11e0" && c.baseline.branch == "main")
        let rows = c.tests.map {
            "\($0.change.rawValue) \($0.spec.split(separator: "/").last ?? "") \($0.title.last ?? "") \($0.now?.rawValue ?? "-")/\($0.baseline?.rawValue ?? "-")"
        }
        #expect(
            rows == [
                "new-failure b.spec.js should try 2 times failed/passed",
                "new-failure d.spec.js should reject a wrong password failed/flaky",
                "new-failure d.spec.js should show the login banner failed/-",
                "existing-failure a.spec.js should try 2 times failed/failed",
                "resolved-failure b.spec.js should assert that true is true passed/failed",
                // Listed twice in the subject, flaky then passed: the worst of the two (§11).
                "new-flake d.spec.js should redirect after login flaky/passed",
                "existing-flake b.spec.js should fail on the first attempt and pass on the second flaky/flaky",
                "existing-flake e.spec.js Should throw an error flaky/failed",
                "resolved-flake d.spec.js should remember the user passed/flaky",
                "not-run d.spec.js should assert and take a screenshot pending/flaky",
                "not-run f.spec.js should keep the session after reload -/failed",
            ])
        let counts = Comparison.Change.allCases.map { c.count($0) }
        #expect(counts == [3, 1, 1, 1, 2, 1, 2])
        // a +1,353 ms ×1.0991 (too little); b ×1.3457 and +6,165 ms; c baseline 0 (no ratio);
        // d exactly ×1.25 and +1,000 ms (both bounds inclusive); e ×1.6949 but +328 ms only.
        let specs = c.specs.map {
            ($0.spec.split(separator: "/").last.map(String.init) ?? "", $0.executionMs, $0.baselineExecutionMs, $0.markedlySlower)
        }
        #expect(specs.map(\.0) == ["a.spec.js", "b.spec.js", "c.spec.js", "d.spec.js", "e.spec.js"])
        #expect(specs.map(\.1) == [15_000, 24_000, 47, 5_000, 800])
        #expect(specs.map(\.2) == [13_647, 17_835, 0, 4_000, 472])
        #expect(specs.map(\.3) == [false, true, false, true, false])
        #expect(c.specs[2].ratio == nil)
        #expect(abs((c.specs[1].ratio ?? 0) - 1.3457) < 0.0001)
    }

    @Test func goldenFilesOfEveryFormat() throws {
        let s = try Self.compared()
        let templates = try TemplateSet.load(overridesFrom: nil)
        try Golden.assertMatches(SummaryJSONRenderer.render(s), file: "baseline.summary.json")
        try Golden.assertMatches(try HTMLRenderer.render(s, templates: templates), file: "baseline.index.html")
        try Golden.assertMatches(try MarkdownRenderer.render(s, templates: templates), file: "baseline.summary.md")
        try Golden.assertMatches(try JUnitRenderer.render(s, profile: .standard, templates: templates), file: "baseline.junit.xml")
    }

    @Test func theChangeRulesOneByOne() {
        typealias O = HistorySummary.Outcome
        func change(_ now: O?, _ base: O?) -> String { ComparisonAnalysis.change(now: now, baseline: base)?.rawValue ?? "none" }
        #expect(change(.failed, nil) == "new-failure")
        #expect(change(.failed, .flaky) == "new-failure")
        #expect(change(.failed, .failed) == "existing-failure")
        #expect(change(.passed, .failed) == "resolved-failure")
        #expect(change(.flaky, .pending) == "new-flake")
        #expect(change(.flaky, .failed) == "existing-flake")
        #expect(change(.passed, .flaky) == "resolved-flake")
        #expect(change(.skipped, .failed) == "not-run")
        #expect(change(nil, .flaky) == "not-run")
        #expect(change(.passed, .passed) == "none")
        #expect(change(.pending, .skipped) == "none")
        #expect(change(nil, .passed) == "none")
    }

    @Test func theSubjectItselfIsRefused() throws {
        let s = try Fixtures.summary("baseline/subject")
        let base = ComparisonAnalysis.prepare(s, name: "x/run.json")
        let error = #expect(throws: ComparisonAnalysis.ComparisonError.self) { try ComparisonAnalysis.compare(s, with: base) }
        #expect(error?.description.hasPrefix("x/run.json: the baseline is run \"5ab1ec7005ab1ec7\", the run being reported itself") == true)
    }

    // MARK: the command line

    let cli = CLITests()

    @Test func theTerminalSaysWhatIsNewAndTheGateFailsOnlyForIt() throws {
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out").path
            let base = Fixtures.path("baseline/base"), subject = Fixtures.path("baseline/subject")
            let r = try cli.run(["report", subject, "--baseline", base, "--out", out, "--fail-on", "new-failures"])
            #expect(r.status == 3)
            #expect(
                r.stdout.contains(
                    "vs main (run b45e11e0b45e11e0, b45e11e0c0): 3 new failures, 1 already failing on main · 1 new flake, 2 known · 2 resolved · 2 not run now · 2 specs markedly slower"
                ))
            #expect(r.stdout.contains("✗ new cypress/e2e/d.spec.js:6 › Login form › should reject a wrong password"))
            #expect(r.stdout.contains("✗ known cypress/e2e/a.spec.js:5 › Failing test with 2 attempts › should try 2 times"))
            #expect(r.stdout.contains("gate failed: new-failures: 3 test(s) failed that were not failing on main (run b45e11e0b45e11e0)"))
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any]
            let counts = (json?["comparison"] as? [String: Any])?["counts"] as? [String: Int]
            #expect(counts?["new-failure"] == 3 && counts?["not-run"] == 2)
            #expect(FileManager.default.fileExists(atPath: out + "/index.html"))

            // The same failures against a baseline that has them all: the gate passes, `failed` does not.
            let copy = dir.appendingPathComponent("same")
            try FileManager.default.copyItem(atPath: subject, toPath: copy.path)
            // Another runId, in run.json and in every instance (else they would be another run's).
            let files = try FileManager.default.subpathsOfDirectory(atPath: copy.path).filter { $0.hasSuffix(".json") }
            #expect(files.count == 6)
            for name in files {
                let file = copy.appendingPathComponent(name)
                let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
                    of: "5ab1ec7005ab1ec7", with: "0ther0ther0ther0")
                try text.write(to: file, atomically: true, encoding: .utf8)
            }
            let same = try cli.run([
                "report", subject, "--baseline", copy.path, "--out", out, "--fail-on", "new-failures,new-flakes", "--quiet",
            ])
            #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
            let failed = try cli.run(["report", subject, "--baseline", copy.path, "--out", out, "--fail-on", "failed", "--quiet"])
            #expect(failed.status == 3)
        }
    }

    @Test func withoutABaselineTheGateCountsEveryFailureAsNewAndSaysSo() throws {
        try cli.withTemporaryDirectory { dir in
            let r = try cli.run(["report", Fixtures.path("baseline/subject"), "--out", dir.path, "--fail-on", "new-failures"])
            #expect(r.status == 3)
            #expect(r.stdout.contains("new-failures: 4 failed test(s), all counted as new: there is no baseline to compare with"))
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("summary.json"))) as? [String: Any]
            let codes = (json?["warnings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["no-baseline"])
            #expect(json?["comparison"] is NSNull)
        }
    }

    @Test func refusalsExitOneAndWriteNothing() throws {
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out")
            let subject = Fixtures.path("baseline/subject")
            let itself = try cli.run(["report", subject, "--baseline", subject, "--out", out.path])
            #expect(itself.status == 1)
            #expect(itself.stderr.contains("the baseline is run \"5ab1ec7005ab1ec7\", the run being reported itself"))
            let missing = try cli.run(["report", subject, "--baseline", dir.appendingPathComponent("nope").path, "--out", out.path])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("The baseline could not be read"))
            #expect(!FileManager.default.fileExists(atPath: out.path))
            let stdin = try cli.run(["report", subject, "--baseline", "-", "--out", out.path])
            #expect(stdin.status == 2)
            let two = try cli.run(["report", subject, "--baseline", subject, "--baseline-run-id", "x", "--out", out.path])
            #expect(two.status == 2)
            #expect(two.stderr.contains("Give one of --baseline, --baseline-run-id and --baseline-branch."))
            let branch = try cli.run(["report", subject, "--baseline-branch", "main", "--out", out.path])
            #expect(branch.status == 2)
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    // MARK: from the API

    /// `--baseline-branch main` finds the base run through the list endpoint (the fake API lists
    /// both bundles), fetches it into the data directory once, and compares exactly as the local
    /// `--baseline` does; `--baseline-run-id` fetches it by id; a branch with no run is a warning,
    /// or an error when the gate needs the comparison; the key is in no output.
    @Test func theBaselineFromTheAPIByBranchAndById() throws {
        let server = try FakeCurrentsServer(
            bundle: Fixtures.path("baseline/subject"), extraArguments: ["--bundle", Fixtures.path("baseline/base")], runsList: false)
        try cli.withTemporaryDirectory { dir in
            let env = ["CURRENTS_API_URL": server.baseURL, "CURRENTS_API_KEY": FakeCurrentsServer.key]
            let data = dir.path + "/data"
            let common = [
                "report", "--run-id", "5ab1ec7005ab1ec7", "--data-dir", data, "--quiet", "--retry-delay", "0.01", "--api-context", "0",
                "--artifacts", "none",
            ]
            let local = try cli.run([
                "report", Fixtures.path("baseline/subject"), "--baseline", Fixtures.path("baseline/base"), "--out", dir.path + "/local",
                "--quiet",
            ])
            #expect(local.status == 0, "\(local.stderr)")
            let byBranch = try cli.run(common + ["--baseline-branch", "main", "--out", dir.path + "/branch"], environment: env)
            #expect(byBranch.status == 0, "\(byBranch.stderr)")
            let byId = try cli.run(
                [
                    "report", Fixtures.path("baseline/subject"), "--baseline-run-id", "b45e11e0b45e11e0", "--out", dir.path + "/id",
                    "--quiet",
                ],
                environment: env)
            #expect(byId.status == 0, "\(byId.stderr)")
            for name in ["summary.json", "index.html", "summary.md"] {
                let expected = FileManager.default.contents(atPath: dir.path + "/local/" + name)
                #expect(expected != nil && expected == FileManager.default.contents(atPath: dir.path + "/branch/" + name), "\(name)")
                #expect(expected == FileManager.default.contents(atPath: dir.path + "/id/" + name), "\(name)")
            }
            // Fetched into the data directory, and reused from there the second time.
            #expect(FileManager.default.fileExists(atPath: data + "/b45e11e0b45e11e0/run.json"))
            let again = try cli.run(common + ["--baseline-branch", "main", "--out", dir.path + "/again"], environment: env)
            #expect(again.status == 0)
            let stats = try server.stats()
            // Once for the branch report (the second came from the data directory), once by id (a temporary directory).
            #expect(stats.count("GET /v1/runs/b45e11e0b45e11e0") == 2)

            let none = try cli.run(common + ["--baseline-branch", "release", "--out", dir.path + "/none"], environment: env)
            #expect(none.status == 0, "\(none.stderr)")
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/none/summary.json")))
                as? [String: Any]
            #expect(json?["comparison"] is NSNull)
            let warnings = json?["warnings"] as? [[String: Any]]
            #expect(warnings?.first?["code"] as? String == "no-baseline")
            #expect(
                (warnings?.first?["message"] as? String)?.hasPrefix("--baseline-branch \"release\": the API lists no completed run") == true
            )

            let gated = try cli.run(
                common + ["--baseline-branch", "release", "--fail-on", "new-failures", "--out", dir.path + "/gated"], environment: env)
            #expect(gated.status == 1)
            #expect(
                gated.stderr.contains(
                    "--fail-on new-failures/new-flakes needs one to tell new failures from known ones, so nothing was written."))
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/gated"))
            for r in [byBranch, byId, again, none, gated] {
                #expect(!r.stdout.contains(FakeCurrentsServer.key) && !r.stderr.contains(FakeCurrentsServer.key))
            }
        }
    }

    // MARK: recent history from the API's aggregates

    static let explorer = Fixtures.packageRoot.appendingPathComponent("Tests/RunReportTests/FakeCurrents/tests-explorer.json").path
    static let specFiles = Fixtures.packageRoot.appendingPathComponent("Tests/RunReportTests/FakeCurrents/spec-files.json").path

    /// `--api-context` (on by default with a fetched run): two Tests Explorer calls per spec with a
    /// failed or flaky test (the branch, all branches), one page of spec files; the figures in
    /// summary.json and the HTML with their counts; a 403 turns it off with one warning and the
    /// report is written; 0 asks nothing.
    @Test func theAPIContextOfTheFailedTestsAndItsDegradation() throws {
        let server = try FakeCurrentsServer(
            bundle: Fixtures.path("baseline/subject"),
            extraArguments: ["--project", "2cI1I5", "--tests-explorer", Self.explorer, "--spec-files", Self.specFiles])
        try cli.withTemporaryDirectory { dir in
            let env = ["CURRENTS_API_URL": server.baseURL, "CURRENTS_API_KEY": FakeCurrentsServer.key]
            let common = ["report", "--run-id", "5ab1ec7005ab1ec7", "--quiet", "--retry-delay", "0.01", "--artifacts", "none"]
            let r = try cli.run(common + ["--out", dir.path + "/a"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            let stats = try server.stats()
            // Specs with a failed or flaky test: a, b, d, e — two calls each; one page of spec files.
            #expect(stats.count("GET /v1/tests/2cI1I5") == 8)
            #expect(stats.count("GET /v1/spec-files/2cI1I5") == 1)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/a/summary.json")))
                    as? [String: Any])
            let context = try #require(json["apiContext"] as? [String: Any])
            #expect(context["days"] as? Int == 14 && context["branch"] as? String == "feature/login")
            #expect(context["from"] as? String == "2023-09-01T04:42:58.900Z" && context["to"] as? String == "2023-09-15T04:42:58.900Z")
            #expect(context["requests"] as? Int == 9 && context["capped"] as? Bool == false)
            let tests = try #require(context["tests"] as? [[String: Any]])
            #expect(tests.map { ($0["title"] as? [String])?.last ?? "" } == ["should try 2 times", "should reject a wrong password"])
            let reject = try #require(tests.last)
            #expect((reject["branch"] as? [String: Any])?["executions"] as? Int == 41)
            #expect((reject["branch"] as? [String: Any])?["failures"] as? Int == 5)
            #expect((reject["all"] as? [String: Any])?["executions"] as? Int == 300)
            let specs = try #require(context["specs"] as? [[String: Any]])
            #expect(
                specs.map { $0["spec"] as? String ?? "" } == ["cypress/e2e/a.spec.js", "cypress/e2e/b.spec.js", "cypress/e2e/d.spec.js"])
            #expect(specs.map { $0["avgDurationMs"] as? Int ?? -1 } == [14_500, 21_000, 4_700])
            // The what-if again by the averages of a, b and d (14,500, 21,000 and 4,700 ms) and this
            // run's c and e (47 and 800 ms): 41,047 ms on one machine; on two, LPT puts 21,000 alone
            // and 14,500 + 4,700 + 800 + 47 = 20,047 beside it.
            let estimate = try #require((context["whatIf"] as? [[String: Any]])?.first)
            #expect(estimate["averaged"] as? Int == 3 && estimate["specs"] as? Int == 5)
            let predicted = (estimate["whatIf"] as? [[String: Any]])?.map { $0["predictedWallMs"] as? Int ?? -1 }
            #expect(predicted?.prefix(2) == [41_047, 21_000])
            let html = try String(contentsOfFile: dir.path + "/a/index.html", encoding: .utf8)
            #expect(html.contains("By 14-day averages (Currents, 3 of 5 specs)"))
            #expect(
                html.contains(
                    "Currents, 14 days: on feature/login 5 failed, 2 flaky of 41 runs · all branches 9 failed, 4 flaky of 300 runs"))
            // The Markdown summary carries the same line under the failed test.
            let markdown = try String(contentsOfFile: dir.path + "/a/summary.md", encoding: .utf8)
            let rejectLine = try #require(markdown.split(separator: "\n").first { $0.contains("should reject a wrong password") })
            #expect(
                rejectLine.contains(
                    "<br>Currents, 14 days: on feature/login 5 failed, 2 flaky of 41 runs · all branches 9 failed, 4 flaky of 300 runs"),
                "\(rejectLine)")

            // A key without access to the spec files: one warning, no context, the report written.
            try server.inject([["path": "/v1/spec-files/", "status": 403, "times": 5]])
            let denied = try cli.run(common + ["--out", dir.path + "/b"], environment: env)
            #expect(denied.status == 0, "\(denied.stderr)")
            let b = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/b/summary.json")))
                    as? [String: Any])
            #expect(b["apiContext"] is NSNull)
            let warnings = (b["warnings"] as? [[String: Any]]) ?? []
            #expect(warnings.count == 1)
            #expect(warnings.first?["code"] as? String == "api-context-unavailable")
            let message = warnings.first?["message"] as? String ?? ""
            #expect(message.contains("GET /spec-files/2cI1I5 failed (403)"), "\(message)")
            #expect(!message.contains(FakeCurrentsServer.key) && !denied.stderr.contains(FakeCurrentsServer.key))

            let before = try server.stats().count("GET /v1/tests/2cI1I5")
            let off = try cli.run(common + ["--api-context", "0", "--out", dir.path + "/c"], environment: env)
            #expect(off.status == 0)
            #expect(try server.stats().count("GET /v1/tests/2cI1I5") == before)
            let c =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/c/summary.json")))
                as? [String: Any]
            #expect(c?["apiContext"] is NSNull && (c?["warnings"] as? [Any])?.isEmpty == true)
        }
    }

    /// The request cap holds: with room for 5 calls (half of them for tests), the fetcher asks the Tests Explorer for one spec
    /// (branch and all), one page of spec files, and says it was capped; a 500 that persists, or a
    /// 404, degrades like the 403 does.
    @Test func theRequestCapHoldsAndEveryFailureDegrades() async throws {
        let server = try FakeCurrentsServer(
            bundle: Fixtures.path("baseline/subject"),
            extraArguments: ["--project", "2cI1I5", "--tests-explorer", Self.explorer, "--spec-files", Self.specFiles])
        let url = try #require(URL(string: server.baseURL))
        let client = CurrentsClient(
            baseURL: url, apiKey: FakeCurrentsServer.key, transport: CurlTransport(),
            retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10), maxTotal: .seconds(5)))
        let subject = try Fixtures.summary("baseline/subject")
        let capped = APIContextFetcher(client: client, days: 14, concurrency: 2, maxRequests: 5)
        guard case .context(let c) = await capped.fetch(subject, projectId: "2cI1I5") else {
            Issue.record("no context")
            return
        }
        #expect(c.capped && c.requests == 3)
        #expect(try server.stats().count("GET /v1/tests/2cI1I5") == 2)
        for status in [500, 404] {
            try server.reset()
            try server.inject([["path": "/v1/tests/", "status": status, "times": 100]])
            let fetcher = APIContextFetcher(client: client, days: 14, concurrency: 2)
            guard case .unavailable(let warning) = await fetcher.fetch(subject, projectId: "2cI1I5") else {
                Issue.record("\(status) did not turn the context off")
                continue
            }
            #expect(warning.code == .apiContextUnavailable)
            #expect(warning.message.contains("GET /tests/2cI1I5 failed (\(status))"), "\(warning.message)")
        }
    }

    /// History and a baseline are separate axes (§13): the five-run history of `fix/cypress-13-validation`
    /// with the base run of `main` as baseline gives the history a folder gives, and the comparison
    /// that run 5 alone against the baseline gives.
    @Test func historyAndBaselineComposeIndependently() throws {
        try cli.withTemporaryDirectory { dir in
            let base = Fixtures.path("baseline/base")
            let both = try cli.run(["report", Fixtures.path("history"), "--baseline", base, "--out", dir.path + "/both", "--quiet"])
            let historyOnly = try cli.run(["report", Fixtures.path("history"), "--out", dir.path + "/history", "--quiet"])
            let baselineOnly = try cli.run([
                "report", Fixtures.path("history/run-5"), "--baseline", base, "--out", dir.path + "/base", "--quiet",
            ])
            #expect(both.status == 0 && historyOnly.status == 0 && baselineOnly.status == 0, "\(both.stderr)")
            func json(_ name: String) throws -> [String: Any] {
                try #require(
                    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/\(name)/summary.json")))
                        as? [String: Any])
            }
            let a = try json("both"), h = try json("history"), b = try json("base")
            func same(_ x: Any?, _ y: Any?) -> Bool {
                guard let x, let y else { return false }
                return (try? JSONSerialization.data(withJSONObject: x, options: .sortedKeys))
                    == (try? JSONSerialization.data(withJSONObject: y, options: .sortedKeys))
            }
            #expect(same(a["history"], h["history"]))
            #expect(same(a["comparison"], b["comparison"]))
            #expect(h["comparison"] is NSNull && b["history"] is NSNull)
        }
    }
}
