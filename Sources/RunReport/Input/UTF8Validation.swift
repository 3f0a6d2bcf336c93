import Foundation

/// UTF-8 validation with an ASCII fast path: JSON files are mostly ASCII, and a clear "not UTF-8 at
/// offset N" beats the decoder's generic complaint.
enum UTF8Validation {
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress else { return nil }
            let n = b.count
            var i = 0
            while i < n {
                // Skip ASCII eight bytes at a time.
                while i + 8 <= n {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                guard i < n else { return nil }
                let c = b[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                let length: Int
                var lower: UInt8 = 0x80
                var upper: UInt8 = 0xBF
                switch c {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F  // no UTF-16 surrogates
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return i
                }
                guard i + length <= n else { return i }
                guard b[i + 1] >= lower, b[i + 1] <= upper else { return i }
                var k = 2
                while k < length {
                    guard b[i + k] >= 0x80, b[i + k] <= 0xBF else { return i }
                    k += 1
                }
                i += length
            }
            return nil
        }
    }
}
