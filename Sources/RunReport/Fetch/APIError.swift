/// A Currents API call that failed for good. Messages read well after `Error: `, name the call
/// (method and path, never the key) and say what to do.
package struct APIError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// An HTTP status the API answered with (after any retries).
        case status(Int)
        /// A 3xx: never followed, so that the key goes only to the API host. The message is the
        /// target's scheme, host and port.
        case redirect(Int)
        /// No usable response: connection refused or reset, timed out, body cut short.
        case transport
        /// A 2xx response whose body is not what the endpoint returns.
        case invalidResponse
    }

    package var kind: Kind
    /// The call that failed: its label names it, its hints say what a 404 or 403 from it means.
    package var endpoint: Endpoint
    /// The API's `error` text, or the start of a non-JSON body, or the transport's reason.
    package var message: String
    package var attempts: Int
    package var elapsedSeconds: Double

    /// `GET /runs/abc`.
    package var call: String { endpoint.label }

    package var status: Int? {
        if case .status(let s) = kind { return s }
        return nil
    }

    package var description: String {
        let api = message.isEmpty ? "" : ": \(message)"
        let retried = attempts > 1 ? " (gave up after \(attempts) attempts in \(Self.seconds(elapsedSeconds)) s)" : ""
        switch kind {
        case .status(400): return "\(call): the API rejected the request (400\(api))."
        case .status(401):
            return "\(call): the API key was refused (401\(api)). Check CURRENTS_API_KEY or --api-key; the key is not shown."
        case .status(403):
            let hint = endpoint.forbiddenHint.map { "; \($0)." } ?? "."
            return "\(call): the API key \(endpoint.forbiddenReason) (403\(api))\(hint)"
        case .status(404): return "\(call): not found (404\(api)); \(endpoint.notFoundHint)"
        case .status(422): return "\(call): the API refused it (422\(api))."
        case .status(let s): return "\(call): the API answered \(s)\(api)\(retried)."
        case .redirect(let s):
            return
                "\(call): the API answered \(s), a redirect to \(message); runreport follows no redirect, so that the key goes only to the API host. Check --api-url or CURRENTS_API_URL."
        case .transport: return "\(call): \(message)\(retried)."
        case .invalidResponse: return "\(call): the response is not what the API returns: \(message)\(retried)."
        }
    }

    private static func seconds(_ s: Double) -> String {
        let tenths = Int((s * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
