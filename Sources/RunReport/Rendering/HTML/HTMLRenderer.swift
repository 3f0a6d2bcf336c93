/// Renders `index.html`. (Stub: being written.)
package enum HTMLRenderer {
    package static func render(_ summary: Summary, templates: TemplateSet) throws -> [UInt8] {
        throw TemplateError(template: "html/report.html", reason: "not implemented yet")
    }
}
