import Foundation
import Testing

@testable import RunReport

/// The transport against a hostile server on 127.0.0.1 (`fake_currents.py`'s hostile modes and its
/// sink, a second listener that records every request head it receives): the key goes nowhere but
/// the API host, no response can exhaust memory, and the retry bound holds. Memory is measured
/// from outside, as the peak RSS of the process under `/usr/bin/time`.
@Suite(.serialized) struct TransportSecurityTests {
    let cli = CLITests()
    static let runId = "c7068a4d0aa7e75a"
    static let bundle = Fixtures.path("real-flaky-c7068a4d")
    static let gib = 1 << 30

    /// No proxy from the machine's environment unless a test sets one.
    func environment(_ server: FakeCurrentsServer, url: String? = nil, extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "CURRENTS_API_URL": url ?? server.baseURL, "CURRENTS_API_KEY": FakeCurrentsServer.key, "http_proxy": "", "https_proxy": "",
            "HTTPS_PROXY": "", "all_proxy": "", "ALL_PROXY": "", "no_proxy": "", "NO_PROXY": "",
        ]
        env.merge(extra) { $1 }
        return env
    }

    struct Measured {
        var result: CLITests.Result
        var peakBytes: Int
    }

    /// The binary under `/usr/bin/time -f %M`: its peak resident set, from outside.
    func measured(_ arguments: [String], environment: [String: String]) throws -> Measured {
        let time = "/usr/bin/time"
        try #require(FileManager.default.isExecutableFile(atPath: time), "scripts/install-test-deps.sh installs Debian's time")
        let report = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: report) }
        let file = report.appendingPathComponent("rss").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: time)
        process.arguments = ["-f", "%M", "-o", file, CLITests.binary.path] + arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // `time` prints "Command exited with non-zero status N" before the figure when N ≠ 0.
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let kilobytes = text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let peak = try #require(kilobytes, "no figure from time: \(text)")
        return Measured(
            result: CLITests.Result(
                status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                stderr: String(decoding: stderr, as: UTF8.self)),
            peakBytes: peak * 1024)
    }

    func expectNoKey(_ r: CLITests.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!r.stdout.contains(FakeCurrentsServer.key) && !r.stderr.contains(FakeCurrentsServer.key), sourceLocation: sourceLocation)
    }

    /// Nothing but the directory itself: no run.json, no instance, no temporary file.
    func expectNothingWritten(_ directory: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let names = (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []).filter {
            !$0.hasSuffix("instances")
        }
        #expect(names.isEmpty, "\(names)", sourceLocation: sourceLocation)
    }

    // MARK: The key goes only to the API host

    @Test(arguments: [301, 302, 303, 307, 308])
    func aRedirectIsRefusedAndTheKeyNeverReachesItsTarget(status: Int) throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        // Another port, then the same port under another host name: neither may see the key.
        for location in ["{sink}/v1/runs/\(Self.runId)", "http://localhost:\(server.port)/v1/runs/\(Self.runId)"] {
            try server.inject([["path": "/runs/", "mode": "redirect", "status": status, "location": location, "times": 1]])
            try cli.withTemporaryDirectory { dir in
                let r = try cli.run(
                    ["fetch", "--run-id", Self.runId, "--out", dir.appendingPathComponent("b").path, "--retry-delay", "0.01"],
                    environment: environment(server))
                #expect(r.status == 1)
                let host =
                    location.hasPrefix("{sink}") ? "http://127.0.0.1:\(try server.stats().sinkPort)" : "http://localhost:\(server.port)"
                #expect(
                    r.stderr.contains(
                        "Error: GET /runs/\(Self.runId): the API answered \(status), a redirect to \(host); runreport follows no redirect"),
                    "\(r.stderr)")
                expectNoKey(r)
            }
        }
        let stats = try server.stats()
        #expect(stats.sink.isEmpty, "the redirect target was contacted: \(stats.sink)")
        // Only the two redirected calls reached the API (localhost is this server: not followed either).
        #expect(stats.count("GET /v1/runs/\(Self.runId)") == 2)
    }

    @Test func aPlainHttpAPINeverGoesThroughAProxy() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        let proxy = "http://127.0.0.1:\(try server.stats().sinkPort)"
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("b")
            let r = try cli.run(
                ["fetch", "--run-id", Self.runId, "--out", out.path],
                environment: environment(server, extra: ["http_proxy": proxy, "HTTP_PROXY": proxy, "all_proxy": proxy, "ALL_PROXY": proxy]))
            // Straight to the API: the fetch works and the proxy saw nothing.
            #expect(r.status == 0, "\(r.stderr)")
            expectNoKey(r)
        }
        #expect(try server.stats().sink.isEmpty)
    }

    @Test func anHttpsAPIThroughAnHttpProxySendsTheProxyOnlyATunnelRequest() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        let proxy = "http://127.0.0.1:\(try server.stats().sinkPort)"
        try cli.withTemporaryDirectory { dir in
            let r = try cli.run(
                ["fetch", "--run-id", Self.runId, "--out", dir.appendingPathComponent("b").path, "--max-attempts", "1"],
                environment: environment(
                    server, url: "https://api.example.test/v1", extra: ["https_proxy": proxy, "HTTPS_PROXY": proxy]))
            // The sink refuses the tunnel (502): a final error, naming the call, never the key.
            #expect(r.status == 1)
            #expect(r.stderr.contains("Error: GET /runs/\(Self.runId): "), "\(r.stderr)")
            expectNoKey(r)
        }
        let heads = try server.stats().sink
        try #require(heads.count == 1, "\(heads)")
        #expect(heads[0].hasPrefix("CONNECT api.example.test:443 HTTP/1.1\r\n"), "\(heads[0])")
        #expect(!heads[0].contains(FakeCurrentsServer.key))
        #expect(!heads[0].lowercased().contains("authorization"))
    }

    // MARK: No response can exhaust memory

    /// Fetches with `rule` injected: exit 1 with `message` on standard error, the peak RSS below
    /// `peakBelow`, and no bundle (no run.json; for a refused run, no file at all).
    func expectRefused(
        _ rule: [String: Any], _ extra: [String] = [], message: String, peakBelow: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try server.inject([rule])
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("b")
            let m = try measured(["fetch", "--run-id", Self.runId, "--out", out.path] + extra, environment: environment(server))
            #expect(m.result.status == 1, sourceLocation: sourceLocation)
            #expect(m.result.stderr.contains(message), "\(m.result.stderr)", sourceLocation: sourceLocation)
            #expect(m.peakBytes < peakBelow, "peak RSS \(m.peakBytes >> 20) MiB", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("run.json").path), sourceLocation: sourceLocation)
            if (rule["path"] as? String) == "/runs/" { expectNothingWritten(out, sourceLocation: sourceLocation) }
        }
    }

    @Test func a2GiBBodyIsRefusedByItsLengthBeforeItIsRead() throws {
        try expectRefused(
            ["path": "/runs/", "mode": "huge", "bytes": 2 * Self.gib, "length": true],
            message: "Error: GET /runs/\(Self.runId): the response announces a body over the limit of 1.0 GiB; nothing was saved.",
            peakBelow: 200 << 20)
    }

    @Test func a2GiBBodyWithoutALengthStopsAtTheLimitWhileItStreams() throws {
        // Before: 7.4 GB.
        try expectRefused(
            ["path": "/runs/", "mode": "huge", "bytes": 2 * Self.gib],
            message: "Error: GET /runs/\(Self.runId): the response is over the limit of 1.0 GiB; nothing was saved.",
            peakBelow: 3 * Self.gib / 2)
    }

    @Test func anEndlessChunkedBodyStopsAtTheLimit() throws {
        // Before: 3.2 GB in 30 s, until the timeout.
        try expectRefused(
            ["path": "/instances/", "mode": "endless", "times": 1], ["--concurrency", "1"],
            message: ": the response is over the limit of 1.0 GiB; nothing was saved.", peakBelow: 3 * Self.gib / 2)
    }

    @Test func aGzipBombStopsAtTheLimitAsItInflates() throws {
        // Before: 12.7 GB for a 3 GiB bomb (libcurl inflated it before any limit saw it).
        try expectRefused(
            ["path": "/runs/", "mode": "bomb", "inflated": 5 * Self.gib / 4],
            message: "Error: GET /runs/\(Self.runId): the response inflates over the limit of 1.0 GiB; nothing was saved.",
            peakBelow: 3 * Self.gib / 2)
    }

    @Test func bombsInFlightTogetherStayWithinTheSharedLimit() throws {
        // Five instances at once, each inflating to 950 MiB: under the 1 GiB a response may have,
        // 4.6 GiB together, past the 2 GiB all responses in flight may hold. The peak is those
        // 2 GiB plus the copies made while a buffer grows or a body is decoded; before: every
        // bomb whole.
        try expectRefused(
            ["path": "/instances/", "mode": "bomb", "inflated": 950 << 20, "times": 5], ["--concurrency", "8"],
            message: ": the responses in flight passed the limit of 2.0 GiB together; nothing was saved.", peakBelow: 7 * Self.gib / 2)
    }

    // MARK: Retries end within their bound

    @Test func retriesEndWithinTheMaxRetryTime() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        try server.inject([["path": "/runs/", "mode": "slow", "delay": 20, "times": 10]])
        try cli.withTemporaryDirectory { dir in
            let start = Date()
            let r = try cli.run(
                [
                    "fetch", "--run-id", Self.runId, "--out", dir.appendingPathComponent("b").path, "--retry-delay", "0.01",
                    "--request-timeout", "2.5", "--max-retry-time", "3",
                ], environment: environment(server))
            let elapsed = Date().timeIntervalSince(start)
            #expect(r.status == 1)
            #expect(r.stderr.contains("Error: GET /runs/\(Self.runId): no response within"), "\(r.stderr)")
            // Before: a second full 2.5 s attempt started at 2.5 s, so the call took 5 s.
            #expect(elapsed < 4.2, "took \(elapsed) s")
            #expect(elapsed > 2.9, "took \(elapsed) s")
        }
    }

    // MARK: Instance ids that are not plain names

    /// The real bundle with its instance ids replaced: 300 characters, `.`, `..`, and two ids that
    /// differ only by case. The fake API finds instances by the id inside each file.
    func oddIdsBundle(in dir: URL) throws -> (bundle: String, ids: [String]) {
        let bundle = dir.appendingPathComponent("odd")
        try FileManager.default.createDirectory(at: bundle.appendingPathComponent("instances"), withIntermediateDirectories: true)
        let ids = [String(repeating: "i", count: 300), ".", "..", "caseid", "CASEID"]
        var runText = try String(contentsOfFile: Self.bundle + "/run.json", encoding: .utf8)
        let originals = try FileManager.default.contentsOfDirectory(atPath: Self.bundle + "/instances").sorted()
        try #require(originals.count == ids.count)
        for (n, name) in originals.enumerated() {
            let old = String(name.dropLast(".json".count))
            runText = runText.replacingOccurrences(of: "\"\(old)\"", with: "\"\(ids[n])\"")
            let instance = try String(contentsOfFile: Self.bundle + "/instances/" + name, encoding: .utf8)
                .replacingOccurrences(of: "\"\(old)\"", with: "\"\(ids[n])\"")
            try instance.write(to: bundle.appendingPathComponent("instances/file\(n).json"), atomically: true, encoding: .utf8)
        }
        try runText.write(to: bundle.appendingPathComponent("run.json"), atomically: true, encoding: .utf8)
        return (bundle.path, ids)
    }

    @Test func oddInstanceIdsAreFetchedIntoSafeDistinctFiles() throws {
        try cli.withTemporaryDirectory { dir in
            let (bundle, ids) = try oddIdsBundle(in: dir)
            let server = try FakeCurrentsServer(bundle: bundle)
            let out = dir.appendingPathComponent("fetched")
            let r = try cli.run(["fetch", "--run-id", Self.runId, "--out", out.path], environment: environment(server))
            #expect(r.status == 0, "\(r.stderr)")
            let stats = try server.stats()
            // `.` and `..` went as encoded segments, not as dot segments (`GET /v1/instances/`).
            #expect(stats.count("GET /v1/instances/%2E") == 1)
            #expect(stats.count("GET /v1/instances/%2E%2E") == 1)
            #expect(stats.requests.keys.allSatisfy { !$0.hasSuffix("/instances/") && !$0.hasSuffix("/v1/") }, "\(stats.requests)")
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path + "/instances").sorted()
            #expect(names.count == 5, "\(names)")
            // Every name fits a file system's 255 bytes, and no two fold to the same name.
            #expect(names.allSatisfy { $0.utf8.count <= 255 && !$0.hasPrefix(".") })
            #expect(Set(names.map { $0.lowercased() }).count == 5, "\(names)")
            // The report reads all five, matched by the id inside each file.
            let report = try cli.run(["report", out.path, "--out", dir.appendingPathComponent("r").path, "--quiet"])
            #expect(report.status == 0, "\(report.stderr)")
            let summary = try Data(contentsOf: dir.appendingPathComponent("r/summary.json"))
            let object = try #require(try JSONSerialization.jsonObject(with: summary) as? [String: Any])
            let warnings = (object["warnings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(!warnings.contains { $0.contains("instance") }, "\(warnings)")
            // A rerun fetches nothing again: each saved file is recognised by the id inside it.
            let again = try cli.run(["fetch", "--run-id", Self.runId, "--out", out.path], environment: environment(server))
            #expect(again.stdout.contains("(0 fetched, 5 already saved)"), "\(again.stdout)")
            _ = ids
        }
    }

    @Test func aSavedInstanceOfAnotherIdIsNotReused() throws {
        try cli.withTemporaryDirectory { dir in
            let (bundle, _) = try oddIdsBundle(in: dir)
            let server = try FakeCurrentsServer(bundle: bundle)
            let out = dir.appendingPathComponent("fetched")
            #expect(try cli.run(["fetch", "--run-id", Self.runId, "--out", out.path], environment: environment(server)).status == 0)
            // As a case-insensitive file system would have it: `caseid`'s file holds `CASEID`.
            let directory = out.appendingPathComponent("instances")
            func file(holding id: String) throws -> URL {
                let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                let name = try #require(
                    names.first {
                        (try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8))?.contains("\"\(id)\"") == true
                    })
                return directory.appendingPathComponent(name)
            }
            let lower = try file(holding: "caseid"), upper = try file(holding: "CASEID")
            #expect(lower != upper)
            try FileManager.default.removeItem(at: lower)
            try FileManager.default.copyItem(at: upper, to: lower)
            let again = try cli.run(["fetch", "--run-id", Self.runId, "--out", out.path], environment: environment(server))
            #expect(again.stdout.contains("(1 fetched, 4 already saved)"), "\(again.stdout)")
        }
    }

    @Test func instanceFileNamesAreShortDistinctAndDeterministic() {
        let long = String(repeating: "é", count: 300)
        let names = BundleFetcher.fileNames(forInstances: ["abc", "ABC", "Abc", long, long + "x", ".", ".."])
        #expect(names[0] == "abc.json")
        #expect(Set(names.map { $0.lowercased() }).count == names.count, "\(names)")
        #expect(names.allSatisfy { $0.utf8.count <= 255 && !$0.hasPrefix(".") && !$0.contains("/") }, "\(names)")
        #expect(names == BundleFetcher.fileNames(forInstances: ["abc", "ABC", "Abc", long, long + "x", ".", ".."]))
    }

    @Test func dotSegmentsAreEncodedWhole() {
        #expect(Endpoint.pathSegment(".") == "%2E")
        #expect(Endpoint.pathSegment("..") == "%2E%2E")
        #expect(Endpoint.pathSegment("a.b") == "a.b")
        #expect(Endpoint.pathSegment("a/b") == "a%2Fb")
    }
}
