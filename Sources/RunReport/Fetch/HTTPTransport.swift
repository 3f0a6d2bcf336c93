/// The one seam between the client and the network (`style.md`: inject the world), so tests run
/// the client against a local server and the CLI against the real API.
package protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}
