/// Renders `summary.md`: a compact summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`,
/// through `Templates/markdown/summary.md.mustache`.
///
/// GitHub refuses comments over 65,536 characters, so the output is kept within
/// ``characterLimit`` UTF-8 bytes (hence characters): the lists are cut, longest first, each cut
/// saying how many items it left out; the HTML report and `summary.json` have them all.
package enum MarkdownRenderer {
    package static let characterLimit = 65_000

    package static func render(_ summary: Summary, templates: TemplateSet) throws -> [UInt8] {
        try render(summary, templates: templates, limit: characterLimit)
    }

    /// `limit` is a parameter so that tests can exercise the cutting on small fixtures.
    static func render(_ summary: Summary, templates: TemplateSet, limit: Int) throws -> [UInt8] {
        let full = MarkdownViewModel.Limits.initial
        var limits = full
        let selection = MarkdownViewModel.Selection(summary)
        while true {
            let model = MarkdownViewModel(summary, selection: selection, limits: limits)
            let text = try templates.render(model, template: "markdown/summary.md")
            if text.utf8.count <= limit || limits.isMinimal {
                return Array(text.utf8.count <= limit ? text.utf8 : cut(text, to: limit).utf8)
            }
            limits = limits.halved()
        }
    }

    /// The last resort when even the shortest lists do not fit (thousands of groups): cut at a line
    /// boundary and say so.
    private static func cut(_ text: String, to limit: Int) -> String {
        let note = "\n\n_… cut to fit \(limit) characters; see the HTML report._\n"
        var bytes = Array(text.utf8.prefix(limit - note.utf8.count))
        while let last = bytes.last, last != 0x0A { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self) + note
    }
}
