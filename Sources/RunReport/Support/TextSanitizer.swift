/// Cleans text from the data before any report shows it.
package enum TextSanitizer {
    /// Removes ANSI escape sequences: CSI (`ESC [ … final byte`), OSC (`ESC ] … BEL or ESC \`) and
    /// two-byte `ESC x` (`docs/metrics.md` §9). Cypress errors are full of colour codes.
    package static func stripANSI(_ text: String) -> String {
        guard text.utf8.contains(0x1B) || text.unicodeScalars.contains("\u{9B}") else { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        while let c = scalars.popFirst() {
            if c == "\u{9B}" {  // 8-bit CSI
                skipCSIBody(&scalars)
                continue
            }
            guard c == "\u{1B}" else {
                out.append(c)
                continue
            }
            guard let next = scalars.popFirst() else { break }
            switch next {
            case "[":
                skipCSIBody(&scalars)
            case "]":
                // OSC: until BEL or ST (ESC \).
                while let s = scalars.popFirst() {
                    if s == "\u{07}" { break }
                    if s == "\u{1B}" {
                        if scalars.first == "\\" { scalars.removeFirst() }
                        break
                    }
                }
            default:
                break  // two-byte ESC x: both dropped
            }
        }
        return String(out)
    }

    /// CSI parameters and intermediates (0x20–0x3F) up to the final byte (0x40–0x7E).
    private static func skipCSIBody(_ scalars: inout Substring.UnicodeScalarView) {
        while let s = scalars.popFirst() {
            if (0x40...0x7E).contains(s.value) { return }
            if !(0x20...0x3F).contains(s.value) { return }
        }
    }

    /// Whether the scalar is a bidirectional formatting control: embeddings and overrides
    /// (U+202A–U+202E), isolates (U+2066–U+2069), the marks U+200E, U+200F and U+061C. A test title
    /// holding U+202E shows its text reversed ("Trojan Source"); no human-facing output keeps them.
    @inline(__always)
    package static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// The UTF-8 length of the bidi control starting at `bytes[i]`, or 0: U+061C is `D8 9C`,
    /// U+200E/F `E2 80 8E/8F`, U+202A–E `E2 80 AA–AE`, U+2066–9 `E2 81 A6–A9`.
    @inline(__always)
    package static func bidiControlLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = bytes.count
        if bytes[i] == 0xD8, i + 1 < n, bytes[i + 1] == 0x9C { return 2 }
        guard bytes[i] == 0xE2, i + 2 < n else { return 0 }
        let b1 = bytes[i + 1], b2 = bytes[i + 2]
        if b1 == 0x80, b2 == 0x8E || b2 == 0x8F || (0xAA...0xAE).contains(b2) { return 3 }
        if b1 == 0x81, (0xA6...0xA9).contains(b2) { return 3 }
        return 0
    }

    /// Whether `scalars[i]` opens a GitHub mention or issue link: every `@`, and a `#` before a
    /// digit. Markdown and the workflow commands put a zero-width space after it, so that a test
    /// title pings nobody and links nothing but reads the same.
    package static func opensMention(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        scalars[i] == "@" || (scalars[i] == "#" && i + 1 < scalars.count && ("0"..."9").contains(scalars[i + 1]))
    }

    /// Whether the UTF-8 bytes hold a bidi control: the fast paths' check, so that text with other
    /// characters of the same lead bytes (`—`, `…`, curly quotes, Arabic) keeps its fast path.
    package static func hasBidiControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            if (bytes[i] == 0xE2 || bytes[i] == 0xD8) && bidiControlLength(bytes, at: i) > 0 { return true }
            i += 1
        }
        return false
    }

    /// The text without bidi controls; itself, without a copy, when it has none.
    package static func stripBidi(_ text: String) -> String {
        var text = text
        guard text.withUTF8(hasBidiControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isBidiControl($0.value) }))
    }
}
