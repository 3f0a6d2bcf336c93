import Foundation
import Testing

@testable import RunReport

/// The hostile-input corpus (`Hostile/`, listed in `Hostile/cases.json`, written by
/// `Hostile/make_cases.py`) run through the real binary, each case within a time bound: never a
/// signal, an error is exit 1 with its message and no output directory, a report carries exactly
/// the named warnings, and for the injection cases no element, attribute or URL of `index.html`
/// came from the data and `junit.xml` validates.
@Suite struct HostileInputTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String?
        var generate: String?
        var expect: String
        var message: String?
        var warnings: [String]?
        var injection: Bool?

        var testDescription: String { name }
    }

    static let directory = Fixtures.directory.deletingLastPathComponent().appendingPathComponent("Hostile")

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("cases.json").path),
            let cases = try? JSONDecoder().decode([Case].self, from: data)
        else { return [] }
        return cases
    }()

    /// No case may take longer than this (a debug build, on a shared 2-core machine).
    static let timeLimit: TimeInterval = 90

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 40)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
    }

    @Test(arguments: cases)
    func hostileInput(_ hostile: Case) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try prepare(hostile, in: dir)
        let out = dir.appendingPathComponent("out")
        // Every format, the CSV export too.
        let formats = OutputFormat.allCases.map(\.rawValue).joined(separator: ",")
        let r = try Self.run(["report", input, "--out", out.path, "--quiet", "--format", formats], in: dir)
        #expect(!r.timedOut, "\(hostile.name): no result within \(Self.timeLimit) s")
        #expect(!r.signalled, "\(hostile.name): killed by signal \(r.status)\n\(r.stderr.prefix(2000))")
        #expect(r.status == 0 || r.status == 1, "\(hostile.name): exit \(r.status)")
        switch hostile.expect {
        case "error":
            #expect(r.status == 1, "\(hostile.name): expected an error, got exit \(r.status)")
            if let message = hostile.message {
                #expect(r.stderr.contains(message), "\(hostile.name): \(r.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(hostile.name): an output directory was created")
        default:
            #expect(r.status == 0, "\(hostile.name): \(r.stderr)")
            guard r.status == 0 else { return }
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json")))
            let warnings = ((summary as? [String: Any])?["warnings"] as? [[String: Any]]) ?? []
            let codes = Set(warnings.compactMap { $0["code"] as? String })
            if let expected = hostile.warnings {
                #expect(codes == Set(expected), "\(hostile.name): warnings \(codes.sorted())")
            }
            if hostile.injection == true {
                try checkNothingInjected(out, name: hostile.name)
            }
        }
    }

    @Test func theScannerSeesInjectedMarkup() {
        let page = HTMLTagScanner.scan(
            #"<p title="a>b">x</p><script>"</p><img src=x onerror=y>"</script><A HREF=" java&Tab;script&colon;x">l</a><!-- <b> -->"#)
        #expect(page.pairs == ["p", "p@title", "script", "a", "a@href"])
        #expect(page.unsafeURLs == ["a@href= java&Tab;script&colon;x"])
        #expect(page.unterminated == nil)
        #expect(HTMLTagScanner.scan("<p>x</p><script>var a").unterminated == "<script>")
        #expect(HTMLTagScanner.scan("a <b c=d e> f").pairs == ["b", "b@c", "b@e"])
    }

    /// The case as a path the binary reads: the committed file or bundle, or one generated here.
    func prepare(_ hostile: Case, in dir: URL) throws -> String {
        if let input = hostile.input {
            let source = Self.directory.appendingPathComponent(input)
            guard input.hasSuffix(".json") else { return source.path }
            // A single file is reported as `run.json`, so messages read as they would for a user.
            let copy = dir.appendingPathComponent("run.json")
            try FileManager.default.copyItem(at: source, to: copy)
            return copy.path
        }
        let file = dir.appendingPathComponent("run.json")
        let bytes = try Self.generate(hostile.generate ?? "")
        // A recipe may make a bundle: {"run": …, "instance": …}.
        if let pair = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any], let run = pair["run"],
            let instance = pair["instance"]
        {
            let bundle = dir.appendingPathComponent("bundle")
            try FileManager.default.createDirectory(at: bundle.appendingPathComponent("instances"), withIntermediateDirectories: true)
            try JSONSerialization.data(withJSONObject: run).write(to: bundle.appendingPathComponent("run.json"))
            try JSONSerialization.data(withJSONObject: instance).write(to: bundle.appendingPathComponent("instances/i.json"))
            return bundle.path
        }
        try Data(bytes).write(to: file)
        return file.path
    }

    /// The big cases, too big to commit.
    static func generate(_ recipe: String) throws -> [UInt8] {
        let depth = 100_000
        switch recipe {
        case "nesting-100000-deep":
            return [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        case "nesting-100000-deep-in-unknown-field":
            return Array(#"{"runId":"r","specs":[],"meta":{"x":"#.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: depth)
                + [UInt8](repeating: UInt8(ascii: "]"), count: depth) + Array("}}".utf8)
        case "string-5mb":
            let big = String(repeating: "A<b>&\u{1B}[31m", count: 5 * 1024 * 1024 / 12)
            let run: [String: Any] = [
                "runId": "r",
                "specs": [
                    [
                        "spec": big, "instanceId": "i", "claimedAt": "2026-11-02T10:00:00Z", "completedAt": "2026-11-02T10:00:01Z",
                        "machineId": String(big.prefix(100_000)),
                    ]
                ],
            ]
            return [UInt8](try JSONSerialization.data(withJSONObject: run))
        case "stack-trace-5mb-of-lt":
            // A failing test retried once, its stack trace 5 MB of `<` (each one `&lt;` in JUnit).
            let stack = String(repeating: "<", count: 5 * 1024 * 1024)
            let attempt: [String: Any] = [
                "state": "failed", "error": ["name": "Error", "message": "m", "stack": stack],
                "wallClockStartedAt": "2026-11-02T10:00:01Z", "wallClockDuration": 100,
            ]
            let instance: [String: Any] = [
                "runId": "r", "instanceId": "i", "spec": "a.cy.ts",
                "results": [
                    "stats": ["tests": 1, "failures": 1, "wallClockDuration": 1000],
                    "tests": [["testId": "t", "title": ["x", "y"], "state": "failed", "attempts": [attempt, attempt]]],
                ],
            ]
            let run: [String: Any] = [
                "runId": "r", "groups": [["groupId": "g"]],
                "specs": [
                    [
                        "groupId": "g", "spec": "a.cy.ts", "instanceId": "i", "claimedAt": "2026-11-02T10:00:00Z",
                        "completedAt": "2026-11-02T10:00:05Z", "machineId": "m",
                        "results": ["stats": ["tests": 1, "failures": 1, "wallClockDuration": 1000]],
                    ]
                ],
            ]
            return [UInt8](try JSONSerialization.data(withJSONObject: ["run": run, "instance": instance]))
        default:
            Issue.record("unknown recipe \(recipe)")
            return []
        }
    }

    // MARK: - Injection checks

    func checkNothingInjected(_ out: URL, name: String) throws {
        let html = String(decoding: try Data(contentsOf: out.appendingPathComponent("index.html")), as: UTF8.self)
        let page = HTMLTagScanner.scan(html)
        let allowed = try Self.templateMarkup()
        let foreign = page.pairs.subtracting(allowed)
        #expect(foreign.isEmpty, "\(name): markup that is not the template's own: \(foreign.sorted().prefix(10))")
        #expect(page.unsafeURLs.isEmpty, "\(name): unsafe URLs in attributes: \(page.unsafeURLs.prefix(5))")
        #expect(page.unterminated == nil, "\(name): markup left open: \(page.unterminated ?? "")")

        let junit = out.appendingPathComponent("junit.xml")
        let validation = try Self.run(["validate-junit", junit.path], in: out)
        #expect(validation.status == 0, "\(name): junit.xml does not validate: \(validation.stdout) \(validation.stderr)")

        // The CSV files parse, agree with summary.json, and no text field starts a formula.
        let csv = try CSVTests.check(out)
        #expect(csv.ok, "\(name): \(csv.output)")

        let markdown = String(decoding: try Data(contentsOf: out.appendingPathComponent("summary.md")), as: UTF8.self).lowercased()
        // Text is harmless in Markdown; a tag or a link target is not (`\](` is escaped text).
        for tag in ["<script", "<img", "<svg", "<pwned", "<details", "<javascript:"] {
            #expect(!markdown.contains(tag), "\(name): summary.md carries \(tag)")
        }
        let links = markdown.components(separatedBy: "](javascript:").dropLast()
        #expect(links.allSatisfy { $0.hasSuffix("\\") }, "\(name): summary.md links to javascript:")
    }

    /// Every (element, attribute) pair the report's own markup uses: those of the golden reports of
    /// every fixture (hostile-strings among them), whose data is known.
    static func templateMarkup() throws -> Set<String> {
        var pairs: Set<String> = []
        for name in Fixtures.all {
            let url = Fixtures.goldenDirectory.appendingPathComponent("\(name).index.html")
            pairs.formUnion(HTMLTagScanner.scan(String(decoding: try Data(contentsOf: url), as: UTF8.self)).pairs)
        }
        return pairs
    }

    // MARK: - Running the binary with a time bound

    struct Outcome {
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Files, not pipes: a pipe that nobody drains would stall a chatty child.
        let outURL = directory.appendingPathComponent(".stdout"), errURL = directory.appendingPathComponent(".stderr")
        try #require(FileManager.default.createFile(atPath: outURL.path, contents: nil))
        try #require(FileManager.default.createFile(atPath: errURL.path, contents: nil))
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeLimit)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                process.waitUntilExit()
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal && !timedOut,
            timedOut: timedOut, stdout: stdout, stderr: stderr)
    }
}

/// A small HTML tokenizer, enough to list which elements and attributes a page has (as the browser
/// would see them: comments skipped, `<script>` and `<style>` content raw text up to their end tag)
/// and which URL attributes carry a script or data scheme.
enum HTMLTagScanner {
    struct Page {
        /// `element` and `element@attribute`.
        var pairs: Set<String> = []
        var unsafeURLs: [String] = []
        /// A comment, tag or raw-text element that never closes: data swallowing the rest of the page.
        var unterminated: String?
    }

    static let urlAttributes: Set<String> = ["href", "src", "xlink:href", "action", "formaction", "data", "poster", "srcset"]

    static func scan(_ html: String) -> Page {
        let b = Array(html.utf8)
        var page = Page()
        var i = 0
        func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c + 32 : c }
        func find(_ needle: String, from start: Int) -> Int? {
            let n = Array(needle.utf8)
            var k = start
            while k + n.count <= b.count {
                var match = true
                for (j, c) in n.enumerated() where lower(b[k + j]) != c {
                    match = false
                    break
                }
                if match { return k }
                k += 1
            }
            return nil
        }
        func isNameByte(_ c: UInt8) -> Bool {
            !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == UInt8(ascii: "/") || c == UInt8(ascii: ">")
                || c == UInt8(ascii: "="))
        }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }

        while i < b.count {
            guard b[i] == UInt8(ascii: "<"), i + 1 < b.count else {
                i += 1
                continue
            }
            if b[i + 1] == UInt8(ascii: "!") {
                let end =
                    b[i...].starts(with: Array("<!--".utf8)) ? find("-->", from: i + 4).map { $0 + 3 } : find(">", from: i).map { $0 + 1 }
                guard let end else {
                    page.unterminated = "<!"
                    return page
                }
                i = end
                continue
            }
            let closing = b[i + 1] == UInt8(ascii: "/")
            var k = i + (closing ? 2 : 1)
            guard k < b.count, (lower(b[k]) >= 97 && lower(b[k]) <= 122) else {
                i += 1  // a `<` that opens no tag is text
                continue
            }
            var name: [UInt8] = []
            while k < b.count, isNameByte(b[k]) {
                name.append(lower(b[k]))
                k += 1
            }
            let element = String(decoding: name, as: UTF8.self)
            // Attributes, up to the closing `>`.
            while k < b.count, b[k] != UInt8(ascii: ">") {
                if isSpace(b[k]) || b[k] == UInt8(ascii: "/") {
                    k += 1
                    continue
                }
                var attribute: [UInt8] = []
                while k < b.count, isNameByte(b[k]) {
                    attribute.append(lower(b[k]))
                    k += 1
                }
                if attribute.isEmpty {  // a stray `=`
                    k += 1
                    continue
                }
                while k < b.count, isSpace(b[k]) { k += 1 }
                var value: [UInt8] = []
                if k < b.count, b[k] == UInt8(ascii: "=") {
                    k += 1
                    while k < b.count, isSpace(b[k]) { k += 1 }
                    if k < b.count, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") {
                        let quote = b[k]
                        k += 1
                        while k < b.count, b[k] != quote {
                            value.append(b[k])
                            k += 1
                        }
                        k += 1
                    } else {
                        while k < b.count, !isSpace(b[k]), b[k] != UInt8(ascii: ">") {
                            value.append(b[k])
                            k += 1
                        }
                    }
                }
                let attributeName = String(decoding: attribute, as: UTF8.self)
                if !closing { page.pairs.insert(element + "@" + attributeName) }
                if urlAttributes.contains(attributeName), isUnsafeURL(value) {
                    page.unsafeURLs.append(element + "@" + attributeName + "=" + String(decoding: value, as: UTF8.self))
                }
            }
            guard k < b.count else {
                page.unterminated = "<" + element
                return page
            }
            if !closing { page.pairs.insert(element) }
            i = k + 1
            if !closing, element == "script" || element == "style" || element == "textarea" || element == "title" {
                guard let end = find("</" + element, from: i) else {
                    page.unterminated = "<" + element + ">"
                    return page
                }
                i = end
            }
        }
        return page
    }

    /// A URL whose scheme, once entities, whitespace and control characters are removed as a browser
    /// does, is `javascript:`, `vbscript:` or `data:`.
    static func isUnsafeURL(_ raw: [UInt8]) -> Bool {
        var text = String(decoding: raw, as: UTF8.self)
        for (entity, replacement) in [("&colon;", ":"), ("&tab;", ""), ("&newline;", ""), ("&#58;", ":"), ("&#x3a;", ":")] {
            text = text.replacingOccurrences(of: entity, with: replacement, options: .caseInsensitive)
        }
        let squeezed = String(text.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }.map(Character.init)).lowercased()
        return ["javascript:", "vbscript:", "data:"].contains { squeezed.hasPrefix($0) }
    }
}
