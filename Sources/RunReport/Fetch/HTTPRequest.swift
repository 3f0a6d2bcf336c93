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

    package init(method: String, url: URL, headers: [String: String], timeout: Duration, maxBodyBytes: Int? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
    }
}
