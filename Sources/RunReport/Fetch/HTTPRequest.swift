import Foundation

/// One HTTP request, as the Currents client (and the artifact downloader) sends it.
package struct HTTPRequest: Sendable {
    package var method: String
    package var url: URL
    package var headers: [String: String]
    package var timeout: Duration
    /// A tighter bound than the transport's per-response limit for this one body (an artifact
    /// download gets what is left of `--artifacts-max-mb`); checked while the body streams.
    package var maxBodyBytes: Int? = nil
    /// For a 2xx answer, the media types its body may have (an artifact's kind allows a few). The
    /// transport ends a transfer of another type at its first body byte, instead of reading a body
    /// that would be thrown away; nil accepts any.
    package var acceptedMediaTypes: Set<String>? = nil

    package init(
        method: String, url: URL, headers: [String: String], timeout: Duration, maxBodyBytes: Int? = nil,
        acceptedMediaTypes: Set<String>? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.acceptedMediaTypes = acceptedMediaTypes
    }
}
