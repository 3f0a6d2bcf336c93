import Mustache

/// The escaping of `{{value}}` in templates that declare `{{% CONTENT_TYPE: XML}}` (the JUnit
/// ones): only what XML requires (``XMLText/legalXML(_:)``), with a fast path for text that needs
/// nothing. `CompiledTemplate` writes the same bytes without building a String per value.
package struct XMLEscaper: MustacheContentType {
    package init() {}

    package func escapeText(_ text: String) -> String { Self.escape(text) }

    package static func escape(_ text: String) -> String {
        var text = text
        let clean = text.withUTF8 { bytes in
            !bytes.contains { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 < 0x20 || $0 == 0xEF }
                && !TextSanitizer.hasBidiControl(bytes)
        }
        if clean { return text }
        return XMLText.legalXML(text)
    }
}
