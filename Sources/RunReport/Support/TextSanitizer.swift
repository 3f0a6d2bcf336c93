/// Cleans text from the data before any report shows it.
package enum TextSanitizer {
    /// Removes ANSI escape sequences: CSI (`ESC [ … final byte`), OSC (`ESC ] … BEL or ESC \`) and
    /// two-byte `ESC x` (`metrics.md` §9). Cypress errors are full of colour codes.
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
}
