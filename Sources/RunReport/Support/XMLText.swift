/// Text made safe for XML 1.0 (and HTML): no character the XML spec forbids.
package enum XMLText {
    /// Whether XML 1.0 allows the scalar: `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
    /// (Lone surrogates cannot occur in a Swift String; JSON's `\uD800` arrives as U+FFFD.)
    @inline(__always)
    package static func allowed(_ v: UInt32) -> Bool {
        switch v {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// The entity `& < > " '` are written as, as swift-mustache's own HTML escaper writes them;
    /// `nil` for any other scalar.
    @inline(__always)
    package static func entity(_ s: Unicode.Scalar) -> String? {
        switch s {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        case "\"": "&quot;"
        case "'": "&#39;"
        default: nil
        }
    }

    /// Drops every forbidden character and every bidi control; with `escaping`, also writes
    /// `& < > " '` as entities.
    package static func legal(_ text: String, escaping: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            guard allowed(s.value), !TextSanitizer.isBidiControl(s.value) else { continue }
            if escaping, let entity = entity(s) {
                out.append(contentsOf: entity.unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// What XML itself requires, for the JUnit files: drops every forbidden character and every
    /// bidi control, and writes `&`, `<` and `"` as entities — and `>` only where it would close
    /// `]]>`. Not `'` nor other `>`: attributes are double-quoted, and some consumers (Codecov's
    /// parser) show `&#39;` and `&gt;` in a test's name as they are.
    package static func legalXML(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var brackets = 0
        for s in text.unicodeScalars {
            guard allowed(s.value), !TextSanitizer.isBidiControl(s.value) else { continue }
            switch s {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case ">" where brackets >= 2: out.append(contentsOf: "&gt;".unicodeScalars)
            default: out.append(s)
            }
            brackets = s == "]" ? brackets + 1 : 0
        }
        return String(out)
    }
}
