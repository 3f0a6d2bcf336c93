import Foundation

/// JSON `\uD800`–`\uDFFF` escapes that are not a high-low pair, rewritten in place to `\uFFFD`:
/// the same six bytes, so every offset and path stays as it was.
enum LoneSurrogates {
    /// Returns how many escapes were rewritten. A backslash occurs only inside strings in JSON, and
    /// an escaped backslash (`\\ud800`) is skipped whole, so text that merely looks like an
    /// escape is left alone.
    static func repair(_ bytes: inout [UInt8]) -> Int {
        var count = 0
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let n = buffer.count
            var i = 0
            while i < n {
                guard let found = memchr(base + i, 0x5C, n - i) else { return }
                i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard i + 1 < n else { return }
                guard buffer[i + 1] == 0x75, let unit = hex4(buffer, at: i + 2) else {
                    i += 2
                    continue
                }
                if (0xD800...0xDBFF).contains(unit) {
                    if i + 11 < n, buffer[i + 6] == 0x5C, buffer[i + 7] == 0x75, let low = hex4(buffer, at: i + 8),
                        (0xDC00...0xDFFF).contains(low)
                    {
                        i += 12
                        continue
                    }
                } else if !(0xDC00...0xDFFF).contains(unit) {
                    i += 6
                    continue
                }
                for (k, byte) in "fffd".utf8.enumerated() { buffer[i + 2 + k] = byte }
                count += 1
                i += 6
            }
        }
        return count
    }

    private static func hex4(_ buffer: UnsafeMutableBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i + 4 <= buffer.count else { return nil }
        var value = 0
        for k in 0..<4 {
            let b = buffer[i + k]
            let digit: Int
            switch b {
            case 0x30...0x39: digit = Int(b - 0x30)
            case 0x41...0x46: digit = Int(b - 0x41 + 10)
            case 0x61...0x66: digit = Int(b - 0x61 + 10)
            default: return nil
            }
            value = value * 16 + digit
        }
        return value
    }
}
