import Foundation
import Testing

@testable import RunReport

/// `index.html`: golden files, determinism, no markup from data, no external resource.
@Suite struct HTMLTests {
    static func render(_ summary: Summary) throws -> String {
        String(decoding: try HTMLRenderer.render(summary, templates: try TemplateSet.builtIn()), as: UTF8.self)
    }

    @Test(arguments: Fixtures.all)
    func goldenFile(_ name: String) throws {
        let bytes = try HTMLRenderer.render(try Fixtures.summary(name), templates: try TemplateSet.builtIn())
        try Golden.assertMatches(bytes, file: "\(name).index.html")
    }

    @Test func sameInputSameBytes() throws {
        let summary = try Fixtures.summary("multi-group")
        let templates = try TemplateSet.builtIn()
        #expect(try HTMLRenderer.render(summary, templates: templates) == HTMLRenderer.render(summary, templates: templates))
    }

    @Test(arguments: Fixtures.all)
    func noMarkupFromData(_ name: String) throws {
        let html = try Self.render(try Fixtures.summary(name))
        let scan = MarkupScan(html)
        #expect(scan.unknownTags.isEmpty, "tags not in the templates: \(scan.unknownTags)")
        #expect(scan.unknownAttributes.isEmpty, "attributes not in the templates: \(scan.unknownAttributes)")
        #expect(scan.scriptCount == 6, "one theme script, four data blocks, one page script")
        for block in scan.jsonBlocks {
            #expect(!block.contains("<"), "a JSON block holds a raw '<', which could close it")
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(block.utf8)) }
        }
    }

    @Test func hostileStringsAppearOnlyEscaped() throws {
        let html = try Self.render(try Fixtures.summary("hostile-strings"))
        let scan = MarkupScan(html)
        // The fixture's markers, each of which would run or draw something if it came through raw.
        for marker in ["<script>alert", "<img", "<svg onload", "<b>", "<i>", "javascript:alert(1)\""] {
            #expect(!scan.markup.contains(marker), "\(marker) appears as markup")
        }
        #expect(scan.markup.contains("&lt;script&gt;alert(5)&lt;/script&gt;"), "the tag is shown, escaped")
        #expect(scan.markup.contains("feat/&lt;img src=x onerror=alert(4)&gt;&amp;amp;"))
        #expect(!scan.hrefs.contains { $0.lowercased().contains("javascript") })
        // The javascript: origin is shown as text, and the commit is not linked.
        // (The dashboard is linked twice: in the status line and in the run details.) The one https
        // screenshot URL is linked as the remote artifact it is; the one breaking out of its
        // attribute is not linked at all.
        #expect(
            Set(scan.hrefs.filter { $0.hasPrefix("https://") }) == [
                "https://app.currents.dev/run/0f1e2d3c4b5a6978",
                "https://fs.currents.dev/65f0c2a81d3e4b0012ab34cd/Hx5s000.png?Expires=1710216000&amp;Key-Pair-Id=K1ZNDCCIZ3P4FU&amp;Signature=fixture__",
            ])
        // NUL, SOH, VT (forbidden in HTML) are gone, from the markup and from the embedded data alike.
        for c in ["\u{0}", "\u{1}", "\u{B}", "\u{1B}"] { #expect(!html.contains(c)) }
    }

    @Test(arguments: Fixtures.all)
    func contentSecurityPolicyAndNoExternalResource(_ name: String) throws {
        let summary = try Fixtures.summary(name)
        let html = try Self.render(summary)
        #expect(
            html.contains(
                #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: 'self'; base-uri 'none'; form-action 'none'">"#
            ))
        let scan = MarkupScan(html)
        // Artifact links (issue 14): remote https URLs as the data gives them, only ever as links
        // (`<img>` takes saved relative copies only: the else branch below), videos with `#t=`.
        let artifactURLs =
            summary.tests.flatMap { $0.artifacts.compactMap { HTMLArtifacts.remoteURL($0.url) } }
            + summary.specs.flatMap { $0.artifacts.others.compactMap { HTMLArtifacts.remoteURL($0.url) } }
        let videoURLs = summary.specs.compactMap { HTMLArtifacts.remoteURL($0.artifacts.video?.url) }
        var allowed = Set(
            [
                SafeLink.httpsURL(summary.run.dashboardURL),
                SafeLink.commitURL(remoteOrigin: summary.run.commit.remoteOrigin, sha: summary.run.commit.sha),
            ]
            .compactMap { $0 } + artifactURLs)
        for url in allowed { allowed.insert(url.replacingOccurrences(of: "&", with: "&amp;")) }
        for (tag, attribute, value) in scan.urlAttributes {
            if tag == "a", attribute == "href" {
                let base = value.split(separator: "#", maxSplits: 1).first.map(String.init) ?? value
                let isVideo = videoURLs.contains { base == $0 || base == $0.replacingOccurrences(of: "&", with: "&amp;") }
                #expect(value.hasPrefix("#") || allowed.contains(value) || isVideo, "link \(value)")
            } else {
                #expect(!value.contains(":"), "<\(tag) \(attribute)=\"\(value)\"> names a resource")
            }
        }
        #expect(!scan.styleAndScript.contains("url("), "CSS must not load anything")
        #expect(!scan.styleAndScript.contains("@import"))
        #expect(!scan.styleAndScript.contains("fetch("))
        #expect(!scan.styleAndScript.contains("XMLHttpRequest"))
    }

    @Test func headlineWithoutScript() throws {
        let html = try Self.render(try Fixtures.summary("all-passed"))
        #expect(html.contains(#"<span class="badge b-passed" data-metric="status">PASSED</span>"#))
        #expect(html.contains(#"<span class="num" data-metric="tests.passes">10</span>"#))
        #expect(html.contains(#"<a class="mono" href="https://github.com/acme-shop/storefront/commit/"#))
        #expect(html.contains(#"<ul class="tags"><li>nightly</li><li>smoke</li></ul>"#))
        #expect(html.contains("UTC</time>"))
    }

    @Test func derivedStatusIsSaid() throws {
        let html = try Self.render(try Fixtures.summary("cancelled"))
        #expect(html.contains("status derived from the counters"))
        #expect(html.contains("cancelled by api:ci-key at "))
    }

    @Test func bigRunsMergeTimelineBarsPerLaneAndState() throws {
        var summary = try Fixtures.summary("all-passed")
        let specs = summary.specs
        summary.specs = (0..<(HTMLTimeline.detailedLimit + 1)).map { specs[$0 % specs.count] }
        let svg = try #require(HTMLTimeline.svg(summary))
        #expect(svg.contains(#"<path class="x s-passed" d="M"#))
        #expect(!svg.contains(#"<g class="s-passed" id="bar-"#))
        let small = try #require(HTMLTimeline.svg(try Fixtures.summary("all-passed")))
        // One bar per spec, each with the id a test's "Its bar in the timeline" link names.
        #expect(small.components(separatedBy: #"<g class="s-passed" id="bar-"#).count == 5)
        for row in 0..<4 { #expect(small.contains(#"id="bar-\#(row)"><title>"#)) }
    }

    @Test func timelineLanesGoByListedGroupThenUnknownGroupsThenNoGroup() throws {
        // Listed groups in run order (a group listed twice is drawn twice, from its first listing),
        // then the groups the run does not list, in spec order (no group first); an unclaimed
        // spec's group draws nothing.
        let s = try Fixtures.summary(
            runJSON: #"""
                {"runId":"r","groups":[{"groupId":"b"},{"groupId":"a"},{"groupId":"b"},{"groupId":"c"}],"specs":[
                  {"groupId":"zz","spec":"u.cy.ts","machineId":"m9","claimedAt":"2024-01-01T00:00:03.000Z"},
                  {"groupId":"yy","spec":"t.cy.ts","claimedAt":"2024-01-01T00:00:04.000Z"},
                  {"spec":"s.cy.ts","machineId":"m8","claimedAt":"2024-01-01T00:00:05.000Z"},
                  {"groupId":"a","spec":"y.cy.ts","machineId":"m2","claimedAt":"2024-01-01T00:00:01.000Z",
                   "completedAt":"2024-01-01T00:00:09.000Z"},
                  {"groupId":"b","spec":"w.cy.ts","machineId":"m1","claimedAt":"2024-01-01T00:00:02.000Z",
                   "completedAt":"2024-01-01T00:00:08.000Z"},
                  {"groupId":"c","spec":"x.cy.ts"}]}
                """#)
        let svg = try #require(HTMLTimeline.svg(s))
        let groups = svg.components(separatedBy: #"<text class="tl-group" x="4" y=""#).dropFirst().map { part in
            String(part.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
        #expect(groups == ["b", "a", "b", "(no group)", "yy", "zz"])
        for machine in ["m1", "m2", "m8", "m9"] { #expect(svg.contains(#"text-anchor="end">\#(machine)"#), "\(machine)") }
    }

    @Test func noTimelineWithoutClaims() throws {
        var summary = try Fixtures.summary("unclaimed")
        for i in summary.specs.indices { summary.specs[i].claimedAt = nil }
        #expect(HTMLTimeline.svg(summary) == nil)
        #expect(try Self.render(summary).contains("No spec was claimed"))
    }

    @Test(arguments: [
        ("https://github.com/acme/shop.git", "https://github.com/acme/shop/commit/0123abcd"),
        ("https://github.com/acme/shop", "https://github.com/acme/shop/commit/0123abcd"),
        ("git@github.com:acme/shop.git", "https://github.com/acme/shop/commit/0123abcd"),
        ("ssh://git@gitlab.com/acme/web/shop.git", "https://gitlab.com/acme/web/shop/-/commit/0123abcd"),
        ("https://bitbucket.org/acme/shop.git", "https://bitbucket.org/acme/shop/commits/0123abcd"),
    ])
    func commitLinks(_ origin: String, _ expected: String) {
        #expect(SafeLink.commitURL(remoteOrigin: origin, sha: "0123abcd") == expected)
    }

    @Test(arguments: [
        "javascript:alert(1)", "http://github.com/acme/shop", "https://evil.example/acme/shop", "https://github.com/acme",
        "https://github.com/acme/../shop", "https://github.com/a\"b/shop", "https://github.com/acme/shop/extra", "git@github.com/acme/shop",
        "https://github.com.evil.example/acme/shop", "data:text/html,x", "",
    ])
    func noCommitLinkForOtherOrigins(_ origin: String) {
        #expect(SafeLink.commitURL(remoteOrigin: origin, sha: "0123abcd") == nil)
    }

    @Test func noCommitLinkForOddSHA() {
        #expect(SafeLink.commitURL(remoteOrigin: "https://github.com/acme/shop", sha: "deadbeef<script>") == nil)
        #expect(SafeLink.commitURL(remoteOrigin: "https://github.com/acme/shop", sha: "abc") == nil)
    }

    @Test func dashboardLinkOnlyOverHTTPS() {
        #expect(SafeLink.httpsURL("https://app.currents.dev/run/abc") == "https://app.currents.dev/run/abc")
        #expect(SafeLink.httpsURL("http://app.currents.dev/run/abc") == nil)
        #expect(SafeLink.httpsURL("javascript:alert(1)") == nil)
        #expect(SafeLink.httpsURL("https://x/\"onmouseover=alert(1)") == nil)
        #expect(SafeLink.httpsURL("https://user@evil.example/") == nil)
    }

    /// `httpsURL` reads bytes; it accepts exactly what the character-based rule it replaced did
    /// (kept here as the reference, with signed URLs' `&` read as `%26`), on URLs built from plain
    /// and unsafe characters, combining marks, CRLF, `@` in and after the host, and lengths around
    /// the 2,048 limit.
    @Test func httpsURLAcceptsWhatTheCharacterRuleDid() {
        func reference(_ text: String?) -> String? {
            guard let text, text.hasPrefix("https://"), text.count > "https://".count, text.count <= 2048 else { return nil }
            let allowed = text.utf8.allSatisfy { b in
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: ":"),
                    UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: "@"):
                    true
                default: false
                }
            }
            let host = text.dropFirst("https://".count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard allowed, !host.isEmpty, !host.contains("@") else { return nil }
            return text
        }
        let pieces = [
            "a", "Z", "9", "-", ".", "/", "?", "=", "&", "%", "#", "@", ":", "+", "~", " ", "\"", "<", "é", "e\u{301}", "\r\n", "👩‍💻", "x",
        ]
        // A fixed sequence (SplitMix64), so that a failure repeats.
        struct Sequence: RandomNumberGenerator {
            var state: UInt64 = 0x5EED
            mutating func next() -> UInt64 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }
        var generator = Sequence()
        var cases = ["https://", "https:/", "http://a", "https://@x", "https://x@", "https://a/b@c", "https://a&b/", "https:// x"]
        for _ in 0..<3000 {
            let n = Int.random(in: 0...12, using: &generator)
            cases.append("https://" + (0..<n).map { _ in pieces.randomElement(using: &generator) ?? "a" }.joined())
        }
        for n in [2035, 2038, 2039, 2040, 2041, 2047, 2048, 2049] {
            cases.append("https://h/" + String(repeating: "a", count: n - 10))
            cases.append("https://h/&" + String(repeating: "a", count: n - 13))
        }
        for text in cases {
            #expect(SafeLink.httpsURL(text) == reference(text), "\(text.debugDescription)")
            #expect(
                SafeLink.httpsURL(text, ampersands: true) == reference(text.replacingOccurrences(of: "&", with: "%26")).map { _ in text },
                "\(text.debugDescription) with ampersands")
        }
    }

    @Test func textLosesWhatHTMLForbids() {
        let nonCharacters = [0xFFFE, 0xFDD0 as UInt32].compactMap(Unicode.Scalar.init).map { String(Character($0)) }.joined()
        #expect(HTMLText.clean("a\u{0}b\u{1}c\u{B}d\u{7F}e\u{85}f" + nonCharacters + "gh") == "abcdefgh")
        #expect(HTMLText.clean("tab\tnewline\ncafé 👩‍💻 \u{2028}") == "tab\tnewline\ncafé 👩‍💻 \u{2028}")
    }
}

/// A small scanner of the report's markup: tags and attributes outside `<script>` and `<style>`
/// content, which is collected apart. Enough to prove that no string from the data became markup.
struct MarkupScan {
    static let knownTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "style", "script", "body", "a", "header", "p", "nav", "ul", "li", "button",
        "main", "section", "h1", "h2", "h3", "span", "dl", "div", "dt", "dd", "time", "table", "caption", "thead", "tbody", "tfoot",
        "tr", "th", "td", "svg", "rect", "line", "g", "text", "desc", "path", "noscript", "form", "label", "input", "select", "option",
        "code", "footer", "strong", "details", "summary", "kbd", "ol", "pre", "br",
    ]
    static let knownAttributes: Set<String> = [
        "lang", "charset", "http-equiv", "content", "name", "class", "href", "id", "type", "aria-pressed", "hidden", "aria-label",
        "aria-labelledby", "data-metric", "title", "rel", "datetime", "tabindex", "role", "scope", "width", "height", "x", "y", "x1",
        "x2", "y1", "y2", "xmlns", "viewbox", "text-anchor", "aria-hidden", "d", "for", "autocomplete", "placeholder", "value",
        "aria-live", "data-key", "data-state", "data-change", "data-group-by", "data-index", "open", "data-zoom", "data-encoding",
        "data-lh", "data-gh", "data-group", "data-machine",
    ]

    var markup = ""
    var styleAndScript = ""
    var jsonBlocks: [String] = []
    var scriptCount = 0
    var unknownTags: [String] = []
    var unknownAttributes: [String] = []
    var hrefs: [String] = []
    var urlAttributes: [(String, String, String)] = []

    init(_ html: String) {
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            markup += rest[..<open]
            rest = rest[open...]
            guard let close = rest.firstIndex(of: ">") else { break }
            let tag = rest[...close]
            markup += tag
            rest = rest[rest.index(after: close)...]
            let inner = tag.dropFirst().dropLast()
            if inner.hasPrefix("/") || inner.hasPrefix("!") { continue }
            let name = String(inner.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
            if !Self.knownTags.contains(name) { unknownTags.append(name) }
            let attributes = Self.attributes(of: inner.dropFirst(name.count))
            for (attribute, value) in attributes {
                if !Self.knownAttributes.contains(attribute) { unknownAttributes.append(attribute) }
                if attribute == "href" { hrefs.append(value) }
                if ["href", "src", "action", "xlink:href", "data", "poster", "srcset"].contains(attribute) {
                    urlAttributes.append((name, attribute, value))
                }
            }
            if name == "script" || name == "style" {
                guard let end = rest.range(of: "</\(name)>") else { break }
                let body = String(rest[..<end.lowerBound])
                if name == "script" { scriptCount += 1 }
                if attributes.contains(where: { $0 == ("type", "application/json") }) {
                    jsonBlocks.append(body)
                } else {
                    styleAndScript += body
                }
                rest = rest[end.lowerBound...]
            }
        }
        markup += rest
    }

    /// `name="value"` pairs (the templates always quote with `"`); a bare name has an empty value.
    static func attributes(of text: Substring) -> [(String, String)] {
        var result: [(String, String)] = []
        var rest = text
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "/" }
            guard !rest.isEmpty else { break }
            let name = String(rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != "/" }).lowercased()
            rest = rest.dropFirst(name.count)
            if rest.first == "=" {
                rest = rest.dropFirst()
                guard rest.first == "\"" else {
                    result.append((name, "<unquoted>"))
                    break
                }
                rest = rest.dropFirst()
                let value = rest.prefix { $0 != "\"" }
                result.append((name, String(value)))
                rest = rest.dropFirst(value.count + 1)
            } else {
                result.append((name, ""))
            }
            if name.isEmpty { break }
        }
        return result
    }
}
