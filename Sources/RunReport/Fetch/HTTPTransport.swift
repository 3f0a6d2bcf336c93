import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP request, as the Currents client sends it.
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

/// One HTTP response: status, headers (names lower-cased) and the whole body.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: [String: String]
    package var body: [UInt8]

    package init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The request could not complete: no connection, reset, timed out, or a body cut short.
package struct TransportError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable { case timedOut, connection, other }
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

/// `URLSession` (libcurl underneath on Linux). No cache, no cookies, no credentials store: a key
/// lives only in the request's header.
package final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    package init(maximumConnections: Int) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maximumConnections)
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCredentialStorage = nil
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    package func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        let seconds = Double(request.timeout.components.seconds) + Double(request.timeout.components.attoseconds) / 1e18
        // Our own timer enforces the timeout (below); libcurl's is only a backstop, because under a
        // second it fired at random here.
        urlRequest.timeoutInterval = seconds + 5
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        let timedOut = TimeoutFlag()
        do {
            (data, response) = try await perform(urlRequest, timeout: request.timeout, timedOut: timedOut)
        } catch let error as URLError {
            if timedOut.isSet { throw TransportError(.timedOut, "no response within \(Self.format(seconds)) s") }
            switch error.code {
            case .timedOut: throw TransportError(.timedOut, "no response within \(Self.format(seconds)) s")
            case .networkConnectionLost: throw TransportError(.connection, "the connection was lost before the response was complete")
            case .cannotConnectToHost: throw TransportError(.connection, "the server refused the connection")
            case .cannotFindHost, .dnsLookupFailed: throw TransportError(.connection, "the host name does not resolve")
            case .notConnectedToInternet: throw TransportError(.connection, "there is no network")
            case .unknown:
                // libcurl's "partial file" (a body shorter than its Content-Length) arrives as -1.
                throw TransportError(.connection, "the connection failed or the response was cut short (URL error -1)")
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
                .serverCertificateHasUnknownRoot:
                throw TransportError(.other, "the TLS connection failed (\(error.code.rawValue))")
            default: throw TransportError(.connection, "the request failed (URL error \(error.code.rawValue))")
            }
        } catch {
            throw TransportError(.connection, "the request failed: \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw TransportError(.other, "the response is not HTTP") }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: [UInt8](data))
    }

    /// The completion-handler API, not `session.data(for:)`: cancelling the async API's task on Linux
    /// deadlocked FoundationNetworking (`URLSessionTask.cancel` against `resume`, seen here). A
    /// request is never cancelled; it ends by its response or its timeout.
    private func perform(_ request: URLRequest, timeout: Duration, timedOut: TimeoutFlag) async throws -> (Data, URLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                timedOut.finish()
                if let error {
                    continuation.resume(throwing: error)
                } else if let response {
                    continuation.resume(returning: (data ?? Data(), response))
                } else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                }
            }
            task.resume()
            let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds))) {
                if timedOut.expire() { task.cancel() }
            }
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// Whether a request ended by our timer (then its cancellation is reported as a timeout) or by its
/// own completion (then the timer does nothing).
private final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    private var expired = false

    var isSet: Bool { lock.withLock { expired } }

    func finish() { lock.withLock { finished = true } }

    /// Marks the request timed out unless it already finished; true when it did expire.
    func expire() -> Bool {
        lock.withLock {
            if finished { return false }
            expired = true
            return true
        }
    }
}
