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

    /// The saved copies as `--artifacts` leaves them, for the renderers.
    static func withSavedCopies(_ fixture: String) throws -> Summary {
        var summary = try Fixtures.summary(fixture)
        for item in ArtifactDownloader.plan(summary, selection: .failed) {
            let path = "artifacts/\(item.stem).\(item.artifact.kind == .video ? "mp4" : "png")"
            switch item.slot {
            case .test(let i, let j): summary.tests[i].artifacts[j].savedPath = path
            case .specVideo(let i): summary.specs[i].artifacts.video?.savedPath = path
            case .specOther(let i, let j): summary.specs[i].artifacts.others[j].savedPath = path
            }
        }
        return summary
    }

    @Test func htmlShowsSavedScreenshotsPerAttemptAndTheVideoFromItsOffset() throws {
        let html = String(
            decoding: try HTMLRenderer.render(try Self.withSavedCopies(Self.cypress), templates: TemplateSet.builtIn()), as: UTF8.self)
        // The markup list (before the script redraws it) and the data the script draws from.
        #expect(html.contains(#"<img src="artifacts/GDEKME1tH9E3/0-screenshot.png" loading="lazy" alt="Screenshot: screenshot">"#))
        #expect(html.contains(#"<a href="artifacts/GDEKME1tH9E3/spec-video.mp4#t=4.788" rel="noreferrer">Video from this attempt</a>"#))
        #expect(html.contains(#"["screenshot","screenshot","artifacts/GDEKME1tH9E3/1-screenshot.png",1]"#))
        #expect(html.contains(#"<span class="t-shots">3 screenshots</span>"#))
        // The script's data holds the video's address once, in `strings`, and each attempt its own
        // `#t=` fragment: together they make the markup's link.
        let data = try #require(html.components(separatedBy: #"<script type="application/json" id="tests-data">"#).dropFirst().first)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(data.components(separatedBy: "</script>")[0].utf8)) as? [String: Any])
        let strings = try #require(json["strings"] as? [String])
        let failing = try #require(json["failing"] as? [[Any]])
        var videoLinks: [String] = []
        for row in failing {
            for case let attempt as [Any] in (row[12] as? [Any]) ?? [] {
                guard let video = attempt[7] as? Int, video >= 0, let fragment = attempt[8] as? String else { continue }
                videoLinks.append(strings[video] + fragment)
            }
        }
        #expect(videoLinks.contains("artifacts/GDEKME1tH9E3/spec-video.mp4#t=4.788"), "\(videoLinks)")
        #expect(Set(videoLinks.map { $0.components(separatedBy: "#")[0] }).count < videoLinks.count, "one address shared by the attempts")
        #expect(html.contains("img-src data: 'self';"))
        // Not saved: the passed test's screenshot is not among the failed tests; nothing remote is
        // ever an image.
        #expect(!html.contains(#"src="https:"#))
        // Without a saved copy, a screenshot is a link marked as expiring.
        let links = String(
            decoding: try HTMLRenderer.render(try Fixtures.summary(Self.cypress), templates: TemplateSet.builtIn()), as: UTF8.self)
        #expect(links.contains("(remote link; it expires about 2 hours after the run was fetched)"))
        #expect(!links.contains("<img "))
    }

    @Test(arguments: JUnitProfile.allCases)
    func junitCarriesAttachmentLinesAndStaysValid(profile: JUnitProfile) throws {
        let summary = try Self.withSavedCopies(Self.cypress)
        let bytes = try JUnitRenderer.renderTimed(summary, profile: profile, templates: TemplateSet.builtIn(), compiled: true).bytes
        try JUnitValidator.validate(bytes, profile: profile)
        let mustache = try JUnitRenderer.renderTimed(summary, profile: profile, templates: TemplateSet.builtIn(), compiled: false).bytes
        #expect(bytes == mustache)
        let xml = String(decoding: bytes, as: UTF8.self)
        let lines = xml.components(separatedBy: "[[ATTACHMENT|artifacts/").count - 1
        // The failed and flaky tests' 8 saved screenshots, once each.
        #expect(lines == 8)
        #expect(xml.contains("[[ATTACHMENT|artifacts/GDEKME1tH9E3/2-screenshot.png]]"))
        switch profile {
        case .standard:
            #expect(
                xml.contains(
                    "[[ATTACHMENT|artifacts/GDEKME1tH9E3/0-screenshot.png]]\n[[ATTACHMENT|artifacts/GDEKME1tH9E3/1-screenshot.png]]\n[[ATTACHMENT|artifacts/GDEKME1tH9E3/2-screenshot.png]]\n</system-out>\n</testcase>"
                ))
        case .perAttempt:
            #expect(xml.contains("<system-out>[[ATTACHMENT|artifacts/GDEKME1tH9E3/1-screenshot.png]]\n</system-out>"))
        case .ant:
            // No <system-out> in an Ant test case: the suite's carries the lines.
            #expect(!xml.contains("</system-out>\n</testcase>"))
        }
        // Without saved copies, nothing changes.
        let plain = try JUnitRenderer.renderTimed(Fixtures.summary(Self.cypress), profile: profile, templates: TemplateSet.builtIn()).bytes
        #expect(!String(decoding: plain, as: UTF8.self).contains("ATTACHMENT"))
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

/// `--artifacts` against the fake Currents API, which serves the fixture's artifact bytes on a path
/// of its own (`/artifacts/`) and records each artifact request's headers: real HTTP on 127.0.0.1.
@Suite(.serialized) struct ArtifactDownloadTests {
    let cli = CLITests()
    static let runId = "c7068a4d0aa7e75a"
    static let bundle = Fixtures.path("artifacts/cypress")
    static let files = Fixtures.path("artifacts/files")

    func server() throws -> FakeCurrentsServer {
        try FakeCurrentsServer(bundle: Self.bundle, extraArguments: ["--artifacts", Self.files])
    }

    func report(_ server: FakeCurrentsServer, out: URL, _ extra: [String] = []) throws -> CLITests.Result {
        let r = try cli.run(
            ["report", "--run-id", Self.runId, "--out", out.path, "--quiet", "--api-context", "0", "--retry-delay", "0.01"] + extra,
            environment: ["CURRENTS_API_URL": server.baseURL, "CURRENTS_API_KEY": FakeCurrentsServer.key])
        #expect(!r.stdout.contains(FakeCurrentsServer.key) && !r.stderr.contains(FakeCurrentsServer.key))
        return r
    }

    func summary(_ out: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every artifact of `summary.json` tests[] and specs[], flattened: (spec, attempt, name, url, savedPath).
    func artifacts(_ summary: [String: Any]) -> [(spec: String, attempt: Int?, url: String?, saved: String?)] {
        var out: [(String, Int?, String?, String?)] = []
        for test in summary["tests"] as? [[String: Any]] ?? [] {
            for a in test["artifacts"] as? [[String: Any]] ?? [] {
                out.append((test["spec"] as? String ?? "", a["attempt"] as? Int, a["url"] as? String, a["savedPath"] as? String))
            }
        }
        for spec in summary["specs"] as? [[String: Any]] ?? [] {
            if let v = spec["video"] as? [String: Any] {
                out.append((spec["spec"] as? String ?? "", nil, v["url"] as? String, v["savedPath"] as? String))
            }
            for a in spec["artifacts"] as? [[String: Any]] ?? [] {
                out.append((spec["spec"] as? String ?? "", nil, a["url"] as? String, a["savedPath"] as? String))
            }
        }
        return out
    }

    func warnings(_ summary: [String: Any]) -> [(code: String, message: String)] {
        (summary["warnings"] as? [[String: Any]] ?? []).map { ($0["code"] as? String ?? "", $0["message"] as? String ?? "") }
    }

    func fileName(_ url: String?) -> String { URL(string: url ?? "")?.lastPathComponent ?? "" }

    @Test func aFetchedRunSavesTheFailedTestsArtifactsByteIdenticalWithoutAuthorization() throws {
        let server = try server()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try report(server, out: out)
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try summary(out)
        #expect(warnings(summary).isEmpty)
        let all = artifacts(summary)
        let saved = all.filter { $0.saved != nil }
        // Failed and flaky tests: 3 + 3 + 1 + 1 screenshots; the failed spec a.spec.js: its video and
        // its spec-level screenshot. The passed test's screenshot (d.spec.js) stays a link.
        #expect(saved.count == 10)
        #expect(all.filter { $0.saved == nil }.map(\.spec) == ["cypress/e2e/d.spec.js"])
        for a in saved {
            let path = try #require(a.saved)
            #expect(path.hasPrefix("artifacts/"))
            let copy = try Data(contentsOf: out.appendingPathComponent(path))
            let original = try Data(contentsOf: URL(fileURLWithPath: Self.files).appendingPathComponent(fileName(a.url)))
            #expect(copy == original, "\(path)")
        }
        #expect(saved.contains { $0.saved == "artifacts/GDEKME1tH9E3/0-screenshot.png" })
        #expect(saved.contains { $0.saved == "artifacts/GDEKME1tH9E3/2-screenshot.png" })
        #expect(saved.contains { $0.saved == "artifacts/GDEKME1tH9E3/spec-video.mp4" })
        #expect(saved.contains { $0.saved == "artifacts/GDEKME1tH9E3/spec-after_all_hook.png" })
        // Checked on the server: every artifact request came without an Authorization header.
        let stats = try server.stats()
        #expect(stats.artifactRequests.count == 10)
        #expect(stats.artifactRequests.allSatisfy { $0.authorization == nil })
        // No temporary folder left beside the reports.
        let entries = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!entries.contains { $0.hasPrefix(".") })
    }

    @Test func expiredWrongTypeAndRedirectedArtifactsAreWarningsAndLinks() throws {
        let server = try server()
        try server.inject([
            ["path": "/artifacts/.*/UzwapCP45wyg\\.png", "status": 403, "times": 10],
            // 16 MB of HTML where a PNG was expected: refused at the headers, its body never read.
            ["path": "/artifacts/.*/13pHQ3gvn8VA\\.png", "contentType": "text/html", "bytes": 16_000_000, "times": 10],
            ["path": "/artifacts/.*/s0", "status": 404, "times": 10],
            ["path": "/artifacts/.*\\.mp4", "mode": "redirect", "status": 302, "location": "{sink}/video.mp4", "times": 10],
        ])
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try report(server, out: out)
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["index.html", "junit.xml", "summary.md", "summary.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path))
        }
        let summary = try summary(out)
        let found = warnings(summary).filter { $0.code == "artifact-download-failed" }
        #expect(found.count == 3)
        #expect(found.contains { $0.message.contains("answered 403 (the link has likely expired)") })
        #expect(found.contains { $0.message.contains(#"content type "text/html", not image/png or image/jpeg; its body was not read"#) })
        #expect(found.contains { $0.message.contains("redirect (302) to http://127.0.0.1:") && $0.message.contains("never followed") })
        // Messages name the host, never the signed URL.
        #expect(!found.contains { $0.message.contains("Signature") || $0.message.contains("Expires") })
        let all = artifacts(summary)
        #expect(all.filter { $0.saved == nil && $0.url != nil }.count == 4)
        // The redirect was not followed: the sink saw nothing.
        let stats = try server.stats()
        #expect(stats.sink.isEmpty)
        #expect(stats.artifactRequests.allSatisfy { $0.authorization == nil })
        // The server could not send the 16 MB: the client closed the connection at the headers.
        let html = stats.artifactRequests.filter { $0.path.hasSuffix("13pHQ3gvn8VA.png") }
        #expect(!html.isEmpty && html.allSatisfy { !$0.complete })
        #expect(stats.artifactRequests.contains { $0.complete })
    }

    @Test func pastTheCapTheRestStayLinks() throws {
        let server = try server()
        // One screenshot answers 2 MB, announced: stopped before its body, over a 1 MB cap.
        try server.inject([["path": "/artifacts/.*/UzwapCP45wyg\\.png", "mode": "huge", "bytes": 2_000_000, "length": true]])
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try report(server, out: out, ["--artifacts-max-mb", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try summary(out)
        #expect(warnings(summary).map(\.code) == ["artifact-cap-reached"])
        #expect(warnings(summary).first?.message.contains("1 artifact(s) were not saved") == true)
        #expect(artifacts(summary).filter { $0.saved != nil }.count == 9)
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("1 artifact(s) were not saved"))
    }

    @Test func savedInputDownloadsNothingUnlessAskedAndNoArtifactLinksLeavesNoURL() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try cli.run(["report", Self.bundle, "--out", out.path, "--quiet", "--no-artifact-links"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("artifacts").path))
        for name in ["index.html", "junit.xml", "summary.md", "summary.json"] {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("fs.currents.dev"), "\(name)")
        }
        // Asked for, with links that point nowhere usable (real hosts are not reachable here): a
        // non-https URL is refused before any request.
        #expect(ArtifactDownloader.downloadable("http://fs.currents.dev/a.png") == nil)
        #expect(ArtifactDownloader.downloadable("javascript:alert(7)") == nil)
        #expect(ArtifactDownloader.downloadable("https://user:pw@x.example/a.png") == nil)
        #expect(ArtifactDownloader.downloadable("http://127.0.0.1:9/a.png") != nil)
    }

    @Test func nothingIsSavedWhenAReportCannotBeWrittenAndAnEarlierFolderIsReplaced() throws {
        let server = try server()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        // A directory where index.html goes: the reports fail before any rename, and so do the artifacts.
        try FileManager.default.createDirectory(at: out.appendingPathComponent("index.html"), withIntermediateDirectories: true)
        let failed = try report(server, out: out)
        #expect(failed.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["index.html"])
        // Once it can be written, an earlier artifacts/ folder is replaced whole.
        try FileManager.default.removeItem(at: out.appendingPathComponent("index.html"))
        let stale = out.appendingPathComponent("artifacts/old/0-stale.png")
        try FileManager.default.createDirectory(at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: stale)
        let r = try report(server, out: out)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("artifacts/GDEKME1tH9E3/0-screenshot.png").path))
        #expect(try !FileManager.default.contentsOfDirectory(atPath: out.path).contains { $0.hasPrefix(".") })
    }

    @Test func aStagingFolderAKilledRunLeftIsRemovedAndNothingElse() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        // A process id above Linux's maximum (2^22) is never running.
        let stale = [".artifacts.9999999-0000000000abc.tmp", ".artifacts.9999999-0000000000abd.old"]
        let kept = [".artifacts.mine.tmp", ".artifacts.\(getpid())-0000000000abc.tmp", "artifacts"]
        for name in stale + kept {
            try fm.createDirectory(at: dir.appendingPathComponent(name + "/x"), withIntermediateDirectories: true)
        }
        let staging = try ArtifactStaging(outputDirectory: dir.path)
        staging.abandon()
        #expect(Set(try fm.contentsOfDirectory(atPath: dir.path)) == Set(kept))
    }

    @Test func playwrightAttachmentsAreSavedByTheirContentType() throws {
        let server = try FakeCurrentsServer(bundle: Fixtures.path("artifacts/playwright"), extraArguments: ["--artifacts", Self.files])
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try cli.run(
            ["report", "--run-id", "477f534243d9051c", "--out", out.path, "--quiet", "--api-context", "0", "--artifacts", "all"],
            environment: ["CURRENTS_API_URL": server.baseURL, "CURRENTS_API_KEY": FakeCurrentsServer.key])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try summary(out)
        // The documented example's counters disagree (count-mismatch); no artifact warning.
        #expect(!warnings(summary).contains { $0.code.hasPrefix("artifact") })
        let saved = Set(artifacts(summary).compactMap(\.saved))
        #expect(
            saved == [
                "artifacts/IzzYS81rn8unznmX/0-screenshot.png", "artifacts/IzzYS81rn8unznmX/0-video.webm",
                "artifacts/IzzYS81rn8unznmX/0-trace.zip", "artifacts/IzzYS81rn8unznmX/spec-trace.zip",
                "artifacts/IzzYS81rn8unznmX/spec-manually_generated_screenshot.png",
            ])
        #expect(try server.stats().artifactRequests.allSatisfy { $0.authorization == nil })
    }

    /// End to end: names and an instance id from hostile data, downloaded for real, land under
    /// `<out>/artifacts/<one folder>/` and nowhere else.
    @Test func hostileNamesDownloadedStayInsideArtifacts() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = dir.appendingPathComponent("bundle")
        try FileManager.default.createDirectory(at: bundle.appendingPathComponent("instances"), withIntermediateDirectories: true)
        let id = "in st<1>&..x"
        let names = ["../../../../escaped", "/etc/passwd", "..", ".", "..\\..\\win", "a/../../b", "\u{202E}gnp.exe", "x\u{0}y", ".bashrc"]
        let shots = names.enumerated().map { i, name in
            #"{"screenshotId":"s\#(i)","testId":"r1","testAttemptIndex":0,"name":\#(jsonString(name)),"screenshotURL":"https://fs.currents.dev/b/\#(i).png"}"#
        }
        let run = #"""
            {"runId":"hostile000000001","specs":[{"spec":"../../spec.cy.ts","instanceId":\#(jsonString(id)),
             "claimedAt":"2024-01-01T00:00:00.000Z","completedAt":"2024-01-01T00:00:01.000Z"}]}
            """#
        let instance = #"""
            {"instanceId":\#(jsonString(id)),"spec":"../../spec.cy.ts","results":{"tests":[{"testId":"r1","title":["t"],"state":"failed",
             "attempts":[{"state":"failed"}]}],"screenshots":[\#(shots.joined(separator: ","))]}}
            """#
        try Data(run.utf8).write(to: bundle.appendingPathComponent("run.json"))
        try Data(instance.utf8).write(to: bundle.appendingPathComponent("instances/one.json"))
        let server = try FakeCurrentsServer(bundle: bundle.path, extraArguments: ["--artifacts", Self.files, "--artifact-size", "100"])
        let work = dir.appendingPathComponent("work")
        let out = work.appendingPathComponent("out")
        let r = try cli.run(
            ["report", "--run-id", "hostile000000001", "--out", out.path, "--quiet", "--api-context", "0"],
            environment: ["CURRENTS_API_URL": server.baseURL, "CURRENTS_API_KEY": FakeCurrentsServer.key])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["out"])
        let folders = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("artifacts").path)
        #expect(folders == ["in_st_1__..x"])
        let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("artifacts/in_st_1__..x").path)
        #expect(files.count == names.count)
        #expect(files.allSatisfy { !$0.hasPrefix(".") && !$0.contains("/") })
        let everything = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).filter { $0.contains("/") }
        #expect(everything.allSatisfy { $0.hasPrefix("artifacts/in_st_1__..x") }, "\(everything)")
    }

    func jsonString(_ s: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [s])) ?? Data(), as: UTF8.self).dropFirst().dropLast().description
    }

    @Test func namesFromHostileDataStayInsideArtifacts() throws {
        var summary = try Fixtures.summary("artifacts/cypress")
        let hostile = ["../../../etc/passwd", "/absolute", "..", ".", ".hidden", "a/b\\c", "x\u{0}y", "", "\u{202E}gnp.exe", "CON"]
        let test = try #require(summary.tests.firstIndex { $0.state == .failed })
        summary.tests[test].artifacts = hostile.enumerated().map { i, name in
            Artifact(
                kind: .screenshot, attempt: i % 2, name: name, url: "https://x.example/\(i).png", instanceId: i == 0 ? "../.." : "/tmp")
        }
        let items = ArtifactDownloader.plan(summary, selection: .failed)
        let stems = items.map(\.stem)
        #expect(Set(stems.map { $0.lowercased() }).count == stems.count)
        for stem in stems {
            let parts = stem.split(separator: "/", omittingEmptySubsequences: false)
            #expect(parts.count == 2, "\(stem)")
            for part in parts {
                #expect(!part.isEmpty && !part.hasPrefix(".") && part.utf8.count <= 64, "\(stem)")
                #expect(
                    part.unicodeScalars.allSatisfy {
                        CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-").contains($0)
                    }, "\(stem)")
            }
        }
        // Dots stay inside a name, never as a whole component or a leading one.
        #expect(stems.first == "_._../0-_._.._.._etc_passwd")
    }
}
