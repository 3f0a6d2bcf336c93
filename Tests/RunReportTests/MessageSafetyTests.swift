import Foundation
import Testing

@testable import RunReport

/// What reaches a terminal, a pull-request comment or a page from data and servers: no escape
/// sequence or C1/bidi control in any message, the key in no message whatever the status, no
/// mention or issue link from a test title.
@Suite(.serialized) struct MessageSafetyTests {
    let cli = CLITests()
    static let runId = "c7068a4d0aa7e75a"
    static let bundle = Fixtures.path("real-flaky-c7068a4d")
    /// OSC 52 (write the clipboard), OSC 8 (a hidden link), a title, BEL, an 8-bit CSI, a bidi override.
    static let hostile =
        "\u{1B}]52;c;cm0gLXJmIH4=\u{07}\u{1B}]8;;https://evil.example/\u{1B}\\click\u{1B}]8;;\u{1B}\\\u{1B}]0;pwned\u{07}\u{07}\u{9B}31mred\u{202E}txt.exe"

    /// No ESC, BEL, C1 control (UTF-8 `C2 80`–`C2 9F`) or bidi control.
    func expectTerminalSafe(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = text.unicodeScalars.filter { s in
            (s.value < 0x20 && s != "\n") || (0x7F...0x9F).contains(s.value) || TextSanitizer.isBidiControl(s.value)
        }
        #expect(bad.isEmpty, "\(bad.map { String($0.value, radix: 16) }) in \(text.debugDescription)", sourceLocation: sourceLocation)
    }

    func jsonString(_ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self)
            .dropFirst().dropLast().description
    }

    @Test func aSavedErrorEnvelopeIsPrintedWithoutItsEscapes() throws {
        try cli.withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("run.json")
            try "{\"status\":\"FAILED\",\"error\":\(try jsonString(Self.hostile))}".write(to: file, atomically: true, encoding: .utf8)
            let r = try cli.run(["report", file.path, "--out", dir.appendingPathComponent("out").path])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("Error: "), "\(r.stderr)")
            #expect(r.stderr.contains("click"))
            expectTerminalSafe(r.stderr)
        }
    }

    func environment(_ server: FakeCurrentsServer) -> [String: String] {
        ["CURRENTS_API_URL": server.baseURL, "CURRENTS_API_KEY": FakeCurrentsServer.key, "http_proxy": "", "all_proxy": ""]
    }

    /// 200 bodies that make each message quote the server: an error envelope, a run of another id,
    /// `specs` of the wrong type.
    func hostileBodies(_ text: String) throws -> [String] {
        let quoted = try jsonString(text)
        return [
            "{\"status\":\"FAILED\",\"error\":\(quoted)}",
            "{\"status\":\"OK\",\"data\":{\"runId\":\(quoted),\"specs\":[]}}",
            "{\"status\":\"OK\",\"data\":{\"runId\":\"\(Self.runId)\",\"specs\":\(quoted)}}",
        ]
    }

    @Test func serverTextInEveryMessageIsTerminalSafe() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        for body in try hostileBodies(Self.hostile) {
            try server.inject([["path": "/runs/", "status": 200, "body": body, "times": 1]])
            try cli.withTemporaryDirectory { dir in
                let r = try cli.run(["fetch", "--run-id", Self.runId, "--out", dir.path + "/b"], environment: environment(server))
                #expect(r.status == 1, "\(body)")
                #expect(r.stderr.hasPrefix("Error: GET /runs/\(Self.runId)"), "\(r.stderr)")
                expectTerminalSafe(r.stderr)
            }
        }
    }

    @Test func aKeyEchoedInA200BodyIsRedactedInEveryMessage() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        for body in try hostileBodies("echo Bearer \(FakeCurrentsServer.key) back") {
            try server.inject([["path": "/runs/", "status": 200, "body": body, "times": 2]])
            for command in [["fetch", "--run-id", Self.runId], ["report", "--run-id", Self.runId]] {
                try cli.withTemporaryDirectory { dir in
                    let r = try cli.run(command + ["--out", dir.path + "/b"], environment: environment(server))
                    #expect(r.status == 1, "\(body)")
                    #expect(!r.stderr.contains(FakeCurrentsServer.key) && !r.stdout.contains(FakeCurrentsServer.key), "\(r.stderr)")
                    #expect(r.stderr.contains("[key]"), "\(r.stderr)")
                }
            }
        }
    }

    @Test func aKeyEchoedInAnInstanceReachesNoSavedFileOrReport() throws {
        let server = try FakeCurrentsServer(bundle: Self.bundle)
        let key = FakeCurrentsServer.key
        let body = """
            {"status":"OK","data":{"runId":"\(Self.runId)","instanceId":"GDEKME1tH9E3","spec":"echo.cy.js","results":{"tests":[\
            {"title":["echoes \(key)"],"state":"failed","attempts":[{"state":"failed","error":{"name":"Error","message":"Bearer \(key)"}}]}]}}}
            """
        try server.inject([["path": "/instances/GDEKME1tH9E3", "status": 200, "body": body, "times": 1]])
        try cli.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out")
            let r = try cli.run(["report", "--run-id", Self.runId, "--out", out.path, "--keep-data"], environment: environment(server))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!r.stdout.contains(key) && !r.stderr.contains(key))
            var files = 0
            for case let name as String in FileManager.default.enumerator(atPath: out.path) ?? .init() {
                guard let data = FileManager.default.contents(atPath: out.path + "/" + name) else { continue }
                files += 1
                #expect(data.range(of: Data(key.utf8)) == nil, "the key is in \(name)")
            }
            #expect(files >= 10)  // the four reports and the saved bundle
            let summary = try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
            #expect(summary.contains("echoes [key]"))
        }
    }

    @Test func theEnvironmentsKeyIsRedactedWhenASavedFileHoldsIt() throws {
        try cli.withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("run.json")
            try "{\"status\":\"FAILED\",\"error\":\"leaked \(FakeCurrentsServer.key) here\"}".write(
                to: file, atomically: true, encoding: .utf8)
            let r = try cli.run(
                ["report", file.path, "--out", dir.appendingPathComponent("out").path],
                environment: ["CURRENTS_API_KEY": FakeCurrentsServer.key])
            #expect(r.status == 1)
            #expect(r.stderr.contains("\"leaked [key] here\""), "\(r.stderr)")
            #expect(!r.stderr.contains(FakeCurrentsServer.key))
        }
    }

    @Test func redactingReplacesEveryOccurrenceAndCopiesNothingOtherwise() {
        #expect(
            CurrentsClient.redacting("secret-key", in: Array("a secret-key b secret-keysecret-key".utf8))
                == Array("a [key] b [key][key]".utf8))
        #expect(CurrentsClient.redacting("secret-key", in: Array("nothing here".utf8)) == Array("nothing here".utf8))
        #expect(CurrentsClient.redacting("", in: Array("x".utf8)) == Array("x".utf8))
    }

    // MARK: Markdown, annotations, pages and XML

    @Test func mentionsAndIssueReferencesLinkNothingInMarkdown() {
        let escaped = MarkdownEscaper.escape("ping @octocat and @org/team about #123, not #abc; mail a@b.io")
        #expect(escaped == "ping @&#8203;octocat and @&#8203;org/team about #&#8203;123, not #abc; mail a@&#8203;b.io")
        #expect(MarkdownEscaper.escape("abc\u{202E}def\u{2066}x\u{2069}") == "abcdefx")
    }

    @Test func mentionsAndBidiNeverReachAnnotations() {
        #expect(GitHubAnnotations.data("@octocat #42 \u{202E}x") == "@\u{200B}octocat #\u{200B}42 x")
    }

    @Test func bidiControlsAreDroppedFromEveryHumanFacingOutput() {
        let text = "a\u{202A}b\u{202B}c\u{202C}d\u{202D}e\u{202E}f\u{2066}g\u{2067}h\u{2068}i\u{2069}j\u{200E}k\u{200F}l\u{061C}m — ok"
        let clean = "abcdefghijklm — ok"
        #expect(Format.terminalSafe(text) == clean)
        #expect(MarkupEscaper.escape(text) == clean)
        #expect(JUnitText.clean(text) == clean)
        var value = text
        var bytes: [UInt8] = []
        CompiledTemplate.appendEscaped(&value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == clean)
        var page = JSONWriter(compact: true)
        page.string(text)
        #expect(String(decoding: page.bytes, as: UTF8.self) == "\"\(clean)\"")
        // summary.json keeps the data exactly: it is for programs.
        var data = JSONWriter()
        data.string(text)
        #expect(String(decoding: data.bytes, as: UTF8.self) == "\"\(text)\"")
        // Arabic and other text sharing the lead bytes is kept.
        #expect(MarkupEscaper.escape("مرحبا “quoted” …") == "مرحبا “quoted” …")
    }
}
