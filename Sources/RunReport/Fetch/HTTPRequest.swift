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
