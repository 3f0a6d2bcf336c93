import CZlib

/// Reads `.json.gz` runs (gzip, by its magic bytes rather than the file name).
enum Gzip {
    enum Failure: Error {
        case corrupt(String)
        /// The output grew past the limit (a decompression bomb, or a run too large for memory).
        case tooLarge
        /// The caller's `admit` refused a chunk of output (a budget shared with other work ran out).
        case refused

        var reason: String {
            switch self {
            case .corrupt(let reason): reason
            case .tooLarge: "it inflates past the size limit"
            case .refused: "there is no memory budget left to inflate it"
            }
        }
    }

    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Inflates a whole gzip stream (several concatenated members included), to at most `limit` bytes.
    /// `admit` is asked before the output's buffer grows (by how many bytes it grows: capacity, not
    /// count, since that is the memory it takes); false stops the inflating with ``Failure/refused``.
    static func decompress(_ input: [UInt8], limit: Int = .max, admit: (Int) -> Bool = { _ in true }) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header, not a zlib one.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var refused = false
        var overLimit = false
        let initial = min(input.count * 4, limit)
        guard admit(initial) else { throw .refused }
        output.reserveCapacity(initial)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = input
        let total = input.count
        let result: Int32 = input.withUnsafeMutableBufferPointer { inBuffer -> Int32 in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(total)
            var status: Int32 = Z_OK
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { outBuffer -> Int32 in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    let s = inflate(&stream, Z_NO_FLUSH)
                    let produced = outBuffer.count - Int(stream.avail_out)
                    if output.count + produced > limit {
                        overLimit = true
                        return Z_MEM_ERROR
                    }
                    if output.count + produced > output.capacity {
                        let grown = min(max(output.capacity * 2, output.count + produced), limit)
                        guard admit(grown - output.capacity) else {
                            refused = true
                            return Z_MEM_ERROR
                        }
                        output.reserveCapacity(grown)
                    }
                    output.append(contentsOf: outBuffer[0..<produced])
                    return s
                }
                // A second gzip member may follow the first.
                if status == Z_STREAM_END, stream.avail_in > 0 {
                    status = inflateReset(&stream) == Z_OK ? Z_OK : Z_DATA_ERROR
                }
            } while status == Z_OK
            return status
        }
        if refused { throw .refused }
        if overLimit { throw .tooLarge }
        guard result == Z_STREAM_END else {
            throw .corrupt(result == Z_BUF_ERROR ? "the data ends early (truncated)" : "corrupt data (zlib status \(result))")
        }
        return output
    }
}
