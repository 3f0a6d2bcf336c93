/// 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3) as 16 lowercase hex
/// digits: a short, stable name that any tool can compute again from the same bytes.
enum FNV1a {
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        let digits = String(h, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func hex(_ text: String) -> String { hex(text.utf8) }
}
