import Foundation
import Testing

/// The fake Currents API (`FakeCurrents/fake_currents.py`) running on 127.0.0.1 for one test: real
/// HTTP over a loopback socket. It exits when this object goes away (its stdin closes).
final class FakeCurrentsServer: @unchecked Sendable {
    static let script = Fixtures.packageRoot.appendingPathComponent("Tests/RunReportTests/FakeCurrents/fake_currents.py")
    static let runsList = Fixtures.packageRoot.appendingPathComponent("Tests/RunReportTests/FakeCurrents/runs-list.json")
    static let key = "rr-test-key-9f8e7d6c5b4a"
    static let readOnlyKey = "rr-readonly-key-1a2b3c4d"

    let process = Process()
    private let stdin = Pipe()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    private var control: String { "http://127.0.0.1:\(port)" }

    /// `runsList: false` makes the list endpoint list the bundles themselves (several `--bundle`s).
    init(bundle: String, extraArguments: [String] = [], runsList: Bool = true) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", Self.script.path, "--bundle", bundle, "--key", Self.key, "--readonly-key", Self.readOnlyKey]
            + (runsList ? ["--runs", Self.runsList.path] : []) + extraArguments
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is `PORT n`.
        var line = Data()
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw FakeServerError(message: "the fake server did not start: \(text)")
        }
        self.port = port
    }

    deinit {
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    struct FakeServerError: Error { var message: String }

    /// Fault rules (see the script): e.g. `["path": "/instances/", "status": 503, "times": 2]`.
    /// Clears the fault rules and the counters.
    func reset() throws {
        _ = try call("POST", "/__reset", body: nil)
    }

    func inject(_ rules: [[String: Any]]) throws {
        _ = try call("POST", "/__faults", body: try JSONSerialization.data(withJSONObject: rules))
    }

    struct Stats {
        var requests: [String: Int]
        var userAgents: [String]
        var acceptEncodings: [String]
        var keyInURL: Bool
        var gzipped: Int
        var maxInFlight: Int
        /// The head of each request the sink received (a redirect target or a proxy).
        var sink: [String] = []
        var sinkPort: Int = 0
        /// `--artifacts`: each artifact request as the server received it: its path, its
        /// `Authorization` header (nil when none was sent), and whether its whole body went out.
        var artifactRequests: [(path: String, authorization: String?, complete: Bool)] = []
        func count(_ request: String) -> Int { requests[request] ?? 0 }
        var total: Int { requests.values.reduce(0, +) }
    }

    func stats() throws -> Stats {
        let data = try call("GET", "/__stats", body: nil)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Stats(
            requests: object["requests"] as? [String: Int] ?? [:], userAgents: object["userAgents"] as? [String] ?? [],
            acceptEncodings: object["acceptEncodings"] as? [String] ?? [], keyInURL: object["keyInURL"] as? Bool ?? true,
            gzipped: object["gzipped"] as? Int ?? 0, maxInFlight: object["maxInFlight"] as? Int ?? 0,
            sink: object["sink"] as? [String] ?? [], sinkPort: object["sinkPort"] as? Int ?? 0,
            artifactRequests: (object["artifactRequests"] as? [[String: Any]] ?? []).map {
                (
                    path: $0["path"] as? String ?? "", authorization: $0["authorization"] as? String,
                    complete: $0["complete"] as? Bool ?? false
                )
            })
    }

    /// A tiny blocking HTTP/1.1 call over a socket, for the control endpoints (no URLSession, so the
    /// control path shares nothing with the code under test).
    private func call(_ method: String, _ path: String, body: Data?) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FakeServerError(message: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw FakeServerError(message: "connect") }
        var request = Data(
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body?.count ?? 0)\r\n\r\n".utf8)
        if let body { request.append(body) }
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        guard let split = response.range(of: Data("\r\n\r\n".utf8)) else { throw FakeServerError(message: "no response") }
        return response[split.upperBound...]
    }
}
