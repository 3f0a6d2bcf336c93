import Mustache

/// The escaping every `{{value}}` in the built-in templates goes through, chosen by the template's
/// content type:
/// - `HTML`: `& < > " '` as swift-mustache's own HTML escaper writes them (so a user template
///   without the pragma renders the same bytes);
/// - `XML` (the JUnit templates): only what XML requires, `& < "` and a `>` that would close `]]>`
///   (``XMLText/Escaping/xml``; some consumers show other entities in a test's name as they are).
///
/// Both drop every character XML 1.0 forbids and the bidi controls (they reorder what a reader
/// sees). They work on UTF-8 bytes with a fast path for text that needs nothing: swift-mustache's
/// escaper looks each Character up in a dictionary and took a third of the JUnit render time on
/// the benchmark run.
package struct MarkupEscaper: MustacheContentType {
    package enum Language: Sendable { case html, xml }

    package let language: Language

    package init(_ language: Language) { self.language = language }

    package func escapeText(_ text: String) -> String {
        switch language {
        case .html: Self.escape(text)
        case .xml: Self.escapeXML(text)
        }
    }

    /// HTML: `& < > " '` as entities.
    package static func escape(_ text: String) -> String {
        needsNothing(text, apostrophe: true) ? text : XMLText.legal(text, escaping: .html)
    }

    /// XML: `& < "` as entities, and `>` after `]]`.
    package static func escapeXML(_ text: String) -> String {
        needsNothing(text, apostrophe: false) ? text : XMLText.legal(text, escaping: .xml)
    }

    /// No byte the escaping could change (`& < > "`, `'` when it is escaped, a control, the lead
    /// byte of U+FFFE/U+FFFF) and no bidi control: the text is returned as it is.
    private static func needsNothing(_ text: String, apostrophe: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            !bytes.contains {
                $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || (apostrophe && $0 == 0x27) || $0 < 0x20 || $0 == 0xEF
            } && !TextSanitizer.hasBidiControl(bytes)
        }
    }

    /// Makes swift-mustache know the content types the templates declare: `{{% CONTENT_TYPE: XML}}`
    /// and `{{% CONTENT_TYPE: HTML}}` (which replaces the library's slower escaper of identical
    /// output). Must run before any template is parsed; `TemplateSet` does it once.
    static let registered: Bool = {
        MustacheContentTypes.register(MarkupEscaper(.xml), named: "XML")
        MustacheContentTypes.register(MarkupEscaper(.html), named: "HTML")
        return true
    }()
}
