import CZlib

/// zlib-format compression (RFC 1950), for the large data blocks of the HTML report, which the page
/// inflates with the browser's own `DecompressionStream('deflate')`. Deterministic: the same bytes
/// and level give the same output with the same zlib.
enum Deflate {
    /// The compressed bytes, or nil if zlib fails (out of memory): the caller then embeds the plain text.
    static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var size = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                compress2(out.baseAddress, &size, source.baseAddress, uLong(source.count), level)
            }
        }
        guard status == Z_OK else { return nil }
        output.removeSubrange(Int(size)...)
        return output
    }
}
