import Foundation
import Testing

@testable import RunReport

/// `fetch`, `runs`, `cancel` and `report --run-id` against the fake Currents API on 127.0.0.1: real
/// HTTP, faults injected on the server, retries counted on the server.
@Suite(.serialized) struct FetchTests {
    let cli = CLITests()
    static let runId = "c7068a4d0aa7e75a"
    static let bundle = Fixtures.path("real-flaky-c7068a4d")

    func environment(_ server: FakeCurrentsServer, key: String = FakeCurrentsServer.key) -> [String: String] {
        ["CURRENTS_API_URL": server.baseURL, "CURRENTS_API_KEY": key, "CURRENTS_PROJECT_ID": "proj1"]
    }

    /// Runs the CLI against the server; fast retries so that faults cost milliseconds.
    func fetch(_ server: FakeCurrentsServer, _ arguments: [String], key: String = FakeCurrentsServer.key) throws -> CLITests.Result {
        let r = try cli.run(arguments + ["--retry-delay", "0.01"], environment: environment(server, key: key))
        // Whatever happened, the key is nowhere in what the tool printed.
        #expect(!r.stdout.contains(key) && !r.stderr.contains(key))
        return r
    }

    /// Every file of `a` equals the file of the same name in `b`, and the sets of names agree.
    func expectSameTree(_ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fm = FileManager.default
        let left = (fm.enumerator(atPath: a)?.allObjects as? [String] ?? []).sorted()
        let right = (fm.enumerator(atPath: b)?.allObjects as? [String] ?? []).sorted()
        #expect(left == right, sourceLocation: sourceLocation)
        for name in left {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: a + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue { continue }
            #expect(fm.contents(atPath: a + "/" + name) == fm.contents(atPath: b + "/" + name), "\(name)", sourceLocation: sourceLocation)
        }
    }

    func noKey(in directory: URL) {
        for case let name as String in FileManager.default.enumerator(atPath: directory.path) ?? .init() {
            if let data = FileManager.default.contents(atPath: directory.path + "/" + name) {
                #expect(data.range(of: Data(FakeCurrentsServer.key.utf8)) == nil, "\(name)")
            }
        }
    }

    @Test func fetchSavesTheBundleExactlyAsServed() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("bundle")
            let r = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", out.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "Fetched run c7068a4d0aa7e75a into \(out.path): 5 instances (5 fetched, 0 already saved).\n")
            try expectSameTree(out.path, Self.bundle)
            let stats = try server.stats()
            #expect(stats.count("GET /v1/runs/c7068a4d0aa7e75a") == 1)
            #expect(stats.total == 6)  // the run and each instance once
            #expect(stats.userAgents == ["runreport/\(RunReportVersion.current)"])
            #expect(stats.acceptEncodings == ["gzip"])
            #expect(stats.gzipped > 0)  // bodies came gzip-encoded and were saved decoded
            #expect(!stats.keyInURL)
            noKey(in: dir)
        }
    }

    @Test func reportByRunIdEqualsReportFromDisk() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try cli.withTemporaryDirectory { dir in
            let fromAPI = dir.appendingPathComponent("api"), fromDisk = dir.appendingPathComponent("disk")
            let a = try fetch(
                server, ["report", "--run-id", Self.runId, "--out", fromAPI.path, "--quiet", "--api-context", "0", "--artifacts", "none"])
            let b = try cli.run(["report", Self.bundle, "--out", fromDisk.path, "--quiet"])
            #expect(a.status == 1 || a.status == 0)
            #expect(a.status == b.status, "\(a.stderr) \(b.stderr)")
            try expectSameTree(fromAPI.path, fromDisk.path)
            // Without --keep-data the bundle went to a temporary directory.
            #expect(!FileManager.default.fileExists(atPath: fromAPI.appendingPathComponent("data").path))
            let kept = dir.appendingPathComponent("kept")
            let c = try fetch(
                server,
                [
                    "report", "--run-id", Self.runId, "--out", kept.path, "--quiet", "--keep-data", "--api-context", "0", "--artifacts",
                    "none",
                ])
            #expect(c.status == b.status)
            try expectSameTree(kept.appendingPathComponent("data/\(Self.runId)").path, Self.bundle)
            noKey(in: dir)
        }
    }

    @Test func transientFailuresAreRetriedAndCounted() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try server.inject([
            ["path": "/instances/GDEKME1tH9E3", "status": 503, "times": 2],
            ["path": "/instances/dZ4sdqqLEFP6", "status": 500, "times": 1],
            ["path": "/instances/l3ebuCsqoBcS", "status": 502, "times": 1, "mode": "html"],
            ["path": "/instances/qYf9vWUqdmin", "status": 504, "times": 1],
            ["path": "/instances/VT96MmNcsuPy", "mode": "reset", "times": 1],
            ["path": "/runs/", "mode": "truncate", "times": 1],
        ])
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("bundle")
            let r = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", out.path])
            #expect(r.status == 0, "\(r.stderr)")
            try expectSameTree(out.path, Self.bundle)
            let s = try server.stats()
            #expect(s.count("GET /v1/instances/GDEKME1tH9E3") == 3)
            #expect(s.count("GET /v1/instances/dZ4sdqqLEFP6") == 2)
            #expect(s.count("GET /v1/instances/l3ebuCsqoBcS") == 2)
            #expect(s.count("GET /v1/instances/qYf9vWUqdmin") == 2)
            #expect(s.count("GET /v1/instances/VT96MmNcsuPy") == 2)
            #expect(s.count("GET /v1/runs/c7068a4d0aa7e75a") == 2)
            // Each retry is announced on stderr (no TTY: plain lines).
            #expect(r.stderr.contains("GET /instances/GDEKME1tH9E3: 503; retry 1 of 4 in "))
            #expect(r.stderr.contains("GET /instances/GDEKME1tH9E3: 503; retry 2 of 4 in "))
            // The reset instance was requested twice (counted above) and saved whole. Who retried
            // depends on when the reset lands: libcurl itself resends a request whose reused
            // connection died before any response, otherwise our client does (and says so).
        }
    }

    @Test func retryAfterIsHonoured() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try server.inject([["path": "/runs/", "status": 429, "retryAfter": "1", "times": 1]])
        try cli.withTemporaryDirectory { dir in
            let start = ContinuousClock.now
            let r = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", dir.appendingPathComponent("b").path])
            let elapsed = ContinuousClock.now - start
            #expect(r.status == 0, "\(r.stderr)")
            // The base delay is 10 ms; only Retry-After explains a wait of a second.
            #expect(elapsed >= .milliseconds(950))
            #expect(r.stderr.contains("GET /runs/c7068a4d0aa7e75a: 429; retry 1 of 4 in 1.0 s"))
            #expect(try server.stats().count("GET /v1/runs/c7068a4d0aa7e75a") == 2)
        }
    }

    @Test func aSlowResponsePastTheTimeoutIsRetried() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try server.inject([["path": "/instances/GDEKME1tH9E3", "mode": "slow", "delay": 3, "times": 1]])
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("b")
            let r = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", out.path, "--request-timeout", "0.5"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("GET /instances/GDEKME1tH9E3: no response within 0.5 s; retry 1 of 4"))
            try expectSameTree(out.path, Self.bundle)
        }
    }

    @Test func persistentFailureIsAnErrorWithNoHalfWrittenFileAndTheRerunResumes() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try server.inject([["path": "/instances/GDEKME1tH9E3", "mode": "truncate", "times": 3]])
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("b")
            let r = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", out.path, "--max-attempts", "3"])
            #expect(r.status == 1)
            #expect(
                r.stderr.contains(
                    "Error: GET /instances/GDEKME1tH9E3: the connection failed or the response was cut short (transfer closed with 500 bytes remaining to read) (gave up after 3 attempts in "
                ))
            // No run.json (the bundle is not complete), no temporary or partial file.
            let names = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).sorted()
            #expect(!names.contains("run.json"))
            #expect(!names.contains { $0.contains(".tmp") || $0.contains("GDEKME1tH9E3") })
            for name in names where name.hasSuffix(".json") {
                let saved = FileManager.default.contents(atPath: out.path + "/" + name)
                #expect(saved == FileManager.default.contents(atPath: Self.bundle + "/" + name), "\(name)")
            }
            // The rerun fetches only what is missing.
            let before = try server.stats()
            let again = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", out.path])
            #expect(again.status == 0, "\(again.stderr)")
            let after = try server.stats()
            let saved = names.filter { $0.hasPrefix("instances/") }.count
            #expect(again.stdout.contains("5 instances (\(5 - saved) fetched, \(saved) already saved)"))
            #expect(after.total - before.total == 1 + (5 - saved))
            try expectSameTree(out.path, Self.bundle)
        }
    }

    @Test func aBodyThatIsNotJSONIsAnErrorNotACrash() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try server.inject([["path": "/runs/", "mode": "html", "status": 200, "times": 1]])
        try cli.withTemporaryDirectory { dir in
            let r = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", dir.appendingPathComponent("b").path])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("Error: GET /runs/c7068a4d0aa7e75a: not valid JSON"))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b").path))
        }
    }

    @Test func finalStatusesAreNotRetriedAndSayWhatToDo() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try cli.withTemporaryDirectory { dir in
            let wrongKey = "wrong-key-0123456789"
            let unauthorized = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", dir.path + "/a"], key: wrongKey)
            #expect(unauthorized.status == 1)
            #expect(
                unauthorized.stderr
                    == "Error: GET /runs/c7068a4d0aa7e75a: the API key was refused (401: Invalid API key provided). Check CURRENTS_API_KEY or --api-key; the key is not shown.\n"
            )
            let missing = try fetch(server, ["fetch", "--run-id", "nope", "--out", dir.path + "/b"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("GET /runs/nope: not found (404: Run not found); check the run id"))
            try server.inject([
                [
                    "path": "/instances/GDEKME1tH9E3", "status": 404, "body": "{\"status\":\"FAILED\",\"error\":\"Instance not found\"}",
                    "times": 1,
                ]
            ])
            let instance = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", dir.path + "/c"])
            #expect(instance.status == 1)
            #expect(instance.stderr.contains("GET /instances/GDEKME1tH9E3: not found (404: Instance not found)"))
            try server.inject([
                ["path": "/runs/", "status": 400, "body": "{\"status\":\"FAILED\",\"error\":\"\\\"runId\\\" is invalid\"}", "times": 1]
            ])
            let bad = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", dir.path + "/d"])
            #expect(bad.status == 1)
            #expect(bad.stderr == "Error: GET /runs/c7068a4d0aa7e75a: the API rejected the request (400: \"runId\" is invalid).\n")
            let s = try server.stats()
            #expect(s.count("GET /v1/runs/nope") == 1)
            #expect(s.count("GET /v1/instances/GDEKME1tH9E3") == 1)
            #expect(s.count("GET /v1/runs/c7068a4d0aa7e75a") == 3)  // 401 once, the run of the instance 404, the 400 once
        }
    }

    @Test func cancelReportsWhoAndWhenThenAlreadyCancelledThenReadOnly() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        let first = try fetch(server, ["cancel", Self.runId])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "Cancelled run c7068a4d0aa7e75a (by api:test-key at 2026-11-29T12:00:00.000Z, reason: apiRequest).\n")
        let again = try fetch(server, ["cancel", Self.runId])
        #expect(again.status == 4)
        #expect(again.stderr == "Run c7068a4d0aa7e75a is already cancelled (422: Run already cancelled); nothing was changed.\n")
        let readOnly = try fetch(server, ["cancel", Self.runId], key: FakeCurrentsServer.readOnlyKey)
        #expect(readOnly.status == 1)
        #expect(readOnly.stderr.contains("403: Insufficient permissions); cancelling needs a Read & Write key"))
        #expect(try server.stats().count("PUT /v1/runs/c7068a4d0aa7e75a/cancel") == 3)
    }

    @Test func runsPagesThroughTheCursorNewestFirst() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle, extraArguments: ["--max-page", "3"])
        let r = try fetch(server, ["runs", "--limit", "7", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(items.compactMap { $0["runId"] as? String } == (0..<7).map { "run0\($0)0000000000" })
        #expect(try server.stats().count("GET /v1/projects/proj1/runs") == 3)  // 3 + 3 + 1
        let table = try fetch(server, ["runs", "--branch", "main", "--limit", "2"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("RUN"))
        #expect(lines[1].hasPrefix("run010000000000  2026-11-27 08:00:00  FAILED"))
        let missingProject = try cli.run(["runs"], environment: ["CURRENTS_API_KEY": "x", "CURRENTS_API_URL": server.baseURL])
        #expect(missingProject.status == 2)
    }

    @Test func findByCIBuildIdThenFetch() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try cli.withTemporaryDirectory { dir in
            let r = try fetch(
                server,
                ["fetch", "--project", "2cI1I5", "--ci-build-id", "run-compat-test-2023-09-15T04:42:56.383Z", "--out", dir.path + "/b"])
            #expect(r.status == 0, "\(r.stderr)")
            try expectSameTree(dir.path + "/b", Self.bundle)
            let none = try fetch(server, ["fetch", "--project", "2cI1I5", "--ci-build-id", "other", "--out", dir.path + "/c"])
            #expect(none.status == 1)
            #expect(none.stderr.contains("GET /runs/find: not found (404: Run not found); no completed run matches in this project."))
        }
    }

    @Test func concurrencyIsBounded() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle, extraArguments: ["--latency-ms", "100"])
        try cli.withTemporaryDirectory { dir in
            let r = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", dir.path + "/b", "--concurrency", "2"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try server.stats().maxInFlight == 2)
        }
    }

    /// A slow server (300 ms a response, one at a time) keeps the fetch going long enough to stop
    /// it once the first instance is saved.
    @Test func aSIGTERMDuringAFetchLeavesNoTemporaryFileAndNoRunJSON() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle, extraArguments: ["--latency-ms", "300"])
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("b")
            let r = try InterruptedRun.run(
                ["fetch", "--run-id", Self.runId, "--out", out.path, "--concurrency", "1", "--quiet"], environment: environment(server),
                watching: out.appendingPathComponent("instances"), until: { $0.hasSuffix(".json") && !$0.hasPrefix(".") },
                signal: SIGTERM)
            try #require(r.sawTrigger, "the fetch ended before an instance was saved")
            #expect(r.reason == .exit && r.status == 143, "\(r.stderr)")
            #expect(InterruptedRun.temporaries(under: out) == [])
            // Not complete, so no run.json; what was saved is whole, for the rerun to reuse.
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("run.json").path))
            let saved = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("instances").path)
            #expect(saved.count < 5)
            for name in saved {
                #expect(
                    FileManager.default.contents(atPath: out.path + "/instances/" + name)
                        == FileManager.default.contents(atPath: Self.bundle + "/instances/" + name), "\(name)")
            }
        }
    }

    /// `report --run-id` without --keep-data fetches into a temporary folder (under $TMPDIR): a
    /// signal removes it too.
    @Test func aSIGTERMDuringReportByRunIdRemovesItsTemporaryBundle() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle, extraArguments: ["--latency-ms", "300"])
        try cli.withTemporaryDirectory { dir in
            let tmp = dir.appendingPathComponent("tmp")
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
            let r = try InterruptedRun.run(
                [
                    "report", "--run-id", Self.runId, "--out", dir.appendingPathComponent("out").path, "--concurrency", "1", "--quiet",
                    "--artifacts", "none",
                ],
                environment: environment(server).merging(["TMPDIR": tmp.path]) { $1 }, watching: tmp,
                until: { $0.hasPrefix("runreport-") }, signal: SIGTERM)
            try #require(r.sawTrigger, "no temporary bundle appeared")
            #expect(r.reason == .exit && r.status == 143, "\(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == [])
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        }
    }

    @Test func fetchRemovesStaleTemporariesOfItsOwnFilesOnly() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try cli.withTemporaryDirectory { dir in
            let fm = FileManager.default
            let out = dir.appendingPathComponent("b")
            try fm.createDirectory(at: out.appendingPathComponent("instances"), withIntermediateDirectories: true)
            // 2147483647: no process has this id (above any pid_max), so the writer is gone.
            let stale = [".run.json.2147483647-0123456789abc.tmp", "instances/.GDEKME1tH9E3.json.2147483647-0123456789abc.tmp"]
            let kept = [
                "instances/.someOtherRun.json.2147483647-0123456789abc.tmp",  // not an instance of this run
                "instances/.GDEKME1tH9E3.json.bak.tmp", ".summary.json.2147483647-0123456789abc.tmp",  // a report's name, not a bundle's
            ]
            for name in stale + kept { #expect(fm.createFile(atPath: out.appendingPathComponent(name).path, contents: Data("x".utf8))) }
            let r = try fetch(server, ["fetch", "--run-id", Self.runId, "--out", out.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            for name in stale { #expect(!fm.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)") }
            for name in kept { #expect(fm.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)") }
        }
    }

    @Test func usageErrorsForMissingKeyAndUnsafeURL() throws {
        let noKey = try cli.run(["fetch", "--run-id", "x"], environment: ["CURRENTS_API_KEY": "", "CURRENTS_API_URL": ""])
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("No API key: set CURRENTS_API_KEY (or pass --api-key)."))
        let plain = try cli.run(
            ["fetch", "--run-id", "x"], environment: ["CURRENTS_API_KEY": "k", "CURRENTS_API_URL": "http://api.example.com/v1"])
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("must be https (plain http only to localhost)"))
        let both = try cli.run(["report", Self.bundle, "--run-id", "x"], environment: ["CURRENTS_API_KEY": "k"])
        #expect(both.status == 2)
    }

    @Test func retryPolicyDelays() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(30), maxRetryAfter: .seconds(60), random: { 0.999_999 })
        let now = Date(timeIntervalSince1970: 1_764_417_600)  // 2025-11-29 12:00:00 UTC
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, now: now) <= .seconds(1))
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, now: now) > .milliseconds(3990))
        #expect(policy.delay(beforeRetry: 10, retryAfter: nil, now: now) <= .seconds(30))
        let low = RetryPolicy(baseDelay: .seconds(1), random: { 0 })
        #expect(low.delay(beforeRetry: 2, retryAfter: nil, now: now) == .seconds(1))  // jitter keeps at least half
        #expect(policy.delay(beforeRetry: 1, retryAfter: "7", now: now) == .seconds(7))
        #expect(policy.delay(beforeRetry: 1, retryAfter: "3600", now: now) == .seconds(60))  // capped
        #expect(policy.delay(beforeRetry: 1, retryAfter: "Sat, 29 Nov 2025 12:00:12 GMT", now: now) == .seconds(12))
        #expect(policy.delay(beforeRetry: 1, retryAfter: "Sat, 29 Nov 2025 11:00:00 GMT", now: now) == .zero)
        #expect(RetryPolicy.isRetryable(status: 429) && RetryPolicy.isRetryable(status: 503))
        #expect(!RetryPolicy.isRetryable(status: 401) && !RetryPolicy.isRetryable(status: 422))
    }

    @Test func instanceFileNamesCannotEscapeTheBundle() {
        #expect(BundleFetcher.fileName(forInstance: "GDEKME1tH9E3") == "GDEKME1tH9E3.json")
        #expect(BundleFetcher.fileName(forInstance: "../../etc/passwd") == "%2E.%2F..%2Fetc%2Fpasswd.json")
        #expect(!BundleFetcher.fileName(forInstance: ".hidden").hasPrefix("."))
    }
}
