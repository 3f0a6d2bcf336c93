import Foundation

/// The fast reader gave the file back: it meets something outside the common case it handles, and
/// the exact decoder (`JSONDecoder` and the lenient rules) reads the file instead.
struct FastReadDeclined: Error {
    /// What was met, for the differential test's statistics; never shown to a user.
    var reason: StaticString
}

/// A byte-level reader of strict JSON (RFC 8259), specialised to what the wire model reads: the
/// hot path of decoding (README, "Two decoders, one behaviour").
///
/// It never decides anything the exact decoder would decide differently. It reads only the common
/// case — strict JSON, every known field of its expected type, no known key twice, nesting below
/// ``maxDepth`` — and declines (throws ``FastReadDeclined``) on anything else: a syntax error, a
/// trailing comma, a field of the wrong type, a number that is not a plain integer, an escaped key,
/// a timestamp that does not parse. Every warning and every error therefore still comes from the
/// exact decoder, with its message, and the two agree on every file the fast reader accepts —
/// which the differential test (`FastDecoderDifferentialTests`) and the fuzz target check.
struct FastJSONReader {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private(set) var offset = 0
    private var depth = 0
    /// Unescaped bytes of the string being read; reused from string to string.
    private var scratch: [UInt8] = []

    /// Far below any real run's nesting (about 8) and below `JSONDecoder`'s limit (512), so a deep
    /// document is always the exact decoder's to judge.
    static let maxDepth = 64

    /// A key's bytes in the input (keys with escapes are declined, so these are the key itself).
    struct Key {
        var start: Int
        var length: Int
    }

    init(_ buffer: UnsafeBufferPointer<UInt8>) throws(FastReadDeclined) {
        guard let base = buffer.baseAddress else { throw FastReadDeclined(reason: "empty input") }
        self.base = base
        count = buffer.count
    }

    // MARK: Structure

    @inline(__always) private mutating func skipSpace() {
        while offset < count {
            let c = base[offset]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            offset += 1
        }
    }

    /// The next byte that is not white space, not consumed; 0 at the end.
    @inline(__always) mutating func peek() -> UInt8 {
        skipSpace()
        return offset < count ? base[offset] : 0
    }

    /// Nothing but white space is left.
    mutating func end() throws(FastReadDeclined) {
        skipSpace()
        guard offset == count else { throw FastReadDeclined(reason: "content after the top-level value") }
    }

    /// Moves back to an earlier offset (the top-level object, read again as the payload).
    mutating func rewind(to position: Int) {
        offset = position
        depth = 0
    }

    /// Consumes the `{` of an object, which the caller has seen with ``peek()``.
    @inline(__always) mutating func enterObject() throws(FastReadDeclined) {
        depth += 1
        guard depth <= Self.maxDepth else { throw FastReadDeclined(reason: "nesting") }
        offset += 1
    }

    /// The next key of the object entered (its `:` consumed), or `nil` after its closing `}`.
    /// `first` is true before the first key and is cleared here.
    @inline(__always) mutating func nextKey(_ first: inout Bool) throws(FastReadDeclined) -> Key? {
        var c = peek()
        if first {
            first = false
            if c == 0x7D {
                offset += 1
                depth -= 1
                return nil
            }
        } else if c == 0x2C {
            offset += 1
            c = peek()
        } else if c == 0x7D {
            offset += 1
            depth -= 1
            return nil
        } else {
            throw FastReadDeclined(reason: "expected , or } in an object")
        }
        guard c == 0x22 else { throw FastReadDeclined(reason: "expected a key") }
        offset += 1
        let start = offset
        while offset < count {
            let b = base[offset]
            if b == 0x22 { break }
            guard b != 0x5C, b >= 0x20 else { throw FastReadDeclined(reason: "escaped or raw control key") }
            offset += 1
        }
        guard offset < count else { throw FastReadDeclined(reason: "unterminated key") }
        let key = Key(start: start, length: offset - start)
        offset += 1
        guard peek() == 0x3A else { throw FastReadDeclined(reason: "expected :") }
        offset += 1
        return key
    }

    /// Whether `key` is exactly `name`.
    @inline(__always) func key(_ key: Key, is name: StaticString) -> Bool {
        key.length == name.utf8CodeUnitCount && memcmp(base + key.start, name.utf8Start, key.length) == 0
    }

    /// Which of the table's names `key` is, if any.
    @inline(__always) func index<K>(of key: Key, in table: FastKeyTable<K>) -> Int? {
        table.names.withUnsafeBufferPointer { names -> Int? in
            guard let start = names.baseAddress else { return nil }
            for (i, span) in table.spans.enumerated()
            where span.count == key.length && memcmp(base + key.start, start + span.lowerBound, key.length) == 0 {
                return i
            }
            return nil
        }
    }

    /// Consumes `null` if it is next.
    @inline(__always) private mutating func null() throws(FastReadDeclined) -> Bool {
        guard peek() == 0x6E else { return false }
        try literal("null")
        return true
    }

    private mutating func literal(_ word: StaticString) throws(FastReadDeclined) {
        let n = word.utf8CodeUnitCount
        guard offset + n <= count, memcmp(base + offset, word.utf8Start, n) == 0 else {
            throw FastReadDeclined(reason: "bad literal")
        }
        offset += n
    }

    // MARK: Values of the wire model

    /// A string; `nil` for null; anything else declines.
    mutating func string() throws(FastReadDeclined) -> String? {
        if try null() { return nil }
        guard peek() == 0x22 else { throw FastReadDeclined(reason: "not a string") }
        return try readString()
    }

    /// A string that must be there (`runId`, a spec's `spec`).
    mutating func requiredString() throws(FastReadDeclined) -> String {
        guard peek() == 0x22 else { throw FastReadDeclined(reason: "required string") }
        return try readString()
    }

    /// An integer written as one (no fraction, no exponent) within ±2^40, as
    /// ``LenientFields/int(_:)`` accepts without a warning; `nil` for null.
    mutating func int() throws(FastReadDeclined) -> Int? {
        if try null() { return nil }
        var c = peek()
        let negative = c == 0x2D
        if negative {
            offset += 1
            guard offset < count else { throw FastReadDeclined(reason: "not a number") }
            c = base[offset]
        }
        guard c >= 0x30, c <= 0x39 else { throw FastReadDeclined(reason: "not an integer") }
        var value = 0
        var digits = 0
        if c == 0x30 {
            offset += 1
            digits = 1
        } else {
            while offset < count, base[offset] >= 0x30, base[offset] <= 0x39 {
                value = value * 10 + Int(base[offset] - 0x30)
                digits += 1
                offset += 1
                guard digits <= 13 else { throw FastReadDeclined(reason: "integer too long") }
            }
        }
        if offset < count {
            let next = base[offset]
            guard next != 0x2E, next != 0x65, next != 0x45, next < 0x30 || next > 0x39 else {
                throw FastReadDeclined(reason: "not a plain integer")
            }
        }
        guard value <= LenientFields<AnyKey>.intLimit else { throw FastReadDeclined(reason: "integer out of range") }
        return negative ? -value : value
    }

    /// `true` or `false`; `nil` for null.
    mutating func bool() throws(FastReadDeclined) -> Bool? {
        switch peek() {
        case 0x74:
            try literal("true")
            return true
        case 0x66:
            try literal("false")
            return false
        case 0x6E:
            try literal("null")
            return nil
        default: throw FastReadDeclined(reason: "not a boolean")
        }
    }

    /// A string that is a timestamp (``Timestamp/parse(_:)``); `nil` for null.
    mutating func timestamp() throws(FastReadDeclined) -> Timestamp? {
        if try null() { return nil }
        guard peek() == 0x22 else { throw FastReadDeclined(reason: "not a string") }
        let start = offset + 1
        var end = start
        while end < count, base[end] != 0x22, base[end] != 0x5C, base[end] >= 0x20 { end += 1 }
        let parsed: Timestamp?
        if end < count, base[end] == 0x22 {
            // The usual case, no escape: parsed in place.
            parsed = Timestamp.parse(bytes: UnsafeBufferPointer(start: base + start, count: end - start))
            offset = end + 1
        } else {
            parsed = Timestamp.parse(try readString())
        }
        guard let parsed else { throw FastReadDeclined(reason: "not a timestamp") }
        return parsed
    }

    /// An array of strings; `nil` for null.
    mutating func strings() throws(FastReadDeclined) -> [String]? {
        if try null() { return nil }
        guard peek() == 0x5B else { throw FastReadDeclined(reason: "not an array") }
        var out: [String] = []
        try elements { (r: inout FastJSONReader) throws(FastReadDeclined) in out.append(try r.requiredString()) }
        return out
    }

    /// An object read by `read`; `nil` for null.
    @inline(__always)
    mutating func object<T>(_ read: (inout FastJSONReader) throws(FastReadDeclined) -> T) throws(FastReadDeclined) -> T? {
        if try null() { return nil }
        guard peek() == 0x7B else { throw FastReadDeclined(reason: "not an object") }
        return try read(&self)
    }

    /// An array of objects, each read by `read`; `nil` for null.
    @inline(__always)
    mutating func objects<T>(_ read: (inout FastJSONReader) throws(FastReadDeclined) -> T) throws(FastReadDeclined) -> [T]? {
        if try null() { return nil }
        guard peek() == 0x5B else { throw FastReadDeclined(reason: "not an array") }
        var out: [T] = []
        try elements { (r: inout FastJSONReader) throws(FastReadDeclined) in
            guard r.peek() == 0x7B else { throw FastReadDeclined(reason: "element not an object") }
            out.append(try read(&r))
        }
        return out
    }

    /// Calls `each` for every element of the array next in the input.
    @inline(__always)
    private mutating func elements(_ each: (inout FastJSONReader) throws(FastReadDeclined) -> Void) throws(FastReadDeclined) {
        depth += 1
        guard depth <= Self.maxDepth else { throw FastReadDeclined(reason: "nesting") }
        offset += 1
        if peek() == 0x5D {
            offset += 1
            depth -= 1
            return
        }
        while true {
            try each(&self)
            switch peek() {
            case 0x2C:
                offset += 1
            case 0x5D:
                offset += 1
                depth -= 1
                return
            default:
                throw FastReadDeclined(reason: "expected , or ] in an array")
            }
        }
    }

    // MARK: Strings

    /// Reads the string at the offset (its opening quote next).
    private mutating func readString() throws(FastReadDeclined) -> String {
        offset += 1
        let start = offset
        // Eight bytes at a time while none is a quote, a backslash or a control character.
        while offset + 8 <= count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            if Self.hasSpecialByte(word) { break }
            offset += 8
        }
        while offset < count {
            let c = base[offset]
            if c == 0x22 {
                let s = String(decoding: UnsafeBufferPointer(start: base + start, count: offset - start), as: UTF8.self)
                offset += 1
                return s
            }
            if c == 0x5C { return try readEscapedString(from: start) }
            guard c >= 0x20 else { throw FastReadDeclined(reason: "raw control character in a string") }
            offset += 1
        }
        throw FastReadDeclined(reason: "unterminated string")
    }

    /// Whether any byte of `word` is `"`, `\` or below 0x20 (the classic SWAR zero-byte test).
    @inline(__always) private static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let quote = zeroByte(word ^ (ones &* 0x22))
        let backslash = zeroByte(word ^ (ones &* 0x5C))
        // Bytes below 0x20: subtracting 0x20 borrows into the high bit, unless the byte is ≥ 0x80.
        let control = (word &- ones &* 0x20) & ~word & highs
        return (quote | backslash | control) != 0
    }

    /// The rest of a string that holds an escape, unescaped into `scratch`.
    private mutating func readEscapedString(from start: Int) throws(FastReadDeclined) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: offset - start))
        while offset < count {
            let c = base[offset]
            switch c {
            case 0x22:
                offset += 1
                return String(decoding: scratch, as: UTF8.self)
            case 0x5C:
                guard offset + 1 < count else { throw FastReadDeclined(reason: "unterminated escape") }
                let e = base[offset + 1]
                offset += 2
                switch e {
                case 0x22, 0x5C, 0x2F: scratch.append(e)
                case 0x62: scratch.append(0x08)
                case 0x66: scratch.append(0x0C)
                case 0x6E: scratch.append(0x0A)
                case 0x72: scratch.append(0x0D)
                case 0x74: scratch.append(0x09)
                case 0x75: try appendUnicodeEscape()
                default: throw FastReadDeclined(reason: "invalid escape")
                }
            default:
                guard c >= 0x20 else { throw FastReadDeclined(reason: "raw control character in a string") }
                // The plain run up to the next quote, backslash or control byte, copied at once
                // (stack traces are long and escape only their line breaks).
                let run = offset
                offset += 1
                while offset + 8 <= count {
                    let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
                    if Self.hasSpecialByte(word) { break }
                    offset += 8
                }
                while offset < count, base[offset] != 0x22, base[offset] != 0x5C, base[offset] >= 0x20 { offset += 1 }
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + run, count: offset - run))
            }
        }
        throw FastReadDeclined(reason: "unterminated string")
    }

    /// `\uXXXX` (its `\u` consumed), a surrogate pair taken whole; a lone surrogate declines
    /// (``LoneSurrogates`` has rewritten them before, so none is left in practice).
    private mutating func appendUnicodeEscape() throws(FastReadDeclined) {
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard offset + 1 < count, base[offset] == 0x5C, base[offset + 1] == 0x75 else {
                throw FastReadDeclined(reason: "lone surrogate")
            }
            offset += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw FastReadDeclined(reason: "lone surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw FastReadDeclined(reason: "lone surrogate")
        }
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    private mutating func hex4() throws(FastReadDeclined) -> UInt32 {
        guard offset + 4 <= count else { throw FastReadDeclined(reason: "short \\u escape") }
        var value: UInt32 = 0
        for k in 0..<4 {
            let b = base[offset + k]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw FastReadDeclined(reason: "bad \\u escape")
            }
            value = value << 4 | digit
        }
        offset += 4
        return value
    }

    // MARK: Skipping

    /// Skips any value, checking it is strict JSON: a field the model does not read must still be
    /// well-formed, or the exact decoder (which may reject the whole file) decides.
    mutating func skipValue() throws(FastReadDeclined) {
        switch peek() {
        case 0x22: try skipString()
        case 0x7B:
            try enterObject()
            var first = true
            while try nextKey(&first) != nil { try skipValue() }
        case 0x5B:
            try elements { (r: inout FastJSONReader) throws(FastReadDeclined) in try r.skipValue() }
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        case 0x2D, 0x30...0x39: try skipNumber()
        default: throw FastReadDeclined(reason: "not a JSON value")
        }
    }

    private mutating func skipString() throws(FastReadDeclined) {
        offset += 1
        while offset < count {
            while offset + 8 <= count {
                let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
                if Self.hasSpecialByte(word) { break }
                offset += 8
            }
            guard offset < count else { break }
            let c = base[offset]
            if c == 0x22 {
                offset += 1
                return
            }
            if c == 0x5C {
                guard offset + 1 < count else { break }
                let e = base[offset + 1]
                offset += 2
                switch e {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: break
                case 0x75: _ = try hex4()
                default: throw FastReadDeclined(reason: "invalid escape")
                }
                continue
            }
            guard c >= 0x20 else { throw FastReadDeclined(reason: "raw control character in a string") }
            offset += 1
        }
        throw FastReadDeclined(reason: "unterminated string")
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func skipNumber() throws(FastReadDeclined) {
        @inline(__always) func isDigit(_ i: Int) -> Bool { i < count && base[i] >= 0x30 && base[i] <= 0x39 }
        if base[offset] == 0x2D { offset += 1 }
        guard isDigit(offset) else { throw FastReadDeclined(reason: "bad number") }
        if base[offset] == 0x30 {
            offset += 1
        } else {
            while isDigit(offset) { offset += 1 }
        }
        if offset < count, base[offset] == 0x2E {
            offset += 1
            guard isDigit(offset) else { throw FastReadDeclined(reason: "bad number") }
            while isDigit(offset) { offset += 1 }
        }
        if offset < count, base[offset] == 0x65 || base[offset] == 0x45 {
            offset += 1
            if offset < count, base[offset] == 0x2B || base[offset] == 0x2D { offset += 1 }
            guard isDigit(offset) else { throw FastReadDeclined(reason: "bad number") }
            while isDigit(offset) { offset += 1 }
        }
        // A number runs into the next token only through a separator: `01`, `1x` are not JSON.
        if offset < count {
            switch base[offset] {
            case 0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09: break
            default: throw FastReadDeclined(reason: "bad number")
            }
        }
    }
}

/// The keys a wire type reads: its `Decodable` initialiser's `Keys`, matched by the fast reader
/// against the input's bytes. An exhaustive `switch` over them in `Wire+FastRead.swift` is what
/// keeps the two decoders reading the same fields.
protocol FastKeys: CaseIterable, RawRepresentable, Sendable where RawValue == String {
    static var fastTable: FastKeyTable<Self> { get }
}

/// A `Keys` enum's names as bytes, made once per type.
struct FastKeyTable<K: FastKeys>: Sendable {
    let keys: [K]
    let names: [UInt8]
    let spans: [Range<Int>]

    init() {
        keys = Array(K.allCases)
        var names: [UInt8] = []
        var spans: [Range<Int>] = []
        for key in keys {
            let start = names.count
            names += key.rawValue.utf8
            spans.append(start..<names.count)
        }
        self.names = names
        self.spans = spans
        // One bit per key in `FastFields`.
        precondition(keys.count <= 64, "a wire type reads at most 64 keys")
    }
}

/// The known fields of the object next in the input, in the input's order: unknown keys are
/// skipped, and a known key given twice declines (`JSONDecoder` keeps the first; declining leaves
/// that rule to it).
struct FastFields<K: FastKeys> {
    private var first = true
    private var seen: UInt64 = 0

    /// Consumes the object's `{`, which the caller has seen.
    init(_ r: inout FastJSONReader) throws(FastReadDeclined) {
        try r.enterObject()
    }

    /// The next known key (its value next in the input), or `nil` after the object's `}`.
    mutating func next(_ r: inout FastJSONReader) throws(FastReadDeclined) -> K? {
        let table = K.fastTable
        while let key = try r.nextKey(&first) {
            guard let index = r.index(of: key, in: table) else {
                try r.skipValue()
                continue
            }
            let bit: UInt64 = 1 << UInt64(index)
            guard seen & bit == 0 else { throw FastReadDeclined(reason: "a known key twice") }
            seen |= bit
            return table.keys[index]
        }
        return nil
    }
}
