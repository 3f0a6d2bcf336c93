import Mustache

/// Escaping for `{{value}}` in the Markdown templates (`{{% CONTENT_TYPE: MARKDOWN}}`): text from
/// the data must stay text in a pull-request comment. `& < > " '` become HTML entities (GitHub
/// renders no HTML from them, and entities are decoded in table cells and link text alike); the
/// punctuation that starts Markdown syntax gets a backslash, so a `|` cannot split a table cell and a
/// `*` or `[` cannot start emphasis or a link; line breaks become spaces, so one value stays on its
/// line (a list item or a table row); other control characters are dropped, and bidi controls. A
/// zero-width space (`&#8203;`) follows every `@` and every `#` before a digit: posted as a
/// pull-request comment, `@user`, `@org/team` and `#123` in a test title would ping people and
/// cross-link issues; they read the same but link nothing.
package struct MarkdownEscaper: MustacheContentType {
    package init() {}

    package func escapeText(_ text: String) -> String { Self.escape(text) }

    package static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            if TextSanitizer.opensMention(scalars, at: i) {
                out.append(s)
                out.append(contentsOf: "&#8203;".unicodeScalars)
                continue
            }
            if let entity = XMLText.entity(s) {
                out.append(contentsOf: entity.unicodeScalars)
                continue
            }
            switch s {
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                // Backslash escapes are valid before any ASCII punctuation in CommonMark; these are the
                // ones that open syntax in the middle of a line (a value never starts a line, so list
                // and heading markers need nothing).
                out.append("\\")
                out.append(s)
            case "\n", "\r", "\t": out.append(" ")
            default:
                if XMLText.allowed(s.value), !(0x7F...0x9F).contains(s.value), !TextSanitizer.isBidiControl(s.value) {
                    out.append(s)
                }
            }
        }
        return String(out)
    }

    static let registered: Bool = {
        MustacheContentTypes.register(MarkdownEscaper(), named: "MARKDOWN")
        return true
    }()
}
