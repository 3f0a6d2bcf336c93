/// The only URLs the HTML report puts into an `href`: built from data that passed an allow-list,
/// never copied through. A commit links to its forge only when `remoteOrigin` names a known host over
/// https or ssh and every path segment is plain; the dashboard link only when it is https.
package enum SafeLink {
    /// Known forges and how each spells a commit page.
    private static let forges: [String: String] = [
        "github.com": "/commit/",
        "gitlab.com": "/-/commit/",
        "bitbucket.org": "/commits/",
    ]

    /// `https://<forge>/<owner>/<repo>/commit/<sha>`, or nil when the origin or the sha is not plain.
    /// Accepts `https://host/owner/repo(.git)`, `ssh://git@host/owner/repo(.git)` and
    /// `git@host:owner/repo(.git)`.
    package static func commitURL(remoteOrigin: String?, sha: String?) -> String? {
        guard let origin = remoteOrigin, let sha, isCommitSHA(sha) else { return nil }
        let hostAndPath: Substring
        if origin.hasPrefix("https://") {
            hostAndPath = origin.dropFirst("https://".count)
        } else if origin.hasPrefix("ssh://git@") {
            hostAndPath = origin.dropFirst("ssh://git@".count)
        } else if origin.hasPrefix("git@") {
            let rest = origin.dropFirst("git@".count)
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            hostAndPath = rest[..<colon] + "/" + rest[rest.index(after: colon)...]
        } else {
            return nil
        }
        guard let slash = hostAndPath.firstIndex(of: "/") else { return nil }
        let host = hostAndPath[..<slash].lowercased()
        guard let commitPath = forges[host] else { return nil }
        var path = hostAndPath[hostAndPath.index(after: slash)...]
        if path.hasSuffix("/") { path = path.dropLast() }
        if path.hasSuffix(".git") { path = path.dropLast(4) }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        // owner/repo, or GitLab's group/subgroup/…/repo.
        guard segments.count >= 2, segments.count <= (host == "gitlab.com" ? 8 : 2), segments.allSatisfy(isPlainSegment) else {
            return nil
        }
        return "https://" + host + "/" + segments.joined(separator: "/") + commitPath + sha
    }

    /// The URL itself when it is an https URL made of plain URL characters, else nil. With
    /// `ampersands`, `&` is allowed too, each counted as the three bytes of `%26` against the
    /// length limit. Read byte by byte: a character that is not plain ASCII fails anyway, so
    /// counting bytes counts characters (a report of 14,000 signed screenshot URLs spent a third
    /// of a second of its HTML walking their graphemes).
    package static func httpsURL(_ text: String?, ampersands: Bool = false) -> String? {
        guard let text else { return nil }
        let utf8 = text.utf8
        let scheme = "https://".utf8
        guard utf8.starts(with: scheme) else { return nil }
        var length = 0
        for b in utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: ":"),
                UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: "@"):
                length += 1
            case UInt8(ascii: "&") where ampersands: length += 3
            default: return nil
            }
        }
        guard length > scheme.count, length <= 2048 else { return nil }
        let host = utf8.dropFirst(scheme.count).prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        guard !host.isEmpty, !host.contains(UInt8(ascii: "@")) else { return nil }
        return text
    }

    private static func isCommitSHA(_ sha: String) -> Bool {
        (7...64).contains(sha.utf8.count)
            && sha.utf8.allSatisfy { b in (48...57).contains(b) || (97...102).contains(b) || (65...70).contains(b) }
    }

    private static func isPlainSegment(_ segment: Substring) -> Bool {
        !segment.isEmpty && segment != "." && segment != ".." && segment.utf8.count <= 100
            && segment.utf8.allSatisfy { b in
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                    true
                default: false
                }
            }
    }
}
