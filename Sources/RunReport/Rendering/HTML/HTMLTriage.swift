/// The triage part of the HTML view model: what the first screen shows — the filter chips, the
/// first failed and flaky tests with their errors (markup that needs no script), the error groups,
/// the specs that failed with no failed test to explain them. Typed values: a template variable
/// that does not exist here fails `TemplateVariablesTests`, never blanks a section silently.
struct HTMLTriage {
    /// How many failing tests the page carries as markup (readable with scripts disabled); the
    /// script draws the rest from `tests-data`.
    static let markupTests = 50
    /// How many error groups the errors section lists as markup.
    static let markupErrorGroups = 30
    /// Above this many failed tests the list is grouped by error at first.
    static let groupByErrorAbove = 20

    struct Chip {
        var state: String
        var label: String
        var count: String
        /// The `summary.json` figure the count is (`tests.failures`), for the page's checks.
        var metric: String
        var pressed: Bool
    }

    struct Attempt {
        var number: String
        var state: String
        var stateClass: String
        var duration: String
        var error: String?
        var location: String?
        var codeFrame: String?
        var stack: String?
        /// Its screenshots and attachments (``HTMLArtifacts``).
        var artifacts: [ArtifactLink]
        var hasArtifacts: Bool
        /// The spec's video from this attempt's offset (`#t=`), or nil.
        var video: String?
        /// The video link is the remote URL (it expires).
        var videoRemote: Bool
    }

    struct ArtifactLink {
        var label: String
        var kind: String
        /// The saved copy (relative) or the remote https URL; nil when there is no usable link.
        var href: String?
        /// A saved screenshot: shown as an image.
        var image: Bool
        /// A link to the remote URL, which expires.
        var remote: Bool
    }

    /// A failed spec's artifacts that belong to no test (§14): screenshots of its hooks and the like.
    struct SpecArtifacts {
        var spec: String
        var artifacts: [ArtifactLink]
        /// The spec's video (saved copy, or the remote URL), or nil.
        var video: String?
        var videoRemote: Bool
    }

    struct Test {
        var id: String
        var index: String
        var stateClass: String
        var stateLabel: String
        var title: String
        var specLine: String
        var spec: String
        /// The spec path percent-encoded, for the specs table's `#specs?q=` link.
        var specQuery: String
        var group: String?
        var machine: String?
        var attemptsText: String
        /// `3 screenshots` for a test with some, else nil.
        var screenshots: String?
        var duration: String
        var errorLine: String?
        var change: String?
        var changeLabel: String?
        var strip: Strip?
        var attempts: [Attempt]
        /// The test's source, when the data has it.
        var body: String?
        /// `#bar-<row>`: the spec's bar in the timeline, when it has one of its own.
        var barLink: String?
        /// What the API's aggregates say of it (`--api-context`), counts always shown.
        var context: String?
    }

    /// The test's API-context line (``APIContext/line(spec:title:)``), cleaned for the page.
    static func contextLine(_ s: Summary, _ t: TestSummary) -> String? {
        HTMLText.clean(s.apiContext?.line(spec: t.spec, title: t.title))
    }

    /// The baseline as the page names it: `main`, `run b45e11e0…, sha 1a2b3c4d5e`, its dashboard page.
    struct Baseline {
        var base: String
        var runId: String
        var sha: String?
        var dashboardURL: String?
        var counts: String

        init(_ c: Comparison) {
            base = HTMLText.clean(c.baseline.branch) ?? "the baseline"
            runId = HTMLText.clean(c.baseline.runId)
            sha = HTMLText.clean(c.baseline.sha).map { String($0.prefix(10)) }
            dashboardURL = SafeLink.httpsURL(c.baseline.dashboardURL)
            let n = { (change: Comparison.Change) in c.count(change) }
            var parts = ["\(Format.count(n(.newFailure))) new failure\(n(.newFailure) == 1 ? "" : "s")"]
            parts.append("\(Format.count(n(.existingFailure))) also failing there")
            parts.append("\(Format.count(n(.newFlake))) new flake\(n(.newFlake) == 1 ? "" : "s")")
            if n(.existingFlake) > 0 { parts.append("\(Format.count(n(.existingFlake))) flaky or failing there too") }
            let resolved = n(.resolvedFailure) + n(.resolvedFlake)
            if resolved > 0 { parts.append("\(Format.count(resolved)) resolved") }
            if n(.notRun) > 0 { parts.append("\(Format.count(n(.notRun))) not run now") }
            counts = parts.joined(separator: " · ")
        }
    }

    struct BaselineTest {
        var spec, title, text: String
        var notRun: Bool
    }

    struct SlowerSpec {
        var spec, now, then, ratio: String
    }

    /// Whether a failing test is new or known, and how the page labels it.
    enum ChangeKind { case new, known }

    /// The test's change: against the baseline when there is one, else its history transition.
    static func change(_ s: Summary, _ i: Int, index: HTMLTestIndex) -> (raw: String, label: String, kind: ChangeKind?)? {
        let t = s.tests[i]
        if let c = s.comparison {
            guard let change = c.change(spec: t.spec, title: t.title) else { return nil }
            let base = HTMLText.clean(c.baseline.branch) ?? "the baseline"
            switch change {
            case .newFailure: return (change.rawValue, "new failure", .new)
            case .existingFailure: return (change.rawValue, "also failing on \(base)", .known)
            case .newFlake: return (change.rawValue, "new flake", .new)
            case .existingFlake: return (change.rawValue, "also flaky or failing on \(base)", .known)
            case .resolvedFailure, .resolvedFlake, .notRun: return nil
            }
        }
        guard let transition = index.historyEntry(i, in: s)?.transition else { return nil }
        let kind: ChangeKind? =
            switch transition {
            case .newFailure, .newFlake: .new
            case .stillFailing, .stillFlaky: .known
            case .fixed: nil
            }
        return (transition.rawValue, HTMLHistory.label(transition), kind)
    }

    struct Strip {
        var cells: [Cell]
        var stripLabel: String
        struct Cell { var o: String }
    }

    struct ErrorItem {
        var fingerprint: String
        var example: String
        var count: String
        var countsText: String
        var touches: String
        /// With `--history-db`: `new in this run` or `seen in 4 runs since 2023-09-11`.
        var seen: String?
        var isNew: Bool
    }

    struct SpecProblem {
        var spec: String
        var group: String?
        var machine: String?
        var state: String
        var stateClass: String
        var reason: String?
    }

    var chips: [Chip]
    var changeChips: [Chip]
    var hasChangeChips: Bool
    /// The baseline the changes are against (`--baseline`), if any.
    var baseline: Baseline?
    /// Tests failing or flaky on the baseline that passed or did not run now.
    var resolved: [BaselineTest]
    var hasResolved: Bool
    var moreResolved: String?
    /// Specs markedly slower than on the baseline.
    var slowerSpecs: [SlowerSpec]
    var hasSlowerSpecs: Bool
    var tests: [Test]
    var hasListedTests: Bool
    var moreTests: String?
    var firstFailure: String?
    var groupBy: String
    var errorGroups: [ErrorItem]
    var hasErrorGroups: Bool
    var moreErrorGroups: String?
    var specProblems: [SpecProblem]
    var hasSpecProblems: Bool
    var specProblemCount: String
    /// The run lists specs but no test was read: the list would be empty for want of data.
    var noTestData: Bool
    /// `--artifacts-max-mb` was reached: how many artifacts stayed links; nil otherwise.
    var artifactsNote: String?
    /// Specs that failed, or hold a failed or flaky test, with artifacts of their own (§14).
    var specArtifacts: [SpecArtifacts]
    var hasSpecArtifacts: Bool

    init(_ s: Summary, index: HTMLTestIndex) {
        let counts = s.totals.tests
        let failing = !index.failing.isEmpty
        func chip(_ state: String, _ label: String, _ n: Int?, _ metric: String) -> Chip {
            Chip(
                state: state, label: label, count: Format.count(n), metric: metric,
                pressed: failing ? (state == "failed" || state == "flaky") : true)
        }
        chips = [
            chip("failed", "failed", counts.failures, "tests.failures"),
            chip("flaky", "flaky", counts.flaky, "tests.flaky"),
            chip("passed", "passed", counts.passes, "tests.passes"),
            chip("pending", "pending", counts.pending, "tests.pending"),
            chip("skipped", "skipped", counts.skipped, "tests.skipped"),
        ]
        var newCount = 0
        var knownCount = 0
        for i in index.failing {
            switch Self.change(s, i, index: index)?.kind {
            case .new?: newCount += 1
            case .known?: knownCount += 1
            case nil: break
            }
        }
        // New or known: against the baseline when there is one, else against the history.
        let source = s.comparison != nil ? "comparison" : "history"
        hasChangeChips = (s.history != nil || s.comparison != nil) && failing
        changeChips =
            hasChangeChips
            ? [
                Chip(state: "new", label: "new", count: Format.count(newCount), metric: "\(source).new", pressed: false),
                Chip(state: "known", label: "known", count: Format.count(knownCount), metric: "\(source).known", pressed: false),
            ] : []
        let baseline = s.comparison.map { Baseline($0) }
        self.baseline = baseline
        let resolvedTests =
            s.comparison?.tests.filter { $0.change == .resolvedFailure || $0.change == .resolvedFlake || $0.change == .notRun } ?? []
        resolved = resolvedTests.prefix(Self.markupTests).map { t in
            BaselineTest(
                spec: HTMLText.clean(t.spec), title: HTMLText.clean(t.title.joined(separator: " › ")),
                text: "\(t.baseline?.rawValue ?? "absent") on \(baseline?.base ?? "the baseline"), \(t.now?.rawValue ?? "absent") now",
                notRun: t.change == .notRun)
        }
        hasResolved = !resolved.isEmpty
        moreResolved =
            resolvedTests.count > resolved.count ? "… and \(Format.count(resolvedTests.count - resolved.count)) more in summary.json" : nil
        let slower = s.comparison?.specs.filter(\.markedlySlower).sorted { ($0.ratio ?? 0) > ($1.ratio ?? 0) } ?? []
        slowerSpecs = slower.prefix(Self.markupTests).map { spec in
            SlowerSpec(
                spec: HTMLText.clean(spec.spec), now: Format.duration(spec.executionMs), then: Format.duration(spec.baselineExecutionMs),
                ratio: spec.ratio.map { "×" + String(format: "%.2f", $0) } ?? "—")
        }
        hasSlowerSpecs = !slowerSpecs.isEmpty

        let shown = index.failing.prefix(Self.markupTests)
        tests = shown.map { Self.test(s, $0, index: index) }
        hasListedTests = !tests.isEmpty
        moreTests =
            index.failing.count > shown.count
            ? "… and \(Format.count(index.failing.count - shown.count)) more failed or flaky tests, which the page's script lists." : nil
        firstFailure = index.failing.first.map { "#test=\($0)" }
        groupBy = index.failed.count > Self.groupByErrorAbove ? "error" : "none"

        errorGroups = s.errors.prefix(Self.markupErrorGroups).map { e in
            ErrorItem(
                fingerprint: e.fingerprint, example: HTMLText.clean(Format.oneLine(e.example, limit: 300)),
                count: Format.count(e.tests + e.exceptions), countsText: e.countsText,
                touches: "\(Format.count(e.groups)) group\(e.groups == 1 ? "" : "s")", seen: e.seenText,
                isNew: e.runsSeen == 1)
        }
        hasErrorGroups = !errorGroups.isEmpty
        moreErrorGroups =
            s.errors.count > errorGroups.count
            ? "… and \(Format.count(s.errors.count - errorGroups.count)) more error groups in summary.json." : nil

        specProblems = s.specsNotPassingWithoutFailedTest.map { spec in
            SpecProblem(
                spec: HTMLText.clean(spec.spec), group: HTMLText.clean(spec.groupId), machine: HTMLText.clean(spec.machineId),
                state: HTMLViewModel.label(spec.state), stateClass: spec.state.rawValue,
                reason: spec.exception.map { HTMLText.clean(Format.oneLine($0, limit: 300)) } ?? Self.reason(spec.state))
        }
        hasSpecProblems = !specProblems.isEmpty
        specProblemCount = Format.count(specProblems.count)
        noTestData = s.tests.isEmpty && !s.specs.isEmpty && s.specs.allSatisfy { !$0.hasTestData }
        specArtifacts = Self.specArtifacts(s)
        hasSpecArtifacts = !specArtifacts.isEmpty
        artifactsNote =
            s.artifactsNotSaved > 0
            ? "\(s.artifactsNotSaved) artifact(s) were not saved: --artifacts-max-mb was reached. They are linked to their remote URLs, which expire."
            : nil
    }

    /// The spec-level artifacts of the specs a person triaging looks at: failed ones, and those
    /// with a failed or flaky test; in the specs' order, at most ``markupTests`` of them.
    static func specArtifacts(_ s: Summary) -> [SpecArtifacts] {
        let failing = s.specsWithFailure
        var out: [SpecArtifacts] = []
        for (i, spec) in s.specs.enumerated() where failing[i] && !spec.artifacts.others.isEmpty {
            let video = HTMLArtifacts.video(of: spec)
            out.append(
                SpecArtifacts(
                    spec: HTMLText.clean(spec.spec),
                    artifacts: spec.artifacts.others.map { link(HTMLArtifacts.item($0)) },
                    video: video?.href, videoRemote: video?.remote ?? false))
            if out.count == markupTests { break }
        }
        return out
    }

    static func link(_ item: HTMLArtifacts.Item) -> ArtifactLink {
        ArtifactLink(label: item.label, kind: item.kind.rawValue, href: item.href, image: item.show == .image, remote: item.show == .remote)
    }

    private static func reason(_ state: SpecState) -> String? {
        switch state {
        case .pending: "never claimed by a machine"
        case .running: "claimed but never completed"
        case .timedOut: "the run timed out before the spec completed"
        case .cancelled: "the run was cancelled before the spec completed"
        case .failed: "failed with no failed test recorded"
        case .passed, .completed: nil
        }
    }

    /// The longest stack or code frame the markup carries; the page's data holds them whole.
    static let markupTextLimit = 20_000

    private static func clipped(_ text: String) -> String {
        text.utf8.count <= markupTextLimit
            ? text : String(text.prefix(markupTextLimit)) + "\n… (cut here; opened with the page's script, the test shows it whole)"
    }

    static func test(_ s: Summary, _ i: Int, index: HTMLTestIndex) -> Test {
        let t = s.tests[i]
        let row = index.specRow[i]
        let spec = row >= 0 ? s.specs[row] : nil
        let platform = t.groupId.flatMap { g in s.groups.first { $0.groupId == g }?.platform.shortLabel }
        let group = HTMLText.clean(t.groupId).map { g in platform.map { "\(g) (\(HTMLText.clean($0)))" } ?? g }
        let history = index.historyEntry(i, in: s)
        let state = HTMLTestState(t)
        let change = Self.change(s, i, index: index)
        let artifacts = HTMLArtifacts.perAttempt(t)
        let video = HTMLArtifacts.video(of: spec)
        return Test(
            id: "test=\(i)", index: String(i), stateClass: state.rawValue, stateLabel: state.rawValue,
            title: HTMLText.clean(t.title.joined(separator: " › ")), specLine: HTMLText.clean(t.specLine), spec: HTMLText.clean(t.spec),
            specQuery: PercentEncoding.encode(HTMLText.clean(t.spec)), group: group, machine: HTMLText.clean(spec?.machineId),
            attemptsText: "\(t.attempts) attempt\(t.attempts == 1 ? "" : "s")", screenshots: HTMLArtifacts.screenshotCount(t),
            duration: Format.duration(t.durationMs),
            errorLine: t.error.map { Format.oneLine(HTMLData.firstLine(HTMLText.clean($0)), limit: 400) },
            change: change?.raw, changeLabel: change?.label,
            strip: history.map { h in
                Strip(
                    cells: h.outcomes.map { Strip.Cell(o: $0?.rawValue ?? "absent") },
                    stripLabel: "Outcomes, oldest first: "
                        + h.outcomes.enumerated().map { "run \($0 + 1): \($1?.rawValue ?? "absent")" }.joined(separator: ", "))
            },
            attempts: t.attemptDetails.enumerated().map { n, a in
                let st = a.state?.description ?? "unknown"
                let links = n < artifacts.count ? artifacts[n] : []
                return Attempt(
                    number: String(n + 1), state: HTMLText.clean(st),
                    stateClass: a.state == .failed ? "failed" : a.state == .passed ? "passed" : "other",
                    duration: Format.duration(a.durationMs), error: HTMLText.clean(a.error?.headline),
                    location: HTMLText.clean(a.error?.location), codeFrame: HTMLText.clean(a.error?.codeFrame).map(clipped),
                    stack: HTMLText.clean(a.error?.stack).map(clipped),
                    artifacts: links.map(link),
                    hasArtifacts: !links.isEmpty, video: video.map { HTMLArtifacts.videoLink($0.href, attempt: a) },
                    videoRemote: video?.remote ?? false)
            },
            body: HTMLText.clean(t.body).map(clipped),
            barLink: row >= 0 && HTMLTimeline.hasBar(s, row: row) ? "#bar-\(row)" : nil, context: contextLine(s, t))
    }
}
