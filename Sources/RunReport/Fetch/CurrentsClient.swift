import Foundation

/// The Currents REST API v1: authenticated requests with retries, gzip, and the
/// `{status, data}` envelope. Returns response bodies as bytes; callers decode them with the same
/// decoder that reads saved files, so a fetched run and a saved one are read identically.
package struct CurrentsClient: Sendable {
    package static let defaultBaseURL = "https://api.currents.dev/v1"

    package var baseURL: URL
    package var apiKey: String
    package var transport: any HTTPTransport
    package var retry: RetryPolicy
    package var timeout: Duration
    /// Told about each retry (`GET /instances/x: 503; retry 2 in 1.4 s`), for progress output.
    package var onRetry: (@Sendable (String) -> Void)?

    package init(
        baseURL: URL, apiKey: String, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(30), onRetry: (@Sendable (String) -> Void)? = nil
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.transport = transport
        self.retry = retry
        self.timeout = timeout
        self.onRetry = onRetry
    }

    /// A base URL the client may send a key to: https anywhere, plain http only to this machine
    /// (the tests' local server). Anything else would leak the key.
    package static func validateBaseURL(_ text: String) -> URL? {
        guard let url = secureURL(text), url.query == nil, url.fragment == nil else { return nil }
        return url
    }

    /// The rule every request of runreport follows, to the API or to an artifact host: https
    /// anywhere, plain http only to this machine; no user or password in the URL.
    static func secureURL(_ text: String) -> URL? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty,
            url.user == nil, url.password == nil
        else { return nil }
        if scheme == "https" { return url }
        if scheme == "http", ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) { return url }
        return nil
    }

    /// A body with its share of the transport's in-flight limit: keep the value for as long as the
    /// bytes are held, so that the limit counts them (a fetch holds the run until it is written).
    package struct Leased: Sendable {
        package var bytes: [UInt8]
        package var lease: ByteLease?
    }

    // MARK: Calls, with retries

    /// Sends one call, retrying transient failures; returns the 2xx body, decompressed.
    package func send(_ endpoint: Endpoint) async throws(APIError) -> [UInt8] {
        try await sendLeased(endpoint).bytes
    }

    /// ``send(_:)``, the body still holding its share of the in-flight limit.
    package func sendLeased(_ endpoint: Endpoint) async throws(APIError) -> Leased {
        let call = endpoint.label
        guard let url = endpoint.url(under: baseURL) else {
            throw APIError(kind: .invalidResponse, endpoint: endpoint, message: "cannot form a URL", attempts: 0, elapsedSeconds: 0)
        }
        var request = HTTPRequest(
            method: endpoint.method, url: url,
            headers: [
                "Authorization": "Bearer \(apiKey)", "Accept": "application/json", "Accept-Encoding": "gzip",
                "User-Agent": "runreport/\(RunReportVersion.current)",
            ], timeout: timeout)

        // The whole call, retries included, ends by `deadline`: each attempt's timeout is cut to
        // the time left, so `--max-retry-time` is a bound, not a point after which no new attempt
        // starts. The first attempt always has its full timeout.
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + max(retry.maxTotal, timeout)
        var attempt = 0
        while true {
            attempt += 1
            request.timeout = min(timeout, deadline - clock.now)
            let outcome: Result<HTTPResponse, TransportError>
            do {
                outcome = .success(try await transport.send(request))
            } catch {
                outcome = .failure(error)
            }
            let elapsed = clock.now - start
            func fail(_ kind: APIError.Kind, _ message: String) -> APIError {
                APIError(
                    kind: kind, endpoint: endpoint, message: redact(message), attempts: attempt,
                    elapsedSeconds: elapsed.inMilliseconds / 1000)
            }
            let failure: APIError
            var retryAfter: String?
            switch outcome {
            case .failure(let error):
                failure = fail(.transport, error.detail)
                // A response over its size limit, a TLS or proxy failure: another try gets the same.
                guard error.kind != .other else { throw failure }
            case .success(let response):
                if (200..<300).contains(response.status) {
                    do {
                        let body = Self.redacting(apiKey, in: try Self.decodeBody(response))
                        return Leased(bytes: body, lease: response.lease)
                    } catch {
                        // A body that does not decompress was cut short or mangled on the way.
                        failure = fail(.invalidResponse, error.description)
                        break
                    }
                }
                if (300..<400).contains(response.status) {
                    // Never followed: the key would go wherever `Location` points (issue: redirects).
                    throw fail(.redirect(response.status), Self.redirectTarget(response.headers["location"], from: url))
                }
                let body = (try? Self.decodeBody(response)) ?? response.body
                failure = fail(.status(response.status), Self.errorMessage(body))
                guard RetryPolicy.isRetryable(status: response.status) else { throw failure }
                retryAfter = response.headers["retry-after"]
            }
            guard attempt < retry.maxAttempts else { throw failure }
            let wait = retry.delay(beforeRetry: attempt, retryAfter: retryAfter, now: Date())
            // A retry needs time for its wait and some of a response after it.
            guard clock.now + wait + .milliseconds(100) < deadline, elapsed + wait <= retry.maxTotal else { throw failure }
            let reason: String = failure.status.map { "\($0)" } ?? failure.message
            onRetry?(
                "\(call): \(reason); retry \(attempt) of \(retry.maxAttempts - 1) in \(Format.duration(Int64(wait.inMilliseconds)))"
            )
            try? await Task.sleep(for: wait)
            // A sibling failed and the whole fetch is being abandoned: stop retrying.
            if Task.isCancelled { throw failure }
        }
    }

    /// Where a redirect pointed, as far as a message may say: the scheme, host and port, never the
    /// path or query (a signed URL or a token could be in them).
    static func redirectTarget(_ location: String?, from base: URL) -> String {
        guard let location, !location.isEmpty else { return "no Location" }
        guard let target = URL(string: location, relativeTo: base)?.absoluteURL, let host = target.host else {
            return "an unreadable Location"
        }
        let scheme = target.scheme?.lowercased() ?? "?"
        let port = target.port.map { ":\($0)" } ?? ""
        return Format.terminalSafe("\(scheme)://\(host)\(port)")
    }

    /// The body, gunzipped when the server compressed it (libcurl may already have done so), never
    /// past the size a saved file may have (`InputLimits`): a response cannot inflate into a bomb.
    static func decodeBody(_ response: HTTPResponse) throws(InputError) -> [UInt8] {
        guard Gzip.isCompressed(response.body) else { return response.body }
        do {
            return try Gzip.decompress(response.body, limit: InputLimits.standard.maxFileBytes)
        } catch {
            throw .badGzip(file: "response", reason: error.reason)
        }
    }

    /// The API's `{"status":"FAILED","error":"…"}` text, or the start of whatever else came back.
    static func errorMessage(_ body: [UInt8]) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], let error = object["error"] as? String {
            return Format.terminalSafe(error)
        }
        let text = Format.terminalSafe(String(decoding: body.prefix(200), as: UTF8.self)).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "" : "\"\(text)\(body.count > 200 ? "…" : "")\""
    }

    /// The body with every occurrence of the key replaced by `[key]`: a server that echoes the key
    /// back (in a test title, a run id) must not get it into a saved bundle, a report or a message.
    /// A body without it is returned as it is, without a copy.
    static func redacting(_ key: String, in body: [UInt8]) -> [UInt8] {
        let needle = Array(key.utf8)
        guard !needle.isEmpty, body.count >= needle.count else { return body }
        var found: [Int] = []
        body.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin in
                guard let base = hay.baseAddress, let pinBase = pin.baseAddress else { return }
                var offset = 0
                // memchr for the first byte, then memcmp (Swift's Glibc does not export memmem).
                while offset + needle.count <= hay.count,
                    let hit = memchr(base + offset, Int32(needle[0]), hay.count - offset - needle.count + 1)
                {
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, pinBase, needle.count) == 0 {
                        found.append(at)
                        offset = at + needle.count
                    } else {
                        offset = at + 1
                    }
                }
            }
        }
        guard !found.isEmpty else { return body }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var start = 0
        for at in found {
            out.append(contentsOf: body[start..<at])
            out.append(contentsOf: Array("[key]".utf8))
            start = at + needle.count
        }
        out.append(contentsOf: body[start...])
        return out
    }

    /// Whatever a server says, the key never reaches a message.
    private func redact(_ text: String) -> String {
        apiKey.isEmpty ? text : text.replacingOccurrences(of: apiKey, with: "[key]")
    }
}
