/// A small streaming JSON writer: keys in the order written (so `summary.json` keeps the order of
/// `docs/summary-json.md`), explicit `null`s, two-space indentation, and output that is a pure function
/// of the calls — `JSONEncoder` omits nils and does not promise key order.
///
/// Output is kept in chunks of about ``chunkSize`` bytes rather than in one growing array: an array
/// that doubles holds up to twice the output, and three times it while it copies itself into the
/// next size (the 160 MB `summary.json` of a test-dense run reserved 640 MB). ``finish(appending:)``
/// joins the chunks into one exactly sized array, releasing each as it is copied.
package struct JSONWriter {
    /// The chunk being written.
    private var current: [UInt8] = []
    /// Everything written so far, joined (a copy once there are several chunks); take a large
    /// output with ``finish(appending:)`` instead.
    package var bytes: [UInt8] { chunks.isEmpty ? current : Array(chunks.joined()) + current }
    /// Full chunks, in order.
    private var chunks: [[UInt8]] = []
    private var needsComma: [Bool] = []
    private var afterKey = false
    /// No newlines or indentation, and no space after a key: for data embedded in a page.
    private let compact: Bool

    /// A chunk is closed once it holds this much; the next value starts a new one.
    /// Above ``MemoryRelease``'s mmap threshold, so a chunk goes back to the system when freed.
    static let chunkSize = 1 << 20
    /// What a chunk reserves: room for the value that takes it past ``chunkSize``, so that it does
    /// not grow (double) on the way.
    static let chunkCapacity = chunkSize + chunkSize / 4

    package init(capacity: Int = 1 << 16, compact: Bool = false) {
        current.reserveCapacity(min(capacity, Self.chunkCapacity))
        self.compact = compact
    }

    /// The whole output, with `suffix` after it; the writer is left empty. `mutating` rather than
    /// `consuming`: it then works on the caller's own storage, so each chunk is held once and really
    /// released when copied (a consumed copy of the writer left the caller's references behind).
    package mutating func finish(appending suffix: [UInt8] = []) -> [UInt8] {
        var last: [UInt8] = []
        swap(&last, &current)
        guard !chunks.isEmpty else {
            last += suffix
            return last
        }
        var parts: [[UInt8]] = []
        swap(&parts, &chunks)
        parts.append(last)
        last = []
        let total = parts.reduce(suffix.count) { $0 + $1.count }
        return [UInt8](unsafeUninitializedCapacity: total) { out, count in
            count = 0
            for i in parts.indices {
                parts[i].withUnsafeBufferPointer { chunk in
                    _ = UnsafeMutableBufferPointer(rebasing: out[count...]).initialize(fromContentsOf: chunk)
                    count += chunk.count
                }
                parts[i] = []  // released as soon as it is copied
            }
            suffix.withUnsafeBufferPointer { tail in
                _ = UnsafeMutableBufferPointer(rebasing: out[count...]).initialize(fromContentsOf: tail)
                count += tail.count
            }
        }
    }

    /// Closes the current chunk once it is full. Called before a value or key only, so no chunk
    /// boundary splits one (not that it would matter: the chunks are joined byte for byte).
    private mutating func rollChunk() {
        guard current.count >= Self.chunkSize else { return }
        chunks.append(current)
        current = []
        current.reserveCapacity(Self.chunkCapacity)
    }

    private mutating func newline() {
        if compact { return }
        current.append(0x0A)
        current.append(contentsOf: repeatElement(0x20, count: 2 * needsComma.count))
    }

    /// Comma and indentation before a value or key.
    private mutating func prefix() {
        rollChunk()
        if afterKey {
            afterKey = false
            return
        }
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { current.append(0x2C) }
        needsComma[needsComma.count - 1] = true
        newline()
    }

    /// `[…]`: each item written by `element`.
    package mutating func array<Items: Sequence>(_ items: Items, _ element: (inout JSONWriter, Items.Element) -> Void) {
        beginArray()
        for item in items { element(&self, item) }
        endArray()
    }

    /// `[{…}, …]`: one object per item, its members written by `members`.
    package mutating func objects<Items: Sequence>(_ items: Items, _ members: (inout JSONWriter, Items.Element) -> Void) {
        beginArray()
        for item in items {
            beginObject()
            members(&self, item)
            endObject()
        }
        endArray()
    }

    /// `{…}` with its members written by `members`, or `null` when there is no value.
    package mutating func object<Value>(_ value: Value?, _ members: (inout JSONWriter, Value) -> Void) {
        guard let value else { return null() }
        beginObject()
        members(&self, value)
        endObject()
    }

    /// `["…", …]`.
    package mutating func strings(_ items: [String]) {
        beginArray()
        for item in items { string(item) }
        endArray()
    }

    package mutating func beginObject() { open(0x7B) }
    package mutating func endObject() { close(0x7D) }
    package mutating func beginArray() { open(0x5B) }
    package mutating func endArray() { close(0x5D) }

    private mutating func open(_ bracket: UInt8) {
        prefix()
        current.append(bracket)
        needsComma.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = needsComma.removeLast()
        if hadMembers { newline() }
        current.append(bracket)
    }

    package mutating func key(_ name: String) {
        prefix()
        appendString(name)
        current.append(0x3A)
        if !compact { current.append(0x20) }
        afterKey = true
    }

    // Made once: an array literal or `Array("true".utf8)` here was an allocation per value.
    private static let nullBytes: [UInt8] = Array("null".utf8)
    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)

    package mutating func null() {
        prefix()
        current.append(contentsOf: Self.nullBytes)
    }

    package mutating func bool(_ value: Bool) {
        prefix()
        current.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    package mutating func int<I: BinaryInteger>(_ value: I) {
        prefix()
        guard let v = Int64(exactly: value) else {
            current.append(contentsOf: String(value).utf8)
            return
        }
        // Digits written directly: `String(value)` allocates per call, and a large run has millions.
        var magnitude = v.magnitude
        if v < 0 { current.append(0x2D) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(48 + magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            current.append(contentsOf: digits[i..<20])
        }
    }

    /// A timestamp as ISO 8601 UTC with milliseconds.
    package mutating func timestamp(_ value: Timestamp?) {
        guard let value else { return null() }
        prefix()
        current.append(0x22)
        value.appendISO8601(to: &current)
        current.append(0x22)
    }

    /// Shortest round-trip decimal; non-finite values (which JSON cannot hold) become `null`.
    package mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        prefix()
        current.append(contentsOf: "\(value)".utf8)
    }

    package mutating func string(_ value: String) {
        prefix()
        appendString(value)
    }

    /// A string already written as JSON, quotes included (a constant that needs no escaping, such
    /// as one of a few names repeated a million times).
    package mutating func encodedString(_ json: [UInt8]) {
        prefix()
        current.append(contentsOf: json)
    }

    // Optionals: `nil` is written as null.
    package mutating func string(_ value: String?) { if let value { string(value) } else { null() } }
    package mutating func int<I: BinaryInteger>(_ value: I?) { if let value { int(value) } else { null() } }
    package mutating func double(_ value: Double?) { if let value { double(value) } else { null() } }
    package mutating func bool(_ value: Bool?) { if let value { bool(value) } else { null() } }

    /// RFC 8259 escaping; `<`, `>` and `&` are escaped too so the text can sit inside HTML safely.
    private mutating func appendString(_ value: String) {
        current.append(0x22)
        // Compact output is data for the HTML page, which people read: no bidi controls. summary.json
        // keeps the data exactly.
        var value = compact ? TextSanitizer.stripBidi(value) : value
        value.withUTF8 { utf8 in
            // Bulk-copy the runs that need no escaping; most strings are one such run.
            var start = 0
            for (i, byte) in utf8.enumerated() where JSONWriter.needsEscape[Int(byte)] {
                if start < i { current.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
                appendEscaped(byte)
                start = i + 1
            }
            if start < utf8.count { current.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
        current.append(0x22)
    }

    private static let needsEscape: [Bool] = (0..<256).map { b in
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0x3C || b == 0x3E || b == 0x26
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case 0x22: current.append(contentsOf: [0x5C, 0x22])
        case 0x5C: current.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: current.append(contentsOf: [0x5C, 0x6E])
        case 0x0D: current.append(contentsOf: [0x5C, 0x72])
        case 0x09: current.append(contentsOf: [0x5C, 0x74])
        default:
            current.append(contentsOf: [
                0x5C, 0x75, 0x30, 0x30, JSONWriter.hexDigits[Int(byte >> 4)], JSONWriter.hexDigits[Int(byte & 0xF)],
            ])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
