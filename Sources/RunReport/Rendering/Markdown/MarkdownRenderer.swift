/// Renders `summary.md`. (Stub: being written.)
package enum MarkdownRenderer {
    package static func render(_ summary: Summary, templates: TemplateSet) throws -> [UInt8] {
        throw TemplateError(template: "markdown/summary.md", reason: "not implemented yet")
    }
}
