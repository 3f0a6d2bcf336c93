/// Renders `junit.xml`. (Stub: being written.)
package enum JUnitRenderer {
    package static func render(_ summary: Summary, profile: JUnitProfile, templates: TemplateSet) throws -> [UInt8] {
        throw TemplateError(template: "junit/junit.xml", reason: "not implemented yet")
    }
}
