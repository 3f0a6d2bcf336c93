/// Rows of RFC 4180 CSV, written field by field (see ``CSVRenderer`` for the conventions).
struct CSVWriter {
    private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    init(header: [String]) {
        for name in header { text(name) }
        endRow()
    }

    /// Data text: quoted when it must be, neutralised when a spreadsheet would read it as a formula.
    mutating func text(_ value: String?) {
        separate()
        guard let value, let first = value.utf8.first else { return }
        let formula =
            first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
        let quoted = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        if quoted { bytes.append(UInt8(ascii: "\"")) }
        if formula { bytes.append(UInt8(ascii: "'")) }
        for byte in value.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        if quoted { bytes.append(UInt8(ascii: "\"")) }
    }

    mutating func number<N: BinaryInteger>(_ value: N?) {
        separate()
        if let value { bytes += String(value).utf8 }
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes += (value ? "true" : "false").utf8
    }

    mutating func timestamp(_ value: Timestamp?) {
        separate()
        value?.appendISO8601(to: &bytes)
    }

    mutating func endRow() {
        bytes += [0x0D, 0x0A]
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
        fieldsInRow += 1
    }
}
