import Mustache

/// The escaping every `{{value}}` in the built-in templates goes through: `& < > " '` as
/// swift-mustache's own HTML escaper writes them (so a user template without the pragma renders the
/// same bytes), every character XML 1.0 forbids dropped, and bidi controls dropped (they reorder what
/// a reader sees). It works on UTF-8 bytes with a fast path
/// for text that needs nothing: swift-mustache's escaper looks each Character up in a dictionary and
/// took a third of the JUnit render time on the benchmark run.
package struct MarkupEscaper: MustacheContentType {
    package init() {}

    package func escapeText(_ text: String) -> String { Self.escape(text) }

    package static func escape(_ text: String) -> String {
        var text = text
        let clean = text.withUTF8 { bytes in
            !bytes.contains {
                $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 < 0x20 || $0 == 0xEF
            } && !TextSanitizer.hasBidiControl(bytes)
        }
        if clean { return text }
        return XMLText.legal(text, escaping: true)
    }

    /// Makes swift-mustache know the content types the templates declare: `{{% CONTENT_TYPE: XML}}`
    /// and `{{% CONTENT_TYPE: HTML}}` (which replaces the library's slower escaper of identical output).
    /// Must run before any template is parsed; `TemplateSet` does it once.
    static let registered: Bool = {
        MustacheContentTypes.register(MarkupEscaper(), named: "XML")
        MustacheContentTypes.register(MarkupEscaper(), named: "HTML")
        return true
    }()
}

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
}
