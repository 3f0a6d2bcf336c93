/// `docs/metrics.md` §14: which test and attempt each screenshot, attachment and video belongs to.
///
/// - A screenshot listed at an attempt belongs to that test and attempt; one listed only in
///   `results.screenshots[]` (or the run's `specs[].results.screenshots[]`) to the test whose
///   `testId` it names (the first of the spec with that id) and attempt `testAttemptIndex`.
/// - A screenshot listed twice (same `screenshotId`) is one artifact: the first listing places it;
///   a later one fills in a URL or a name the first lacked.
/// - A Playwright attachment belongs to the test its `testId` names; its kind comes from its
///   content type.
/// - What names no test of the spec belongs to the spec, as does its video (`videoUrl`, the
///   instance's, else the run's).
/// - An artifact with no URL after merging is not listed: there is nothing to show or save.
enum ArtifactAnalysis {
    struct Collected {
        /// One list per test of the instance, in the instance's order.
        var perTest: [[Artifact]]
        var spec: SpecArtifacts
    }

    static func collect(spec: Wire.Spec, instance: Wire.Instance?) -> Collected {
        let tests = instance?.results?.tests ?? []
        let instanceId = spec.instanceId ?? instance?.instanceId
        var perTest = [[Artifact]](repeating: [], count: tests.count)
        var specOwn = SpecArtifacts()

        var testIndex: [String: Int] = [:]
        for (i, test) in tests.enumerated() {
            if let id = test.testId, testIndex[id] == nil { testIndex[id] = i }
        }
        // Where each screenshot id was placed: (test index or nil for the spec, position).
        var placed: [String: (test: Int?, position: Int)] = [:]

        func clean(_ text: String?) -> String? {
            guard let text, !text.isEmpty else { return nil }
            return TextSanitizer.stripANSI(text)
        }
        func place(_ artifact: Artifact, test: Int?) -> (test: Int?, position: Int) {
            if let test {
                perTest[test].append(artifact)
                return (test, perTest[test].count - 1)
            }
            specOwn.others.append(artifact)
            return (nil, specOwn.others.count - 1)
        }
        func add(_ shot: Wire.Screenshot, test: Int?, attempt: Int?) {
            let artifact = Artifact(
                kind: .screenshot, attempt: test == nil ? nil : attempt, name: clean(shot.name) ?? "screenshot",
                url: shot.screenshotURL.flatMap { $0.isEmpty ? nil : $0 }, contentType: nil, id: clean(shot.screenshotId),
                instanceId: instanceId)
            if let id = artifact.id, let at = placed[id] {
                // The same screenshot again: fill in what the first listing lacked.
                func merge(_ existing: inout Artifact) {
                    if existing.url == nil { existing.url = artifact.url }
                    if existing.name == "screenshot", shot.name != nil { existing.name = artifact.name }
                }
                if let t = at.test { merge(&perTest[t][at.position]) } else { merge(&specOwn.others[at.position]) }
                return
            }
            let at = place(artifact, test: test)
            if let id = artifact.id { placed[id] = at }
        }

        for (i, test) in tests.enumerated() {
            for (a, attempt) in (test.attempts ?? []).enumerated() {
                for shot in attempt.screenshots ?? [] { add(shot, test: i, attempt: shot.testAttemptIndex ?? a) }
            }
        }
        let listed = (instance?.results?.screenshots ?? []) + (spec.results?.screenshots ?? [])
        for shot in listed {
            let owner = shot.testId.flatMap { testIndex[$0] }
            add(shot, test: owner, attempt: shot.testAttemptIndex ?? 0)
        }
        for attachment in instance?.results?.attachments ?? [] {
            let owner = attachment.testId.flatMap { testIndex[$0] }
            let name = clean(attachment.name) ?? clean(attachment.filename) ?? "attachment"
            _ = place(
                Artifact(
                    kind: Artifact.kind(contentType: attachment.contentType, name: attachment.name),
                    attempt: owner == nil ? nil : (attachment.testAttemptIndex ?? 0), name: name,
                    url: attachment.readUrl.flatMap { $0.isEmpty ? nil : $0 }, contentType: clean(attachment.contentType),
                    id: nil, instanceId: instanceId),
                test: owner)
        }
        if let video = (instance?.results?.videoUrl ?? spec.results?.videoUrl).flatMap({ $0.isEmpty ? nil : $0 }) {
            specOwn.video = Artifact(kind: .video, attempt: nil, name: "video", url: video, instanceId: instanceId)
        }

        for i in perTest.indices {
            perTest[i].removeAll { $0.url == nil }
            // By attempt, then as listed (a stable sort).
            perTest[i] = perTest[i].enumerated().sorted { ($0.element.attempt ?? 0, $0.offset) < ($1.element.attempt ?? 0, $1.offset) }
                .map(\.element)
        }
        specOwn.others.removeAll { $0.url == nil }
        return Collected(perTest: perTest, spec: specOwn)
    }
}
