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

    /// Which characters ``legal(_:escaping:)`` writes as entities.
    package enum Escaping: Sendable {
        case none
        /// `& < > " '`, as swift-mustache's own HTML escaper writes them.
        case html
        /// What XML itself requires, for the JUnit files: `&`, `<`, `"`, and `>` only where it
        /// would close `]]>`. Not `'` nor other `>`: attributes are double-quoted, and some consumers
        /// (Codecov's parser) show `&#39;` and `&gt;` in a test's name as they are.
        case xml
    }

    /// Drops every forbidden character and every bidi control, and writes the characters of
    /// `escaping` as entities (a dropped character does not part the `]]` before a `>`).
    package static func legal(_ text: String, escaping: Escaping = .none) -> String {
        // A String grown in place: `UnicodeScalarView.append(contentsOf:)` copied the whole text for
        // each entity (5 MB of `<` took minutes).
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var brackets = 0
        for s in text.unicodeScalars {
            guard allowed(s.value), !TextSanitizer.isBidiControl(s.value) else { continue }
            let replacement: String? =
                switch escaping {
                case .none: nil
                case .html: entity(s)
                case .xml where s == ">": brackets >= 2 ? "&gt;" : nil
                case .xml: s == "'" ? nil : entity(s)
                }
            if let replacement { out += replacement } else { out.unicodeScalars.append(s) }
            brackets = s == "]" ? brackets + 1 : 0
        }
        return out
    }
}
