/// Human formatting of figures (`docs/metrics.md` §8), shared by every human-facing report.
package enum Format {
    /// `850 ms`, `12.3 s`, `4 m 05 s`, `1 h 02 m`; `—` for an unknown value.
    package static func duration(_ ms: Int64?) -> String {
        guard let ms else { return "—" }
        if ms < 0 { return "-" + duration(-ms) }
        if ms < 1000 { return "\(ms) ms" }
        let tenths = (ms + 50) / 100
        if tenths < 600 { return "\(tenths / 10).\(tenths % 10) s" }
        let seconds = (ms + 500) / 1000
        if seconds < 3600 { return "\(seconds / 60) m \(twoDigits(seconds % 60)) s" }
        let minutes = (ms + 30_000) / 60_000
        return "\(minutes / 60) h \(twoDigits(minutes % 60)) m"
    }

    /// A fraction as a percentage with one decimal: `12.5 %`; `—` when unknown.
    package static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "—" }
        let tenths = (fraction * 1000).rounded()
        let value = Int64(tenths)
        let sign = value < 0 ? "-" : ""
        return "\(sign)\(abs(value) / 10).\(abs(value) % 10) %"
    }

    /// The text on one line (line breaks become spaces), cut to `limit` characters with `…`.
    package static func oneLine(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    /// A count with thousands separators (`6,062`), or `—`.
    package static func count(_ n: Int?) -> String {
        guard let n else { return "—" }
        let digits = String(n.magnitude)
        guard digits.count > 3 else { return String(n) }
        var out = n < 0 ? "-" : ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    /// `2023-09-15 04:42:58 UTC`.
    package static func utc(_ t: Timestamp?) -> String {
        guard let t else { return "—" }
        let iso = t.iso8601
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8)) + " UTC"
    }

    private static func twoDigits(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Text from the data made safe for a terminal: control characters (escape sequences included)
    /// become spaces, so a test title cannot drive the reader's terminal. With `keepingNewlines`,
    /// line feeds stay (for a caller that encodes them, as GitHub's workflow commands do).
    package static func terminalSafe(_ text: String, keepingNewlines: Bool = false) -> String {
        let stripped = TextSanitizer.stripBidi(TextSanitizer.stripANSI(text))
        return String(
            String.UnicodeScalarView(
                stripped.unicodeScalars.map { s in
                    if keepingNewlines && s == "\n" { return s }
                    return (s.value < 0x20 || (0x7F...0x9F).contains(s.value)) ? " " : s
                }))
    }
}
