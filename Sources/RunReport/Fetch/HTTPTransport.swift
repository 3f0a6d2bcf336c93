import CHTTP
import Foundation

/// One HTTP request, as the Currents client (and the artifact downloader) sends it.
package struct HTTPRequest: Sendable {
    package var method: String
    package var url: URL
    package var headers: [String: String]
    package var timeout: Duration

    package init(method: String, url: URL, headers: [String: String], timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.timeout = timeout
    }
}

/// One HTTP response: status, headers (names lower-cased) and the whole body, inflated when the
/// server sent it gzipped.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: [String: String]
    package var body: [UInt8]
    /// The share of the transport's in-flight limit this body holds, until the last copy of the
    /// response (or of the lease, see ``CurrentsClient/Leased``) is gone.
    package var lease: ByteLease?

    package init(status: Int, headers: [String: String], body: [UInt8], lease: ByteLease? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.lease = lease
    }
}

/// The request could not complete: no connection, reset, timed out, a body cut short, or a
/// response over its size limit.
package struct TransportError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable {
        /// Worth a retry.
        case timedOut, connection
        /// Final: a retry would get the same (TLS, a response over its limit, a proxy refusal).
        case other
    }
    package var kind: Kind
    package var detail: String
    package var description: String { detail }

    package init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

/// The one seam between the client and the network (`style.md`: inject the world), so tests run
/// the client against a local server and the CLI against the real API.
package protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

/// How large responses may grow. A response is counted as it streams — the bytes on the wire, then
/// the bytes it inflates to — and stopped the moment it passes a limit, so that no server can make
/// runreport hold more than `inFlightBytes` at once, however many requests run concurrently.
package struct ResponseLimits: Sendable, Equatable {
    /// One response, on the wire and inflated alike.
    package var perResponseBytes: Int
    /// All responses being received or inflated at the same moment.
    package var inFlightBytes: Int

    package init(perResponseBytes: Int, inFlightBytes: Int) {
        self.perResponseBytes = perResponseBytes
        self.inFlightBytes = inFlightBytes
    }

    /// The same 1 GiB a saved file may have (`InputLimits`), and 2 GiB across all requests in flight.
    package static let standard = ResponseLimits(perResponseBytes: InputLimits.standard.maxFileBytes, inFlightBytes: 2 << 30)
}

/// libcurl, driven through a small C target (`CHTTP`), one blocking transfer per thread.
///
/// What libcurl would otherwise do by itself is switched off, because each default broke a promise
/// (issue: a key must go only to its API host, no response may exhaust memory):
/// - **no redirect is followed**: a 3xx comes back as it is, and the client refuses it. Following
///   one would send `Authorization` to whatever host the `Location` names, also over plain http.
/// - **no automatic inflating**: libcurl inflated gzip before any limit could see it (a 3 MB body
///   grew to 12.7 GB). The body arrives as sent and is inflated here, with the limit.
/// - **proxies only for https**: an `https_proxy`/`all_proxy` sees a CONNECT tunnel, never the key;
///   plain http (allowed only to localhost) never goes through a proxy, where the key would travel
///   in clear.
/// - **only http and https**.
package final class CurlTransport: HTTPTransport {
    private let limits: ResponseLimits
    private let budget: ByteBudget

    package init(limits: ResponseLimits = .standard) {
        self.limits = limits
        budget = ByteBudget(limit: limits.inFlightBytes)
        rr_http_init()
    }

    package func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result: Result<HTTPResponse, TransportError> = await withCheckedContinuation { continuation in
            // A thread of its own: the transfer blocks, and the cooperative pool must not.
            let thread = Thread { [limits, budget] in
                continuation.resume(returning: Self.perform(request, limits: limits, budget: budget))
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        return try result.get()
    }

    private static func perform(_ request: HTTPRequest, limits: ResponseLimits, budget: ByteBudget) -> Result<
        HTTPResponse, TransportError
    > {
        let receiver = Receiver(limit: limits.perResponseBytes, lease: ByteLease(budget: budget))
        let scheme = request.url.scheme?.lowercased() ?? ""
        let lines = request.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        let timeoutMs = max(1, Int(ReportJob.milliseconds(request.timeout)))

        var result = rr_http_result()
        let code: Int32 = withCStrings(lines) { headerPointers in
            request.method.withCString { method in
                request.url.absoluteString.withCString { url in
                    headerPointers.withUnsafeBufferPointer { headers in
                        var spec = rr_http_request()
                        spec.method = method
                        spec.url = url
                        spec.headers = headers.baseAddress
                        spec.header_count = headers.count
                        spec.timeout_ms = timeoutMs
                        spec.use_proxy = scheme == "https" ? 1 : 0
                        spec.max_body_bytes = Int64(limits.perResponseBytes)
                        spec.on_body = { context, data, length in
                            guard let context, let data else { return 0 }
                            return Unmanaged<Receiver>.fromOpaque(context).takeUnretainedValue().body(data, length)
                        }
                        spec.on_header = { context, data, length in
                            guard let context, let data else { return 0 }
                            return Unmanaged<Receiver>.fromOpaque(context).takeUnretainedValue().header(data, length)
                        }
                        spec.context = Unmanaged.passUnretained(receiver).toOpaque()
                        return rr_http_perform(&spec, &result)
                    }
                }
            }
        }
        let curlMessage = Format.terminalSafe(
            withUnsafeBytes(of: result.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })
        let timeoutText = "no response within \(Self.format(Double(timeoutMs) / 1000)) s"
        switch Int(code) {
        case Int(RR_HTTP_OK): break
        case Int(RR_HTTP_ABORTED):
            return .failure(receiver.failure ?? TransportError(.connection, "the transfer was aborted"))
        case Int(RR_HTTP_TOO_LARGE):
            return .failure(receiver.tooLarge(announced: true))
        case Int(RR_HTTP_TIMEOUT): return .failure(TransportError(.timedOut, timeoutText))
        case Int(RR_HTTP_RESOLVE): return .failure(TransportError(.connection, "the host name does not resolve"))
        case Int(RR_HTTP_TLS): return .failure(TransportError(.other, "the TLS connection failed (\(curlMessage))"))
        case Int(RR_HTTP_PROXY): return .failure(TransportError(.other, "the proxy could not be used (\(curlMessage))"))
        case Int(RR_HTTP_CONNECT):
            return .failure(TransportError(.connection, "the connection failed or the response was cut short (\(curlMessage))"))
        default: return .failure(TransportError(.connection, "the request failed (\(curlMessage))"))
        }
        var body = receiver.bytes
        receiver.bytes = []
        if let encoding = receiver.headers["content-encoding"]?.lowercased(), encoding == "gzip" || encoding == "x-gzip" {
            let compressedCapacity = body.capacity
            switch receiver.inflate(body) {
            case .success(let inflated):
                body = inflated
                // The compressed bytes are gone now; their share is free again.
                receiver.lease.give(back: compressedCapacity)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(HTTPResponse(status: Int(result.status), headers: receiver.headers, body: body, lease: receiver.lease))
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// Runs `body` with the strings as NUL-terminated C strings that live for the call.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) })
}

/// One response as it arrives: headers of the final response, body bytes under both limits.
private final class Receiver: @unchecked Sendable {
    // Touched only by the transfer's own thread, then read after it ends.
    var bytes: [UInt8] = []
    var headers: [String: String] = [:]
    var failure: TransportError?
    let lease: ByteLease
    private let limit: Int

    init(limit: Int, lease: ByteLease) {
        self.limit = limit
        self.lease = lease
    }

    func body(_ data: UnsafePointer<CChar>, _ length: Int) -> Int {
        if bytes.count + length > limit {
            failure = tooLarge(announced: false)
            return 0
        }
        // The buffer grows under our control, so that what the budget holds is its real size.
        if bytes.count + length > bytes.capacity {
            let announced = headers["content-length"].flatMap(Int.init) ?? 0
            let grown = min(max(bytes.capacity * 2, bytes.count + length, bytes.isEmpty ? announced : 0, 1 << 16), limit)
            guard lease.take(grown - bytes.capacity) else {
                failure = overBudget()
                return 0
            }
            bytes.reserveCapacity(grown)
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
        return length
    }

    /// Header lines of every response on the way (a proxy's `200 Connection established` included):
    /// a status line starts a new set, so what remains are the final response's.
    func header(_ data: UnsafePointer<CChar>, _ length: Int) -> Int {
        let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") {
            headers = [:]
            return length
        }
        guard let colon = line.firstIndex(of: ":") else { return length }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        // Only so many headers: a server cannot grow this without bound either.
        if headers.count < 200, value.utf8.count <= 8192 { headers[name] = value }
        return length
    }

    /// Inflates a gzip body, never past the per-response limit nor the bytes still free in flight
    /// (reserved chunk by chunk as it inflates, and released when the response is handed over).
    func inflate(_ compressed: [UInt8]) -> Result<[UInt8], TransportError> {
        do {
            return .success(
                try Gzip.decompress(compressed, limit: limit) { n in lease.take(n) })
        } catch .tooLarge {
            return .failure(tooLarge(announced: false, inflated: true))
        } catch .refused {
            return .failure(overBudget())
        } catch {
            return .failure(TransportError(.connection, "the gzip body is damaged: \(error.reason)"))
        }
    }

    func tooLarge(announced: Bool, inflated: Bool = false) -> TransportError {
        let what = announced ? "announces a body" : inflated ? "inflates" : "is"
        return TransportError(.other, "the response \(what) over the limit of \(InputLimits.describe(limit)); nothing was saved")
    }

    func overBudget() -> TransportError {
        TransportError(
            .other, "the responses in flight passed the limit of \(InputLimits.describe(lease.budget.limit)) together; nothing was saved")
    }
}

/// One response's share of the in-flight limit: taken as its buffers grow, given back whole when
/// the lease goes away — which is when the body is no longer held (``CurrentsClient/Leased``).
package final class ByteLease: @unchecked Sendable {
    fileprivate let budget: ByteBudget
    private var held = 0
    private let lock = NSLock()

    fileprivate init(budget: ByteBudget) { self.budget = budget }

    fileprivate func take(_ n: Int) -> Bool {
        guard n > 0 else { return true }
        guard budget.reserve(n) else { return false }
        lock.withLock { held += n }
        return true
    }

    fileprivate func give(back n: Int) {
        let n = lock.withLock {
            let given = min(n, held)
            held -= given
            return given
        }
        budget.release(n)
    }

    deinit { budget.release(held) }
}

/// Bytes held by all responses in flight, against one limit.
fileprivate final class ByteBudget: @unchecked Sendable {
    let limit: Int
    private var used = 0
    private let lock = NSLock()

    init(limit: Int) { self.limit = limit }

    func reserve(_ n: Int) -> Bool {
        lock.withLock {
            guard used + n <= limit else { return false }
            used += n
            return true
        }
    }

    func release(_ n: Int) {
        lock.withLock { used -= n }
    }
}
