import Foundation
import Testing

/// The repository stands alone: no shipped file points outside it, every relative link of any of its
/// Markdown files resolves inside it (DocsTests checks the documentation's links and anchors in
/// depth), and the CI examples' `runreport` commands are ones the tool accepts.
@Suite struct RepositoryTests {
    static let root = Fixtures.packageRoot

    /// Every text file git would ship: the README, docs, sources, templates, schemas, scripts,
    /// benchmarks, CI and tests (fixtures' JSON aside: it is data).
    static func shippedTextFiles() -> [URL] {
        let fm = FileManager.default
        var files: [URL] = [root.appendingPathComponent("README.md"), root.appendingPathComponent("Package.swift")]
        let textExtensions: Set<String> = ["md", "swift", "mustache", "sh", "py", "yml", "yaml", "json", "xsd", "c", "h", "js", "css"]
        for folder in ["docs", "Sources", "Templates", "Schemas", "scripts", "bench", ".ci", "Plugins", "Tests/RunReportTests"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = fm.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker {
                let name = url.lastPathComponent
                if ["Fixtures", "Hostile", "Golden"].contains(name) {
                    walker.skipDescendants()
                    continue
                }
                if textExtensions.contains(url.pathExtension) || (folder == ".ci" && !name.hasPrefix(".")) { files.append(url) }
            }
        }
        return files
    }

    @Test func noFilePointsOutsideTheRepository() throws {
        let outside = ["../shared", "/work/shared", "shared/reference/", "shared/examples/", "shared/seed/"]
        var found: [String] = []
        let files = Self.shippedTextFiles()
        #expect(files.count > 100)
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            // This file names the patterns it looks for.
            if ["RepositoryTests.swift", "DocsTests.swift"].contains(file.lastPathComponent) { continue }
            for pattern in outside where text.contains(pattern) {
                found.append("\(file.path.dropFirst(Self.root.path.count + 1)): \(pattern)")
            }
        }
        #expect(found.isEmpty, "\(found)")
    }

    /// `[text](target)` links of the Markdown files that are not URLs: each must name a file or
    /// folder inside the repository.
    @Test func everyRelativeLinkResolvesInsideTheRepository() throws {
        let link = /\]\(([^)\s]+)\)/
        var broken: [String] = []
        var checked = 0
        for file in Self.shippedTextFiles() where file.pathExtension == "md" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: link) {
                let target = String(match.1)
                if target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") || target.hasPrefix("#") {
                    continue
                }
                let path = String(target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
                let resolved = file.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                checked += 1
                if !resolved.path.hasPrefix(Self.root.standardizedFileURL.path + "/")
                    || !FileManager.default.fileExists(atPath: resolved.path)
                {
                    broken.append("\(file.lastPathComponent): \(target)")
                }
            }
        }
        #expect(checked >= 3)
        #expect(broken.isEmpty, "\(broken)")
    }

    /// The `runreport report …` line of each CI example, run against an API that is not there: it
    /// must get as far as the network (exit 1, a connection error), never a usage error (exit 2).
    @Test(arguments: ["github-actions.yml", "gitlab-ci.yml"])
    func theCIExamplesCommandsParse(example: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/ci/\(example)"), encoding: .utf8)
        let lines = text.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "runreport report ") else { return nil }
            return String(line[range.lowerBound...])
        }
        #expect(lines.count == 1, "\(example): \(lines)")
        let cli = CLITests()
        for line in lines {
            // Shell words: the examples quote only "$VARIABLES", which become a value here.
            let words = line.split(separator: " ").map { $0.replacingOccurrences(of: "\"$CI_BUILD_ID\"", with: "build-1") }
            try cli.withTemporaryDirectory { dir in
                let r = try cli.run(
                    Array(words.dropFirst()).map { $0 == "reports" ? dir.appendingPathComponent("reports").path : $0 },
                    environment: [
                        "CURRENTS_API_KEY": "k", "CURRENTS_PROJECT_ID": "p", "CURRENTS_API_URL": "http://127.0.0.1:9",
                        "GITHUB_STEP_SUMMARY": dir.appendingPathComponent("summary.md").path,
                    ])
                #expect(r.status == 1, "\(example): exit \(r.status): \(r.stderr)")
                #expect(!r.stderr.contains("Usage:"), "\(example): \(r.stderr)")
            }
        }
    }

    /// Both CI examples parse as YAML (PyYAML, from the test environment), with the keys CI reads.
    @Test(.enabled(if: SchemaValidator.available, SchemaValidator.skipNote))
    func theCIExamplesAreValidYAML() throws {
        let python = try SchemaValidator.require().python
        let script = """
            import sys, yaml
            gh = yaml.safe_load(open(sys.argv[1]))
            gl = yaml.safe_load(open(sys.argv[2]))
            assert gh["jobs"]["report"]["if"] == "always()", gh["jobs"]["report"]
            assert gh["jobs"]["report"]["needs"] == "e2e"
            assert gl["runreport"]["when"] == "always"
            assert gl["runreport"]["artifacts"]["reports"]["junit"] == "reports/junit.xml"
            print("yaml ok")
            """
        let ci = Self.root.appendingPathComponent("docs/ci")
        let r = try SchemaValidator.run(
            python, ["-c", script, ci.appendingPathComponent("github-actions.yml").path, ci.appendingPathComponent("gitlab-ci.yml").path])
        #expect(r.status == 0 && r.stdout.contains("yaml ok"), "\(r.stdout)\(r.stderr)")
    }
}
