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

extension HTTPResponse {
    /// The media type of a `Content-Type` value, lower-cased, without its parameters
    /// (`Image/PNG; q=1` → `image/png`); empty when there is none.
    package static func mediaType(_ contentType: String?) -> String {
        (contentType ?? "").split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
    }
}
