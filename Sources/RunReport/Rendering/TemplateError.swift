/// A template could not be loaded or rendered; names the template.
package struct TemplateError: Error, CustomStringConvertible {
    package var template: String
    package var reason: String
    package var description: String { "template \(template): \(reason)" }
}
