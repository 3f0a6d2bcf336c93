import Foundation

extension CurlTransport {
    /// One response as it arrives: headers of the final response, body bytes under both limits.
    final class Receiver: @unchecked Sendable {
        // Touched only by the transfer's own thread, then read after it ends.
        var bytes: [UInt8] = []
        var headers: [String: String] = [:]
        var failure: TransportError?
        let lease: ByteLease
        private let limit: Int
        private let accepted: Set<String>?
        /// The status of the response whose headers are being read (the final one's, at the body).
        private var status = 0
        private var typeChecked = false

        init(limit: Int, lease: ByteLease, accepted: Set<String>? = nil) {
            self.limit = limit
            self.lease = lease
            self.accepted = accepted
        }

        func body(_ data: UnsafePointer<CChar>, _ length: Int) -> Int {
            if !typeChecked {
                // At the first body byte the final response's headers are all here: a 2xx of a type
                // the caller would refuse stops now, not after its whole body.
                typeChecked = true
                let type = HTTPResponse.mediaType(headers["content-type"])
                if let accepted, (200..<300).contains(status), !accepted.contains(type) {
                    var error = TransportError(.other, "content type \(type.isEmpty ? "none" : type)")
                    error.rejectedMediaType = type
                    failure = error
                    return 0
                }
            }
            if bytes.count + length > limit {
                failure = tooLarge(announced: false)
                return 0
            }
            // The buffer grows under our control, so that what the budget holds is its real size.
            if bytes.count + length > bytes.capacity {
                let announced = headers["content-length"].flatMap(Int.init) ?? 0
                let grown = min(max(bytes.capacity * 2, bytes.count + length, bytes.isEmpty ? announced : 0, 1 << 16), limit)
                guard lease.take(grown - bytes.capacity) else {
                    failure = overBudget()
                    return 0
                }
                bytes.reserveCapacity(grown)
            }
            data.withMemoryRebound(to: UInt8.self, capacity: length) {
                bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
            }
            return length
        }

        /// Header lines of every response on the way (a proxy's `200 Connection established` included):
        /// a status line starts a new set, so what remains are the final response's.
        func header(_ data: UnsafePointer<CChar>, _ length: Int) -> Int {
            let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            if line.hasPrefix("HTTP/") {
                headers = [:]
                // `HTTP/1.1 200 OK`, `HTTP/2 200`: the second field.
                status = line.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
                return length
            }
            guard let colon = line.firstIndex(of: ":") else { return length }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            // Only so many headers: a server cannot grow this without bound either.
            if headers.count < 200, value.utf8.count <= 8192 { headers[name] = value }
            return length
        }

        /// Inflates a gzip body, never past the per-response limit nor the bytes still free in flight
        /// (reserved chunk by chunk as it inflates, and released when the response is handed over).
        func inflate(_ compressed: [UInt8]) -> Result<[UInt8], TransportError> {
            do {
                return .success(
                    try Gzip.decompress(compressed, limit: limit) { n in lease.take(n) })
            } catch .tooLarge {
                return .failure(tooLarge(announced: false, inflated: true))
            } catch .refused {
                return .failure(overBudget())
            } catch {
                return .failure(TransportError(.connection, "the gzip body is damaged: \(error.reason)"))
            }
        }

        func tooLarge(announced: Bool, inflated: Bool = false) -> TransportError {
            let what = announced ? "announces a body" : inflated ? "inflates" : "is"
            var error = TransportError(.other, "the response \(what) over the limit of \(InputLimits.describe(limit)); nothing was saved")
            error.isOverLimit = true
            return error
        }

        func overBudget() -> TransportError {
            TransportError(
                .other,
                "the responses in flight passed the limit of \(InputLimits.describe(lease.budget.limit)) together; nothing was saved")
        }
    }
}
