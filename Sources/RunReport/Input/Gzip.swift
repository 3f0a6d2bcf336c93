import CZlib

/// Reads `.json.gz` runs (gzip, by its magic bytes rather than the file name).
enum Gzip {
    enum Failure: Error {
        case corrupt(String)
        /// The output grew past the limit (a decompression bomb, or a run too large for memory).
        case tooLarge

        var reason: String {
            switch self {
            case .corrupt(let reason): reason
            case .tooLarge: "it inflates past the size limit"
            }
        }
    }

    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Inflates a whole gzip stream (several concatenated members included), to at most `limit` bytes.
    static func decompress(_ input: [UInt8], limit: Int = .max) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header, not a zlib one.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(input.count * 4, limit))
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
                    output.append(contentsOf: outBuffer[0..<(outBuffer.count - Int(stream.avail_out))])
                    return output.count > limit ? Z_MEM_ERROR : s
                }
                // A second gzip member may follow the first.
                if status == Z_STREAM_END, stream.avail_in > 0 {
                    status = inflateReset(&stream) == Z_OK ? Z_OK : Z_DATA_ERROR
                }
            } while status == Z_OK
            return status
        }
        if output.count > limit { throw .tooLarge }
        guard result == Z_STREAM_END else {
            throw .corrupt(result == Z_BUF_ERROR ? "the data ends early (truncated)" : "corrupt data (zlib status \(result))")
        }
        return output
    }
}
