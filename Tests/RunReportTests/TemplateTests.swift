import Foundation
import Testing

@testable import RunReport

/// The template set: compiled in, overridable, and strict about what is missing.
@Suite struct TemplateTests {
    static let templatesDirectory = Fixtures.packageRoot.appendingPathComponent("Templates")

    /// The binary carries exactly the files of `Templates/`, byte for byte (the build plugin is the
    /// only route from one to the other).
    @Test func builtInSetEqualsTheTemplatesFolder() throws {
        var onDisk: [String: String] = [:]
        let base = Self.templatesDirectory.path
        for case let relative as String in FileManager.default.enumerator(atPath: base) ?? .init() where relative.hasSuffix(".mustache") {
            onDisk[String(relative.dropLast(".mustache".count))] = try String(contentsOfFile: base + "/" + relative, encoding: .utf8)
        }
        let builtIn = Dictionary(TemplateSet.builtInSources.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(builtIn.keys) == Set(onDisk.keys))
        for (name, text) in onDisk { #expect(builtIn[name] == text, "\(name)") }
        #expect(builtIn["markdown/summary.md"] != nil)
    }

    /// Every built-in template declares the fast escaper; partials would otherwise fall back to
    /// swift-mustache's slow one (the output would be the same, the speed not).
    @Test func everyBuiltInTemplateDeclaresItsContentType() {
        for (name, text) in TemplateSet.builtInSources {
            #expect(text.hasPrefix("{{% CONTENT_TYPE: "), "\(name)")
        }
    }

    @Test func anOverrideReplacesItsNamesakeOnly() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixtures.writeTemplates(["markdown/summary.md": "{{% CONTENT_TYPE: MARKDOWN}}\nRun {{runId}} is {{status}}.\n"], in: dir)
        let set = try TemplateSet.load(overridesFrom: dir.path)
        #expect(set.overridden == ["markdown/summary.md"])
        let md = try MarkdownRenderer.render(try Fixtures.summary("real-flaky-c7068a4d"), templates: set)
        #expect(String(decoding: md, as: UTF8.self) == "Run c7068a4d0aa7e75a is FAILED.\n")
    }

    @Test func aMissingPartialIsAnErrorNamingBoth() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixtures.writeTemplates(["markdown/summary.md": "{{> markdown/nowhere}}"], in: dir)
        let error = #expect(throws: TemplateError.self) { try TemplateSet.load(overridesFrom: dir.path) }
        #expect(error?.description == "template markdown/summary.md: uses the partial 'markdown/nowhere', which does not exist")
    }

    @Test func aTemplateThatDoesNotParseIsAnErrorNamingIt() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixtures.writeTemplates(["mine": "{{#open}}never closed\n"], in: dir)
        let error = #expect(throws: TemplateError.self) { try TemplateSet.load(overridesFrom: dir.path) }
        #expect(error?.template == "mine")
    }

    @Test func aMissingTemplateIsAnErrorNamingIt() throws {
        let set = try TemplateSet.builtIn()
        let error = #expect(throws: TemplateError.self) { try set.render([String: Any](), template: "html/none") }
        #expect(error?.description == "template html/none: does not exist")
    }

    @Test func overridesMustBeAFolder() {
        #expect(throws: TemplateError.self) { try TemplateSet.load(overridesFrom: "/nonexistent/templates") }
    }

    @Test func partialNamesAreFound() {
        #expect(TemplateSet.partialNames(in: "a {{> x/y }} b {{>z}} {{<layout}}{{/layout}} {{>*dynamic}} {{x}}") == ["x/y", "z", "layout"])
    }
}
