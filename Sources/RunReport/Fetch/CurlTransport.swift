import CHTTP
import Foundation

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
        // The transfer blocks, and the cooperative pool must not.
        let result = await OwnThread.run { [limits, budget] in Self.perform(request, limits: limits, budget: budget) }
        return try result.get()
    }

    private static func perform(_ request: HTTPRequest, limits: ResponseLimits, budget: ByteBudget) -> Result<
        HTTPResponse, TransportError
    > {
        let limit = max(1, min(limits.perResponseBytes, request.maxBodyBytes ?? Int.max))
        let receiver = Receiver(limit: limit, lease: ByteLease(budget: budget), accepted: request.acceptedMediaTypes)
        let scheme = request.url.scheme?.lowercased() ?? ""
        let lines = request.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        let timeoutMs = max(1, Int(request.timeout.inMilliseconds))

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
                        spec.max_body_bytes = Int64(limit)
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
