/// How large responses may grow. A response is counted as it streams — the bytes on the wire, then
/// the bytes it inflates to — and stopped the moment it passes a limit, so that no server can make
/// runreport hold more than `inFlightBytes` at once, however many requests run concurrently.
package struct ResponseLimits: Sendable, Equatable {
    /// One response, on the wire and inflated alike.
    package var perResponseBytes: Int
    /// All responses being received or inflated at the same moment.
    package var inFlightBytes: Int

    package init(perResponseBytes: Int, inFlightBytes: Int) {
        self.perResponseBytes = perResponseBytes
        self.inFlightBytes = inFlightBytes
    }

    /// The same 1 GiB a saved file may have (`InputLimits`), and 2 GiB across all requests in flight.
    package static let standard = ResponseLimits(perResponseBytes: InputLimits.standard.maxFileBytes, inFlightBytes: 2 << 30)
}
