/// A small streaming JSON writer: keys in the order written (so `summary.json` keeps the order of
/// `summary-json.md`), explicit `null`s, two-space indentation, and output that is a pure function
/// of the calls — `JSONEncoder` omits nils and does not promise key order.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []
    private var afterKey = false

    package init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<needsComma.count { bytes.append(0x20); bytes.append(0x20) }
    }

    /// Comma and indentation before a value or key.
    private mutating func prefix() {
        if afterKey {
            afterKey = false
            return
        }
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
        newline()
    }

    package mutating func beginObject() {
        prefix()
        bytes.append(0x7B)
        needsComma.append(false)
    }

    package mutating func endObject() {
        let hadMembers = needsComma.removeLast()
        if hadMembers { newline() }
        bytes.append(0x7D)
    }

    package mutating func beginArray() {
        prefix()
        bytes.append(0x5B)
        needsComma.append(false)
    }

    package mutating func endArray() {
        let hadMembers = needsComma.removeLast()
        if hadMembers { newline() }
        bytes.append(0x5D)
    }

    package mutating func key(_ name: String) {
        prefix()
        appendString(name)
        bytes.append(0x3A)
        bytes.append(0x20)
        afterKey = true
    }

    package mutating func null() {
        prefix()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    }

    package mutating func bool(_ value: Bool) {
        prefix()
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    package mutating func int<I: BinaryInteger>(_ value: I) {
        prefix()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Shortest round-trip decimal; non-finite values (which JSON cannot hold) become `null`.
    package mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        prefix()
        bytes.append(contentsOf: "\(value)".utf8)
    }

    package mutating func string(_ value: String) {
        prefix()
        appendString(value)
    }

    // Optionals: `nil` is written as null.
    package mutating func string(_ value: String?) { if let value { string(value) } else { null() } }
    package mutating func int<I: BinaryInteger>(_ value: I?) { if let value { int(value) } else { null() } }
    package mutating func double(_ value: Double?) { if let value { double(value) } else { null() } }
    package mutating func bool(_ value: Bool?) { if let value { bool(value) } else { null() } }

    /// RFC 8259 escaping; `<`, `>` and `&` are escaped too so the text can sit inside HTML safely.
    private mutating func appendString(_ value: String) {
        bytes.append(0x22)
        let hex = Array("0123456789abcdef".utf8)
        for byte in value.utf8 {
            switch byte {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0x00..<0x20, 0x7F, 0x3C, 0x3E, 0x26:
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }
}
