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
    /// The body passed the response's size limit (its own or the request's `maxBodyBytes`).
    package var isOverLimit = false
    /// A 2xx body of a media type the request did not accept (``HTTPRequest/acceptedMediaTypes``):
    /// the type it had ("" when none), the transfer ended before its body.
    package var rejectedMediaType: String?
    package var description: String { detail }

    package init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }
}
