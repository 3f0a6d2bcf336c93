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
    /// (``XMLEscaper``, the JUnit templates) and `{{% CONTENT_TYPE: HTML}}` (which replaces the
    /// library's slower escaper of identical output). Must run before any template is parsed;
    /// `TemplateSet` does it once.
    static let registered: Bool = {
        MustacheContentTypes.register(XMLEscaper(), named: "XML")
        MustacheContentTypes.register(MarkupEscaper(), named: "HTML")
        return true
    }()
}
