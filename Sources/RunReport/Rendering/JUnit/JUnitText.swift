/// Text and figures as JUnit XML wants them: sanitised strings, seconds with at most three decimals
/// (junit-10's `SUREFIRE_TIME`), timestamps in the shape each schema accepts, names cut to the
/// 1,000 characters Codecov and Trunk keep (`docs/junit.md`).
enum JUnitText {
    /// The longest `name`/`classname`/`message` written, in Unicode scalars.
    static let maxAttributeLength = 1000

    /// ANSI sequences removed, then every character XML 1.0 forbids dropped, and bidi controls. Text without a control
    /// character, a bidi control, `U+0080…U+00BF` lead byte `0xC2` (which covers the 8-bit CSI `U+009B`) or `0xEF`
    /// (which covers `U+FFFE`/`U+FFFF`) is returned as it is, without a copy.
    static func clean(_ text: String) -> String {
        var text = text
        let suspicious = text.withUTF8 { bytes in
            bytes.contains { b in (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0xC2 || b == 0xEF }
                || TextSanitizer.hasBidiControl(bytes)
        }
        guard suspicious else { return text }
        return XMLText.legal(TextSanitizer.stripANSI(text))
    }

    /// `clean`, then cut to `maxAttributeLength` scalars (the last one an ellipsis); `cut` tells
    /// whether anything was removed.
    static func attribute(_ text: String) -> (value: String, cut: Bool) {
        let cleaned = clean(text)
        // A scalar takes at least one UTF-8 byte: short text needs no count.
        guard cleaned.utf8.count > maxAttributeLength, cleaned.unicodeScalars.count > maxAttributeLength else {
            return (cleaned, false)
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: cleaned.unicodeScalars.prefix(maxAttributeLength - 1))
        scalars.append("…")
        return (String(scalars), true)
    }

    /// The first line of `text`, cleaned and cut: what a `message` attribute holds (parsers turn
    /// newlines in attributes into spaces anyway; the whole text is in the element's body).
    static func message(_ text: String) -> String {
        let firstLine = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first.map(String.init) ?? text
        return attribute(firstLine).value
    }

    /// Milliseconds as seconds with exactly three decimals (`12.345`); `nil` for an unknown or
    /// negative duration (junit-10's time pattern has no sign).
    static func seconds(_ ms: Int64?) -> String? {
        guard let ms, ms >= 0 else { return nil }
        let fraction = Int(ms % 1000)
        var out = String(ms / 1000)
        out.append(".")
        if fraction < 100 { out.append("0") }
        if fraction < 10 { out.append("0") }
        out.append(String(fraction))
        return out
    }

    /// `2023-09-15T04:42:59.617Z` (standard, per-attempt), or `2023-09-15T04:42:59` in UTC for the
    /// Ant schema, whose pattern allows neither a zone nor a fraction.
    static func timestamp(_ t: Timestamp, ant: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        t.appendISO8601(to: &bytes)
        if ant { bytes.removeLast(5) }  // ".mmmZ"
        return String(decoding: bytes, as: UTF8.self)
    }
}
