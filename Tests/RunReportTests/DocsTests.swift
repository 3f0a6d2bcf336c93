import Foundation
import Testing

/// The documentation stays inside the repository: every link of the README and `docs/` is relative,
/// names a file that exists, and an anchor it names is a heading of that file; no address leaves
/// the repository (a product's name is text, not a link). The schema's references to
/// `docs/metrics.md` sections resolve too.
@Suite struct DocsTests {
    static let root = Fixtures.packageRoot.standardizedFileURL

    static var documents: [URL] {
        let docs = root.appendingPathComponent("docs")
        let inDocs = (try? FileManager.default.contentsOfDirectory(at: docs, includingPropertiesForKeys: nil)) ?? []
        return [root.appendingPathComponent("README.md"), root.appendingPathComponent("Schemas/README.md")]
            + inDocs.filter { $0.pathExtension == "md" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func theDocumentsExist() {
        let names = Set(Self.documents.map(\.lastPathComponent))
        #expect(names.isSuperset(of: ["README.md", "summary-json.md", "metrics.md", "warnings.md", "junit.md"]))
    }

    @Test(arguments: documents)
    func everyLinkStaysInTheRepositoryAndResolves(_ document: URL) throws {
        let text = try Self.prose(try String(contentsOf: document, encoding: .utf8))
        let name = document.path.replacingOccurrences(of: Self.root.path + "/", with: "")
        #expect(!text.contains("://"), "\(name) holds an address outside code")
        #expect(!text.contains("../shared"), "\(name) refers to ../shared")
        for target in try Self.links(in: text) {
            #expect(!target.hasPrefix("/") && !target.hasPrefix("mailto:"), "\(name): \(target)")
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let file =
                parts[0].isEmpty ? document : document.deletingLastPathComponent().appendingPathComponent(parts[0]).standardizedFileURL
            #expect(file.path.hasPrefix(Self.root.path + "/"), "\(name): \(target) leaves the repository")
            #expect(FileManager.default.fileExists(atPath: file.path), "\(name): \(target) does not exist")
            if parts.count == 2 {
                let anchors = Self.anchors(of: try String(contentsOf: file, encoding: .utf8))
                #expect(anchors.contains(parts[1]), "\(name): \(target): no such heading")
            }
        }
    }

    @Test func theSchemaLinksToSectionsThatExist() throws {
        let schema = try String(contentsOf: SchemaTests.schemaURL, encoding: .utf8)
        let anchors = Self.anchors(of: try String(contentsOf: Self.root.appendingPathComponent("docs/metrics.md"), encoding: .utf8))
        let cited = schema.matches(of: try Regex("docs/metrics\\.md#([a-z0-9-]+)")).compactMap { $0.output[1].substring.map(String.init) }
        #expect(cited.count > 30)
        for anchor in Set(cited).sorted() {
            #expect(anchors.contains(anchor), "Schemas/summary.schema.json cites docs/metrics.md#\(anchor)")
        }
    }

    /// The text outside fenced code blocks, with inline code (`` `x` `` and ``` ``x`` ```) replaced by `code`.
    static func prose(_ markdown: String) throws -> String {
        var out: [Substring] = []
        var fenced = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                fenced.toggle()
                continue
            }
            if !fenced { out.append(line) }
        }
        return out.joined(separator: "\n").replacing(try Regex("``.*?``|`[^`\\n]*`"), with: "code")
    }

    /// The targets of `[text](target)` links and `<a href>`.
    static func links(in prose: String) throws -> [String] {
        let markdown = prose.matches(of: try Regex("\\]\\(([^)\\s]+)\\)")).compactMap { $0.output[1].substring.map(String.init) }
        let html = prose.matches(of: try Regex("href=\"([^\"]+)\"")).compactMap { $0.output[1].substring.map(String.init) }
        return markdown + html
    }

    /// The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as `-`,
    /// `-1`, `-2`… for repeats.
    static func anchors(of markdown: String) -> Set<String> {
        var seen: [String: Int] = [:]
        var out: Set<String> = []
        var fenced = false
        for line in markdown.split(separator: "\n") {
            if line.hasPrefix("```") { fenced.toggle() }
            guard !fenced, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            var slug = ""
            for c in title.lowercased() {
                if c.isLetter || c.isNumber || c == "-" || c == "_" {
                    slug.append(c)
                } else if c == " " {
                    slug.append("-")
                }
            }
            let n = seen[slug, default: 0]
            seen[slug] = n + 1
            out.insert(n == 0 ? slug : "\(slug)-\(n)")
        }
        return out
    }
}
