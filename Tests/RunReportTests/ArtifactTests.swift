import Foundation
import Testing

@testable import RunReport

/// Issue 14: screenshots, videos and attachments read into the model (`docs/metrics.md` §14).
struct ArtifactModelTests {
    static let cypress = "artifacts/cypress"
    static let playwright = "artifacts/playwright"

    func test(_ summary: Summary, spec: String, title: String) throws -> TestSummary {
        try #require(summary.tests.first { $0.spec == spec && $0.title.last == title })
    }

    @Test func screenshotsBelongToTheirTestAndAttempt() throws {
        let summary = try Fixtures.summary(Self.cypress)
        #expect(summary.warnings.isEmpty)
        let failed = try #require(summary.tests.first { $0.instanceId == "GDEKME1tH9E3" })
        // Listed at the spec (with a URL) and at each attempt (without): one artifact per attempt.
        #expect(failed.artifacts.map(\.attempt) == [0, 1, 2])
        #expect(failed.artifacts.map(\.kind) == [.screenshot, .screenshot, .screenshot])
        #expect(failed.artifacts.map(\.id) == ["vnGS2oMjM8MyxiCTAgKY_", "dXYBdNISQiHjGZqZWVaxk", "s0es9NaVjdFd2m-qUbiRw"])
        #expect(failed.artifacts.allSatisfy { $0.url?.hasPrefix("https://fs.currents.dev/") == true })
        #expect(failed.artifacts.allSatisfy { $0.savedPath == nil && $0.instanceId == "GDEKME1tH9E3" })
        #expect(failed.attemptDetails.map(\.videoTimestampMs) == [10, 4788, 9196])

        let spec = try #require(summary.specs.first { $0.instanceId == "GDEKME1tH9E3" })
        #expect(spec.artifacts.video?.kind == .video)
        #expect(spec.artifacts.video?.url?.contains("bf89e79f-af2a-43cb-afba-2575e567f103.mp4") == true)
        // The screenshot naming test r9, which the spec does not have, is the spec's.
        #expect(spec.artifacts.others.map(\.name) == ["after all hook"])
        #expect(spec.artifacts.others.map(\.attempt) == [nil])

        // A flaky test's failed first attempt; a passed test's own screenshot.
        let flaky = try #require(summary.tests.first { $0.instanceId == "dZ4sdqqLEFP6" && $0.flaky })
        #expect(flaky.artifacts.map(\.attempt) == [0])
        let passed = try #require(summary.tests.first { $0.instanceId == "qYf9vWUqdmin" && !$0.artifacts.isEmpty })
        #expect(passed.state == .passed)
        // 3 + 1 + 3 + 1 + 1 screenshots on tests in all, none twice.
        let all = summary.tests.flatMap(\.artifacts)
        #expect(all.count == 9)
        #expect(Set(all.compactMap(\.id)).count == 9)
    }

    @Test func playwrightAttachmentsTakeTheirKindFromTheContentType() throws {
        let summary = try Fixtures.summary(Self.playwright)
        let failed = try #require(summary.tests.first { $0.state == .failed })
        #expect(failed.artifacts.map(\.kind) == [.screenshot, .video, .trace])
        #expect(failed.artifacts.map(\.contentType) == ["image/png", "video/webm", "application/zip"])
        #expect(failed.artifacts.allSatisfy { $0.attempt == 0 })
        let spec = try #require(summary.specs.first)
        // The documented screenshot and one trace name tests the instance does not list.
        #expect(spec.artifacts.others.map(\.kind) == [.screenshot, .trace])
        #expect(spec.artifacts.others.first?.attempt == nil)
        #expect(Artifact.kind(contentType: "IMAGE/JPEG", name: nil) == .screenshot)
        #expect(Artifact.kind(contentType: "text/plain", name: "log") == .other)
        #expect(Artifact.kind(contentType: nil, name: "trace") == .trace)
    }

    @Test func aScreenshotListedTwiceIsOneArtifactAndOneWithoutURLIsNone() throws {
        let run = #"""
            {"runId":"r1","specs":[{"spec":"a.cy.ts","instanceId":"i1","claimedAt":"2024-01-01T00:00:00.000Z",
             "completedAt":"2024-01-01T00:00:01.000Z"}]}
            """#
        let instance = #"""
            {"instanceId":"i1","spec":"a.cy.ts","results":{"tests":[{"testId":"r1","title":["t"],"state":"failed",
              "attempts":[{"state":"failed","screenshots":[{"screenshotId":"s1","name":"first","testId":"r1","testAttemptIndex":0}]}]}],
             "screenshots":[{"screenshotId":"s1","testId":"r1","testAttemptIndex":0,"screenshotURL":"https://x.example/a.png"},
                            {"screenshotId":"s1","testId":"r1","testAttemptIndex":0,"screenshotURL":"https://x.example/b.png"},
                            {"screenshotId":"s2","testId":"r1","testAttemptIndex":0}],
             "videoUrl":""}}
            """#
        let summary = try Fixtures.summary(runJSON: run, instances: ["i1": instance])
        let test = try #require(summary.tests.first)
        #expect(test.artifacts.count == 1)
        #expect(test.artifacts.first?.name == "first")
        #expect(test.artifacts.first?.url == "https://x.example/a.png")
        #expect(summary.specs.first?.artifacts.video == nil)
    }

    @Test(arguments: [cypress, playwright]) func summaryJSONGolden(fixture: String) throws {
        let summary = try Fixtures.summary(fixture)
        try Golden.assertMatches(
            SummaryJSONRenderer.render(summary), file: fixture.replacingOccurrences(of: "/", with: "-") + ".summary.json")
    }

    @Test func noArtifactLinksLeavesEverySignedURLOut() throws {
        var summary = try Fixtures.summary(Self.cypress)
        summary.removeArtifactLinks()
        let json = String(decoding: SummaryJSONRenderer.render(summary), as: UTF8.self)
        #expect(!json.contains("Signature="))
        #expect(!json.contains("fs.currents.dev"))
        #expect(json.contains(#""kind": "screenshot""#))
    }
}
