/// A screenshot, video, trace or other file the run recorded (`docs/metrics.md` §14): where it lives
/// remotely (a pre-signed URL that expires) and, once downloaded, where its copy lies.
package struct Artifact: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        case screenshot, video, trace, other
    }

    package var kind: Kind
    /// The attempt it belongs to (0-based, the API's `testAttemptIndex`); nil for a spec's own
    /// artifacts (its video, screenshots of no test).
    package var attempt: Int?
    /// The name the data gives it (`name`, else `filename`), ANSI removed; may be anything.
    package var name: String
    /// The remote, pre-signed URL as the data gives it.
    package var url: String?
    /// The content type the data declares (Playwright attachments only).
    package var contentType: String?
    /// The data's `screenshotId`: the key of de-duplication.
    package var id: String?
    /// The instance the artifact belongs to: names its folder under `artifacts/`.
    package var instanceId: String?
    /// The saved copy, relative to the report directory (`artifacts/<instanceId>/<file>`), when downloaded.
    package var savedPath: String? = nil

    /// The content types a download of this kind may answer with.
    package var acceptedContentTypes: [String] {
        switch kind {
        case .screenshot: ["image/png", "image/jpeg"]
        case .video: ["video/mp4", "video/webm"]
        case .trace: ["application/zip"]
        case .other: []
        }
    }

    /// The kind a Playwright attachment's content type (or name) says.
    static func kind(contentType: String?, name: String?) -> Kind {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("image/") { return .screenshot }
        if type.hasPrefix("video/") { return .video }
        if type == "application/zip" || (name ?? "").lowercased() == "trace" { return .trace }
        return .other
    }
}

/// A spec's own artifacts: its video, and screenshots or attachments that name no test of it.
package struct SpecArtifacts: Sendable, Equatable {
    package var video: Artifact? = nil
    package var others: [Artifact] = []

    package var all: [Artifact] { (video.map { [$0] } ?? []) + others }
}

extension Summary {
    /// `--no-artifact-links`: every artifact's remote URL removed, so that no output carries a
    /// signed URL; the saved copies stay.
    package mutating func removeArtifactLinks() {
        for i in tests.indices where !tests[i].artifacts.isEmpty {
            for j in tests[i].artifacts.indices { tests[i].artifacts[j].url = nil }
        }
        for i in specs.indices {
            specs[i].artifacts.video?.url = nil
            for j in specs[i].artifacts.others.indices { specs[i].artifacts.others[j].url = nil }
        }
    }
}
