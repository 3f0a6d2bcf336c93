import Foundation
import Mustache

/// The templates a render uses: the built-in set compiled into the binary (from `Templates/`), with
/// any `.mustache` file of an override folder (`--templates DIR`) in place of its namesake.
///
/// Names are paths under `Templates/` without `.mustache`, e.g. `junit/testcase`; partials refer to
/// each other by these names (`{{> junit/testcase}}`).
package struct TemplateSet: Sendable {
    package let library: MustacheLibrary
    /// Names of templates that came from the override folder.
    package let overridden: [String]

    /// The built-in templates, as `templates export` writes them.
    package static var builtInSources: [(name: String, text: String)] { EmbeddedResources.templates }

    package static func builtIn() throws(TemplateError) -> TemplateSet {
        try load(overridesFrom: nil)
    }

    /// The built-in set, overridden by the `.mustache` files under `directory` (searched recursively).
    package static func load(overridesFrom directory: String?) throws(TemplateError) -> TemplateSet {
        _ = MarkupEscaper.registered
        _ = MarkdownEscaper.registered
        var sources: [String: String] = [:]
        for (name, text) in EmbeddedResources.templates { sources[name] = text }
        var overridden: [String] = []
        if let directory {
            for (name, text) in try readOverrides(directory) {
                sources[name] = text
                overridden.append(name)
            }
        }
        var library = MustacheLibrary()
        for name in sources.keys.sorted() {
            do {
                try library.register(sources[name] ?? "", named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(
                    template: name,
                    reason:
                        "line \(error.context.lineNumber), column \(error.context.columnNumber): \(error.error) in \"\(error.context.line)\""
                )
            } catch {
                throw TemplateError(template: name, reason: "cannot be parsed: \(error)")
            }
        }
        // swift-mustache renders a missing partial as nothing; a report silently missing a section is
        // worse than an error, so every `{{> name}}` must resolve now.
        for name in sources.keys.sorted() {
            for partial in partialNames(in: sources[name] ?? "") where sources[partial] == nil {
                throw TemplateError(template: name, reason: "uses the partial '\(partial)', which does not exist")
            }
        }
        return TemplateSet(library: library, overridden: overridden.sorted())
    }

    /// Renders `context` with the template `name`; a missing template is an error naming it.
    package func render(_ context: Any, template name: String) throws(TemplateError) -> String {
        guard let text = library.render(context, withTemplate: name) else {
            throw TemplateError(template: name, reason: "does not exist")
        }
        return text
    }

    private static func readOverrides(_ directory: String) throws(TemplateError) -> [(String, String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError(template: directory, reason: "--templates must name a directory of .mustache files")
        }
        let base = URL(fileURLWithPath: directory)
        var found: [(String, String)] = []
        for case let relative as String in FileManager.default.enumerator(atPath: directory) ?? .init()
        where relative.hasSuffix(".mustache") {
            let name = String(relative.dropLast(".mustache".count))
            guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(relative).path) else {
                throw TemplateError(template: name, reason: "\(base.appendingPathComponent(relative).path) cannot be read")
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                throw TemplateError(template: name, reason: "\(base.appendingPathComponent(relative).path) is not UTF-8")
            }
            found.append((name, text))
        }
        return found
    }

    /// The names of `{{> name}}` and `{{< name}}` tags in a template.
    static func partialNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            let trimmed = rest.drop { $0 == " " }
            guard let sigil = trimmed.first, sigil == ">" || sigil == "<" else { continue }
            guard let close = trimmed.range(of: "}}") else { break }
            let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            // `{{>*name}}` is a dynamic partial, resolved from data at render time.
            if !name.isEmpty, !name.hasPrefix("*") { names.append(name) }
            rest = trimmed[close.upperBound...]
        }
        return names
    }
}
