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
        if s.history != nil {
            for i in index.failing {
                switch index.historyEntry(i, in: s)?.transition {
                case .newFailure?, .newFlake?: newCount += 1
                case .stillFailing?, .stillFlaky?: knownCount += 1
                default: break
                }
            }
        }
        hasChangeChips = s.history != nil && failing
        changeChips =
            hasChangeChips
            ? [
                Chip(state: "new", label: "new", count: Format.count(newCount), metric: "history.new", pressed: false),
                Chip(state: "known", label: "known", count: Format.count(knownCount), metric: "history.known", pressed: false),
            ] : []

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
                touches: "\(Format.count(e.groups)) group\(e.groups == 1 ? "" : "s")")
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
        return Test(
            id: "test=\(i)", index: String(i), stateClass: state.rawValue, stateLabel: state.rawValue,
            title: HTMLText.clean(t.title.joined(separator: " › ")), specLine: HTMLText.clean(t.specLine), spec: HTMLText.clean(t.spec),
            specQuery: PercentEncoding.encode(HTMLText.clean(t.spec)), group: group, machine: HTMLText.clean(spec?.machineId),
            attemptsText: "\(t.attempts) attempt\(t.attempts == 1 ? "" : "s")", duration: Format.duration(t.durationMs),
            errorLine: t.error.map { Format.oneLine(HTMLData.firstLine(HTMLText.clean($0)), limit: 400) },
            change: history?.transition?.rawValue, changeLabel: history?.transition.map(HTMLHistory.label),
            strip: history.map { h in
                Strip(
                    cells: h.outcomes.map { Strip.Cell(o: $0?.rawValue ?? "absent") },
                    stripLabel: "Outcomes, oldest first: "
                        + h.outcomes.enumerated().map { "run \($0 + 1): \($1?.rawValue ?? "absent")" }.joined(separator: ", "))
            },
            attempts: t.attemptDetails.enumerated().map { n, a in
                let st = a.state?.description ?? "unknown"
                return Attempt(
                    number: String(n + 1), state: HTMLText.clean(st),
                    stateClass: a.state == .failed ? "failed" : a.state == .passed ? "passed" : "other",
                    duration: Format.duration(a.durationMs), error: HTMLText.clean(a.error?.headline),
                    location: HTMLText.clean(a.error?.location), codeFrame: HTMLText.clean(a.error?.codeFrame).map(clipped),
                    stack: HTMLText.clean(a.error?.stack).map(clipped))
            },
            body: HTMLText.clean(t.body).map(clipped),
            barLink: row >= 0 && HTMLTimeline.hasBar(s, row: row) ? "#bar-\(row)" : nil)
    }
}
