import Foundation
import Testing

@testable import RunReport

/// `summary.md` and the `--github` workflow commands.
@Suite struct MarkdownTests {
    static func markdown(_ fixture: String, limit: Int = MarkdownRenderer.characterLimit) throws -> String {
        let bytes = try MarkdownRenderer.render(try Fixtures.summary(fixture), templates: try TemplateSet.builtIn(), limit: limit)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: Fixtures.all)
    func matchesGolden(fixture: String) throws {
        try Golden.assertMatches(Array(try Self.markdown(fixture).utf8), file: "\(fixture).summary.md")
    }

    @Test func headlineOfTheRealRunReadsOffTheData() throws {
        let md = try Self.markdown("real-flaky-c7068a4d")
        #expect(md.hasPrefix("## ❌ Cypress run c7068a4d0aa7e75a: FAILED · COMPLETE\n"))
        #expect(md.contains("**8** tests · **4** passed · **3** failed · **1** flaky · 0 skipped · 1 pending · pass rate 57.1 %"))
        #expect(md.contains("### Failed tests (3)"))
        #expect(md.contains("### Flaky tests (1)"))
        #expect(md.contains("| cypress/e2e/b.spec.js | rAA1SgkfccF9 | 17.8 s | 41.9 s |"))
    }

    @Test func dataCannotBecomeMarkupOrBreakATable() throws {
        let md = try Self.markdown("hostile-strings")
        #expect(!md.contains("<script"))
        #expect(!md.contains("<img"))
        #expect(!md.contains("<svg"))
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // Every table row has exactly the columns of its header: no `|` from the data splits a cell.
        for line in md.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).count
            #expect(cells == 14 || cells == 6, "\(line)")
        }
        // No control character survives.
        #expect(!md.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func escaperNeutralisesMarkdownAndHTML() {
        #expect(
            MarkdownEscaper.escape("a|b *c* [d](e) `f` <g> & \"h\" 'i'\nj")
                == #"a\|b \*c\* \[d\](e) \`f\` &lt;g&gt; &amp; &quot;h&quot; &#39;i&#39; j"#)
        #expect(MarkdownEscaper.escape("NUL\u{0}ESC\u{1B}") == "NULESC")
    }

    @Test func longListsAreCutWithANoteAndTheLimitHolds() throws {
        let full = try Self.markdown("real-flaky-c7068a4d")
        let limit = full.utf8.count - 200
        let cut = try Self.markdown("real-flaky-c7068a4d", limit: limit)
        #expect(cut.utf8.count <= limit)
        // Texts are clipped and lists shortened until it fits; the headline stays.
        #expect(cut.hasPrefix("## ❌ Cypress run c7068a4d0aa7e75a: FAILED · COMPLETE\n"))
        #expect(cut.contains("…"))
        let shorter = try Self.markdown("real-flaky-c7068a4d", limit: 1_500)
        #expect(shorter.utf8.count <= 1_500)
        #expect(shorter.contains("more failed tests in the HTML report"))
        // Even an absurdly small limit gives a bounded, well-formed text that says it was cut.
        let tiny = try Self.markdown("real-flaky-c7068a4d", limit: 700)
        #expect(tiny.utf8.count <= 700)
        #expect(tiny.contains("cut to fit 700 characters"))
    }

    @Test func workflowCommandsCannotBeInjected() throws {
        let commands = GitHubAnnotations.workflowCommands(try Fixtures.summary("hostile-strings"))
        let lines = commands.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.hasPrefix("::error file=") || line.hasPrefix("::warning file=") || line.hasPrefix("::notice "), "\(line)")
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 })
        }
        #expect(GitHubAnnotations.data("a\n::set-env name=x::y%") == "a%0A::set-env name=x::y%25")
        #expect(GitHubAnnotations.property("a:b,c") == "a%3Ab%2Cc")
    }

    @Test func workflowCommandsOfTheRealRun() throws {
        let commands = GitHubAnnotations.workflowCommands(try Fixtures.summary("real-flaky-c7068a4d"))
        let lines = commands.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("::error ") }.count == 3)
        #expect(lines.filter { $0.hasPrefix("::warning ") }.count == 1)
        // The line and column of the code frame (`line 5, column 20` in the instance file).
        #expect(
            lines[0].hasPrefix(
                "::error file=cypress/e2e/a.spec.js,line=5,col=20,title=Failed%3A Failing test with 2 attempts › should try 2 times::"))
        // A code frame in another file than the spec gives no line.
        var s = try Fixtures.summary("real-flaky-c7068a4d")
        for t in s.tests.indices {
            for a in s.tests[t].attemptDetails.indices { s.tests[t].attemptDetails[a].error?.file = "cypress/support/e2e.js" }
        }
        #expect(!GitHubAnnotations.workflowCommands(s).contains(",line="))
    }
}
