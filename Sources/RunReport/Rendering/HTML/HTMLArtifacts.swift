/// What the HTML shows of a test's artifacts (issue 14): per attempt, each screenshot as an image
/// from its saved copy (a relative path under `artifacts/`, built from safe characters only), else a
/// link — to the saved copy, or to the remote URL marked as expiring (only an https URL of plain
/// characters, `SafeLink`); and the spec's video from the attempt's offset (`#t=` seconds). Nothing
/// here makes the page fetch from the network: remote URLs are only ever links.
enum HTMLArtifacts {
    enum Show: Int {
        /// No usable link: not saved, and its URL is left out or unsafe.
        case none = 0
        /// A saved screenshot: an `<img>` of the copy.
        case image = 1
        /// A saved file of another kind: a link to the copy.
        case saved = 2
        /// Not saved: a link to the remote URL, which expires.
        case remote = 3
    }

    struct Item {
        var kind: Artifact.Kind
        var label: String
        var href: String?
        var show: Show
    }

    /// The link to show for one artifact.
    static func item(_ a: Artifact) -> Item {
        let label = HTMLText.clean(a.name).flatMap { $0.isEmpty ? nil : Format.oneLine($0, limit: 120) } ?? a.kind.rawValue
        if let saved = a.savedPath, isSavedPath(saved) {
            return Item(kind: a.kind, label: label, href: saved, show: a.kind == .screenshot && !saved.hasSuffix(".bin") ? .image : .saved)
        }
        if let remote = remoteURL(a.url) { return Item(kind: a.kind, label: label, href: remote, show: .remote) }
        return Item(kind: a.kind, label: label, href: nil, show: .none)
    }

    /// A signed URL as a link: `SafeLink.httpsURL`'s rules, with `&` allowed too (the query of every
    /// signed URL has it; the template escapes it as `&amp;`).
    static func remoteURL(_ text: String?) -> String? {
        SafeLink.httpsURL(text, ampersands: true)
    }

    /// `artifacts/<safe>/<safe>`, as ``ArtifactDownloader`` names copies; anything else is not used.
    static func isSavedPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "artifacts" else { return false }
        return parts.dropFirst().allSatisfy { part in
            !part.isEmpty && part.first != "."
                && part.utf8.allSatisfy { b in
                    switch b {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                        UInt8(ascii: "0")...UInt8(ascii: "9"),
                        UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                        true
                    default: false
                    }
                }
        }
    }

    /// The test's artifacts per attempt (one list per attempt; an artifact naming an attempt past
    /// the last goes with the last).
    static func perAttempt(_ t: TestSummary) -> [[Item]] {
        var lists = [[Item]](repeating: [], count: t.attemptDetails.count)
        guard !lists.isEmpty else { return lists }
        for a in t.artifacts {
            lists[min(max(a.attempt ?? 0, 0), lists.count - 1)].append(item(a))
        }
        return lists
    }

    /// The spec's video link (saved copy, else the remote https URL), without offset; and whether it
    /// is remote.
    static func video(of spec: SpecSummary?) -> (href: String, remote: Bool)? {
        guard let video = spec?.artifacts.video else { return nil }
        let shown = item(video)
        guard let href = shown.href else { return nil }
        return (href, shown.show == .remote)
    }

    /// The video link for an attempt: the video's address and ``videoFragment(_:attempt:)``.
    static func videoLink(_ href: String, attempt: AttemptSummary) -> String {
        href + videoFragment(href, attempt: attempt)
    }

    /// `#t=<seconds>` from the attempt's `videoTimestamp` where known, else nothing (as for a URL
    /// with a fragment already, which keeps it).
    static func videoFragment(_ href: String, attempt: AttemptSummary) -> String {
        guard let ms = attempt.videoTimestampMs, ms >= 0, !href.contains("#") else { return "" }
        let seconds = Double(ms) / 1000
        return "#t=" + (seconds == seconds.rounded() ? String(Int64(seconds)) : String(format: "%.3f", seconds))
    }

    /// How many of the test's artifacts are screenshots.
    static func screenshots(_ t: TestSummary) -> Int { t.artifacts.filter { $0.kind == .screenshot }.count }

    /// `3 screenshots`, for the list; nil with none.
    static func screenshotCount(_ t: TestSummary) -> String? {
        let n = screenshots(t)
        return n == 0 ? nil : "\(n) screenshot\(n == 1 ? "" : "s")"
    }
}
