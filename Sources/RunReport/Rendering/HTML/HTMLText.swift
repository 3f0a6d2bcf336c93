/// Text from the data made fit for an HTML document before it is escaped or embedded: every
/// character that HTML forbids in the input stream (C0 controls other than tab, line feed and
/// carriage return; DEL and the C1 controls; noncharacters) is dropped. Escaping `& < > " '` is the
/// template's job (`{{x}}`), or JSONWriter's for embedded data.
package enum HTMLText {
    package static func clean(_ text: String) -> String {
        var text = text
        let needsWork = text.withUTF8 { bytes in
            bytes.contains { b in (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F || b == 0xC2 || b >= 0xEF }
        }
        guard needsWork else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars where allowed(s.value) { out.append(s) }
        return String(out)
    }

    package static func clean(_ text: String?) -> String? { text.map { clean($0) } }

    @inline(__always)
    private static func allowed(_ v: UInt32) -> Bool {
        if v < 0x20 { return v == 0x09 || v == 0x0A || v == 0x0D }
        if v >= 0x7F && v <= 0x9F { return false }
        if v >= 0xFDD0 && v <= 0xFDEF { return false }
        if v & 0xFFFE == 0xFFFE { return false }
        return true
    }
}
