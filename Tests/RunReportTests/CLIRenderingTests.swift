import Foundation
import Testing

/// Black-box tests of the rendering commands and options: `templates export`, `--templates`,
/// `--github`, `validate-junit`, `--junit-profile`.
@Suite struct CLIRenderingTests {
    let cli = CLITests()

    @Test func exportedTemplatesRenderTheSameBytesAsTheBuiltInOnes() throws {
        try cli.withTemporaryDirectory { dir in
            let export = try cli.run(["templates", "export", dir.appendingPathComponent("t").path])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("t/markdown/summary.md.mustache").path))
            let builtIn = try cli.run([
                "report", Fixtures.path("real-flaky-c7068a4d"), "--out", dir.appendingPathComponent("a").path, "--quiet",
            ])
            let custom = try cli.run([
                "report", Fixtures.path("real-flaky-c7068a4d"), "--out", dir.appendingPathComponent("b").path, "--quiet",
                "--templates", dir.appendingPathComponent("t").path,
            ])
            #expect(builtIn.status == 0 && custom.status == 0, "\(builtIn.stderr)\(custom.stderr)")
            for name in ["index.html", "junit.xml", "summary.md", "summary.json"] {
                let a = FileManager.default.contents(atPath: dir.appendingPathComponent("a/\(name)").path)
                let b = FileManager.default.contents(atPath: dir.appendingPathComponent("b/\(name)").path)
                #expect(a != nil && a == b, "\(name)")
            }
            // A second export into the same folder refuses to overwrite.
            let again = try cli.run(["templates", "export", dir.appendingPathComponent("t").path])
            #expect(again.status == 1)
            #expect(again.stderr.contains("exists already"))
        }
    }

    @Test func aCustomTemplateChangesItsReportOnly() throws {
        try cli.withTemporaryDirectory { dir in
            try Fixtures.writeTemplates(
                ["markdown/summary.md": "{{% CONTENT_TYPE: MARKDOWN}}\n# {{runId}}: {{status}}\n"], in: dir.appendingPathComponent("t"))
            let out = dir.appendingPathComponent("out")
            let r = try cli.run([
                "report", Fixtures.path("real-flaky-c7068a4d"), "--out", out.path, "--quiet", "--templates",
                dir.appendingPathComponent("t").path, "--format", "markdown",
            ])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8) == "# c7068a4d0aa7e75a: FAILED\n")
        }
    }

    @Test func aBrokenTemplateIsAnErrorAndNothingIsWritten() throws {
        try cli.withTemporaryDirectory { dir in
            try Fixtures.writeTemplates(["markdown/summary.md": "{{#open}}"], in: dir.appendingPathComponent("t"))
            let out = dir.appendingPathComponent("out")
            let r = try cli.run([
                "report", Fixtures.path("real-flaky-c7068a4d"), "--out", out.path, "--templates", dir.appendingPathComponent("t").path,
            ])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("Error: template markdown/summary.md: "))
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test func githubAppendsTheStepSummaryAndPrintsAnnotations() throws {
        try cli.withTemporaryDirectory { dir in
            let stepSummary = dir.appendingPathComponent("step.md")
            try "earlier step\n".write(to: stepSummary, atomically: true, encoding: .utf8)
            let r = try cli.run(
                ["report", Fixtures.path("real-flaky-c7068a4d"), "--out", dir.appendingPathComponent("out").path, "--quiet", "--github"],
                environment: ["GITHUB_STEP_SUMMARY": stepSummary.path])
            #expect(r.status == 0, "\(r.stderr)")
            let text = try String(contentsOf: stepSummary, encoding: .utf8)
            #expect(text.hasPrefix("earlier step\n## ❌ Cypress run c7068a4d0aa7e75a: FAILED · COMPLETE\n"))
            let written = try String(contentsOf: dir.appendingPathComponent("out/summary.md"), encoding: .utf8)
            #expect(text == "earlier step\n" + written)
            #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("::error ") }.count == 3)
            #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("::warning ") }.count == 1)
        }
    }

    @Test func unknownJUnitProfileIsAUsageError() throws {
        let r = try cli.run(["report", Fixtures.path("all-passed"), "--junit-profile", "surefire"])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "The value 'surefire' is invalid for '--junit-profile <junit-profile>'. Please provide one of 'standard', 'ant' or 'per-attempt'."
            ))
    }

    @Test(arguments: ["standard", "ant", "per-attempt"])
    func validateJUnitAcceptsWhatReportWrites(profile: String) throws {
        try cli.withTemporaryDirectory { dir in
            let r = try cli.run([
                "report", Fixtures.path("flaky-retries"), "--out", dir.path, "--quiet", "--format", "junit", "--junit-profile", profile,
            ])
            #expect(r.status == 0, "\(r.stderr)")
            let check = try cli.run(["validate-junit", dir.appendingPathComponent("junit.xml").path, "--profile", profile])
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout.contains("valid against"))
        }
    }

    @Test func validateJUnitRejectsABrokenFileWithItsLine() throws {
        try cli.withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("bad.xml")
            try "<testsuites>\n  <testsuite name=\"x\" tests=\"one\"/>\n</testsuites>\n".write(to: file, atomically: true, encoding: .utf8)
            let r = try cli.run(["validate-junit", file.path])
            #expect(r.status == 1)
            #expect(r.stderr.contains("bad.xml is not valid against jenkins-xunit-junit-10.xsd (profile standard)"))
            #expect(r.stderr.contains("line 2: "))
            try "<testsuites><oops></testsuites>".write(to: file, atomically: true, encoding: .utf8)
            let r2 = try cli.run(["validate-junit", file.path])
            #expect(r2.status == 1)
            #expect(r2.stderr.contains("is not well-formed XML"))
        }
    }
}
