/// What `markdown/summary.md` receives: stored, pre-formatted strings (escaped for Markdown by the
/// template's content type), lists already sorted and cut. See the README for every variable.
struct MarkdownViewModel {
    /// How many items each list may show.
    struct Limits: Equatable {
        var groups: Int, errorGroups: Int, failedTests: Int, flakyTests: Int, failedSpecs: Int, slowestSpecs: Int, warnings: Int
        /// The longest text of one item (errors, titles), in characters.
        var textLength: Int

        static let initial = Limits(
            groups: 50, errorGroups: 10, failedTests: 50, flakyTests: 30, failedSpecs: 30, slowestSpecs: 10, warnings: 20,
            textLength: 300)

        var isMinimal: Bool { self == halved() }

        func halved() -> Limits {
            Limits(
                groups: max(5, groups / 2), errorGroups: errorGroups / 2, failedTests: failedTests / 2, flakyTests: flakyTests / 2,
                failedSpecs: failedSpecs / 2,
                slowestSpecs: slowestSpecs / 2, warnings: warnings / 2, textLength: max(80, textLength / 2))
        }
    }

    /// The lists the summary shows, selected and sorted once: the renderer builds the view model
    /// again with shorter limits until the text fits, and only the cutting depends on the limits.
    struct Selection {
        var failedTests, flakyTests: [TestSummary]
        var specsNotPassing, slowestSpecs: [SpecSummary]
        var newFailures, newFlakes: [HistorySummary.Test]
        var slowerSpecs: [HistorySummary.Spec]
        /// With a baseline: the failed tests it did not have and those it had; the tests that were
        /// failing or flaky there and passed or did not run now; the specs markedly slower than there.
        var newFailuresNow, existingFailures: [TestSummary]
        var resolved, notRun: [Comparison.Test]
        var slowerThanBaseline: [Comparison.Spec]

        init(_ s: Summary) {
            failedTests = s.tests.filter { $0.state == .failed }
            flakyTests = s.tests.filter(\.flaky)
            specsNotPassing = s.specsNotPassingWithoutFailedTest
            slowestSpecs = s.specsBySlowestExecution
            newFailures = s.history?.tests.filter { $0.transition == .newFailure } ?? []
            newFlakes = s.history?.tests.filter { $0.transition == .newFlake } ?? []
            slowerSpecs = s.history?.specs.filter(\.markedlySlower).sorted { ($0.trend ?? 0) > ($1.trend ?? 0) } ?? []
            let c = s.comparison
            let failed = failedTests
            newFailuresNow = c.map { c in failed.filter { c.change(spec: $0.spec, title: $0.title) == .newFailure } } ?? []
            existingFailures = c.map { c in failed.filter { c.change(spec: $0.spec, title: $0.title) != .newFailure } } ?? []
            resolved = c?.tests.filter { $0.change == .resolvedFailure || $0.change == .resolvedFlake } ?? []
            notRun = c?.tests.filter { $0.change == .notRun } ?? []
            slowerThanBaseline = c?.specs.filter(\.markedlySlower).sorted { ($0.ratio ?? 0) > ($1.ratio ?? 0) } ?? []
        }
    }

    // What the template reads, by these names (swift-mustache finds stored properties by Mirror and
    // unwraps Optionals): a `String?` or `Bool` is what a `{{#name}}` tests, nil and false leaving the
    // section out. An empty string is truthy, as it was in the dictionary this replaces, so `timeout`
    // and `cancellation.reason` render their section even when empty. A nil property makes
    // swift-mustache look the name up in the enclosing contexts, so the Optionals of the item types
    // (`group`, `error`, `reason`, `more`, `stopsPaying`, `splits`, `late`) must not be names of an
    // enclosing type too.
    // `TemplateVariablesTests` checks that every name `markdown/summary.md` uses is one of these.
    var runId: String
    var status: String
    var completionState: String
    var statusIcon: String
    var derived: Bool
    var branch: String?
    var commit: String?
    var commitMessage: String?
    var ciBuildId: String?
    var cypressVersion: String?
    var createdAt: String?
    var dashboardURL: String
    var generator: String
    /// `after 5 m`, or empty when the run timed out with no limit given; nil when it did not time out.
    var timeout: String?
    var cancellation: Cancellation?
    var totals: Totals
    var groups: List<Group>
    var multipleGroups: Bool
    var errorGroups: List<ErrorGroup>
    var failedTests: List<Test>
    var flakyTests: List<Test>
    var failedSpecs: List<FailedSpec>
    var slowestSpecs: SlowestSpecs
    var hasSlowestSpecs: Bool
    var history: History?
    var comparison: ComparisonSection?
    var balance: List<Balance>
    var warnings: List<Warning>

    /// A list cut to its limit.
    struct List<Item> {
        /// The first items, up to the limit.
        var items: [Item]
        /// How many there are in all, cut or not.
        var count: String
        var any: Bool
        /// `… and 12 more failed tests in the HTML report` when the list was cut.
        var more: String?
    }

    struct Cancellation {
        /// `unknown` when the run does not say.
        var by: String
        var at: String
        /// Empty when no reason was given.
        var reason: String
    }

    struct Totals {
        var tests, passes, failures, flaky, skipped, pending: String
        var passRate, flakyRate: String
        /// `k / n`
        var passRateCounts, flakyRateCounts: String
        var specs: String
        var wall: String
    }

    struct Group {
        var groupId, browser, os: String
        var passes, failures, flaky, skipped, pending: String
        var passRate, flakyRate: String
        /// `complete/overall` instances.
        var specs: String
        var wall: String
    }

    struct ErrorGroup {
        /// The failed and flaky tests and the specs that could not run.
        var tests: String
        var counts: String
        /// The first member's error headline.
        var example: String
        /// With a history database: `new in this run`, or `seen in 4 runs since 2023-09-11`.
        var seen: String?
    }

    /// A failed or flaky test.
    struct Test {
        /// `spec:line` where the code frame lies in the spec.
        var spec: String
        var title: String
        var attempts: String
        /// Set only when the run has several groups.
        var group: String?
        /// The error's first line.
        var error: String?
        /// What the API's aggregates say of it (`--api-context`): `Currents, 14 days: on main 5
        /// failed, 2 flaky of 41 runs · all branches …`.
        var context: String?
    }

    /// A spec that did not pass with no failed test to explain it.
    struct FailedSpec {
        var spec: String
        var state: String
        var reason: String?
        /// Set only when the run has several groups.
        var group: String?
    }

    struct SlowestSpecs {
        var items: [SlowSpec]
    }

    struct SlowSpec {
        var spec, machine, execution, claimToComplete: String
    }

    struct History {
        /// How many runs the history has, this one included.
        var runs: String
        var newFailures: List<HistoryTest>
        var newFlakes: List<HistoryTest>
        /// `2 new failures · 1 fixed`, or `no test changed state`.
        var changes: String
        var slower: List<SlowerSpec>
    }

    /// The comparison with a baseline (`docs/metrics.md` §13): new failures first.
    struct ComparisonSection {
        /// `main (run 1a2b3c, sha 69128959c6)`.
        var baseline: String
        /// The baseline's branch, or `the baseline`.
        var base: String
        /// `2 new failures, 1 already failing on main · 1 new flake`.
        var summary: String
        var newFailures, existingFailures, newFlakes: List<Test>
        var resolved, notRun: List<ComparisonTest>
        var slower: List<ComparisonSpec>
    }

    struct ComparisonTest {
        var spec, title: String
        /// `failed`, `flaky`: its outcome on the baseline.
        var was: String
        /// `passed`, `skipped`, `absent`.
        var now: String
    }

    struct ComparisonSpec {
        var spec, now, then, ratio: String
    }

    struct HistoryTest {
        var spec, title: String
        /// One symbol per run, oldest first (``MarkdownViewModel/symbol(_:)``).
        var outcomes: String
    }

    struct SlowerSpec {
        var spec, latest: String
        /// The latest execution over the median of the earlier runs, `2.00`.
        var trend: String
    }

    /// One group's load-balancing line (`docs/metrics.md` §10).
    struct Balance {
        var groupId: String
        /// `3 machines`
        var machines: String
        var wall, lowerBound, gap: String
        var whatIf: [WhatIf]
        var stopsPaying: String?
        var splits: String?
        var late: String?
    }

    /// The predicted wall time with one machine count.
    struct WhatIf {
        var machines, predicted: String
        /// This run's machine count.
        var current: Bool
        /// `, ` before every option but the first.
        var separator: String
    }

    struct Warning {
        var code, message: String
    }

    init(_ s: Summary, selection: Selection, limits: Limits) {
        func clip(_ text: String) -> String { Format.oneLine(text, limit: limits.textLength) }
        /// The first `limit` of `all` made into items (only those: a big run has thousands), with the count.
        func list<T, Item>(_ all: [T], limit: Int, noun: String, _ item: (T) -> Item) -> List<Item> {
            List(
                items: all.prefix(limit).map(item), count: String(all.count), any: !all.isEmpty,
                more: all.count > limit ? "… and \(all.count - limit) more \(noun) in the HTML report" : nil)
        }
        let run = s.run
        runId = run.runId
        status = run.status.description
        completionState = run.completionState.description
        statusIcon =
            switch run.status.verdict {
            case .passed: "✅"
            case .failed: "❌"
            case .running, .unknown: "⏳"
            }
        derived = run.statusDerived || run.completionStateDerived
        branch = run.commit.branch.map(clip)
        commit = run.commit.sha.map { String($0.prefix(12)) }
        commitMessage = run.commit.message.map(clip)
        ciBuildId = run.ciBuildId.map(clip)
        cypressVersion = run.cypressVersion
        createdAt = run.createdAt.map { Format.utc($0) }
        dashboardURL = run.dashboardURL
        generator = "runreport " + s.generatorVersion
        timeout = run.isTimeout == true ? run.timeoutValueMs.map { "after \(Format.duration(Int64($0)))" } ?? "" : nil
        cancellation = run.cancellation.map { cancel in
            Cancellation(by: cancel.actor.map(clip) ?? "unknown", at: Format.utc(cancel.canceledAt), reason: cancel.reason.map(clip) ?? "")
        }

        let t = s.totals.tests, r = s.totals.rates
        totals = Totals(
            tests: Format.count(t.overall), passes: Format.count(t.passes), failures: Format.count(t.failures),
            flaky: Format.count(t.flaky), skipped: Format.count(t.skipped), pending: Format.count(t.pending),
            passRate: Format.percent(r.passRate), flakyRate: Format.percent(r.flakyRate),
            passRateCounts: s.totals.passRateCounts, flakyRateCounts: s.totals.flakyRateCounts, specs: String(s.specs.count),
            wall: Format.duration(s.totals.wallMs))
        groups = list(s.groups, limit: limits.groups, noun: "groups") { g in
            Group(
                groupId: clip(g.groupId), browser: g.platform.browser.map(clip) ?? "—", os: g.platform.os.map(clip) ?? "—",
                passes: Format.count(g.tests.passes), failures: Format.count(g.tests.failures),
                flaky: Format.count(g.tests.flaky), skipped: Format.count(g.tests.skipped), pending: Format.count(g.tests.pending),
                passRate: Format.percent(g.rates.passRate), flakyRate: Format.percent(g.rates.flakyRate),
                specs: "\(Format.count(g.instances.complete))/\(Format.count(g.instances.overall))", wall: Format.duration(g.wallMs))
        }
        multipleGroups = s.groups.count > 1

        let grouped = s.groups.count > 1
        func testItem(_ test: TestSummary) -> Test {
            Test(
                spec: clip(test.specLine), title: clip(test.title.joined(separator: " › ")), attempts: String(test.attempts),
                group: grouped ? test.groupId.map(clip) : nil,
                // The first line: the rest is a stack trace, which the HTML report shows.
                error: test.error?.split(whereSeparator: \.isNewline).first.map { clip(String($0)) },
                context: s.apiContext?.line(spec: test.spec, title: test.title).map(clip))
        }
        errorGroups = list(s.errors, limit: limits.errorGroups, noun: "error groups") { e in
            ErrorGroup(tests: Format.count(e.tests + e.exceptions), counts: e.countsText, example: clip(e.example), seen: e.seenText)
        }
        failedTests = list(selection.failedTests, limit: limits.failedTests, noun: "failed tests", testItem)
        flakyTests = list(selection.flakyTests, limit: limits.flakyTests, noun: "flaky tests", testItem)

        failedSpecs = list(selection.specsNotPassing, limit: limits.failedSpecs, noun: "specs") { spec in
            FailedSpec(
                spec: clip(spec.spec), state: spec.state.rawValue, reason: spec.exception.map(clip),
                group: grouped ? spec.groupId.map(clip) : nil)
        }

        let slowest = selection.slowestSpecs.prefix(limits.slowestSpecs).map { spec in
            SlowSpec(
                spec: clip(spec.spec), machine: spec.machineId.map(clip) ?? "—", execution: Format.duration(spec.executionMs),
                claimToComplete: Format.duration(spec.claimToCompleteMs))
        }
        slowestSpecs = SlowestSpecs(items: slowest)
        hasSlowestSpecs = !slowest.isEmpty && limits.slowestSpecs > 0

        history = s.history.map { h in
            func item(_ t: HistorySummary.Test) -> HistoryTest {
                HistoryTest(
                    spec: clip(t.spec), title: clip(t.title.joined(separator: " › ")), outcomes: t.outcomes.map(Self.symbol).joined())
            }
            let counts = h.transitionCounts.map { HTMLHistory.countLabel($0.count, $0.transition) }
            return History(
                runs: String(h.runs.count),
                newFailures: list(selection.newFailures, limit: limits.failedTests, noun: "new failures", item),
                newFlakes: list(selection.newFlakes, limit: limits.flakyTests, noun: "new flakes", item),
                changes: counts.isEmpty ? "no test changed state" : counts.joined(separator: " · "),
                slower: list(selection.slowerSpecs, limit: limits.slowestSpecs, noun: "slower specs") { spec in
                    SlowerSpec(
                        spec: clip(spec.spec), latest: Format.duration(spec.latestExecutionMs),
                        trend: spec.trend.map { String(format: "%.2f", $0) } ?? "—")
                })
        }
        comparison = s.comparison.map { c in
            let base = c.baseline.branch.map(clip) ?? "the baseline"
            var name = base + " (run " + clip(c.baseline.runId)
            if let sha = c.baseline.sha { name += ", " + String(sha.prefix(10)) }
            name += ")"
            func item(_ t: Comparison.Test) -> ComparisonTest {
                ComparisonTest(
                    spec: clip(t.spec), title: clip(t.title.joined(separator: " › ")), was: t.baseline?.rawValue ?? "absent",
                    now: t.now?.rawValue ?? "absent")
            }
            let newFlakes = selection.flakyTests.filter { c.change(spec: $0.spec, title: $0.title) == .newFlake }
            return ComparisonSection(
                baseline: name, base: base, summary: Self.comparisonSummary(c, base: base),
                newFailures: list(selection.newFailuresNow, limit: limits.failedTests, noun: "new failures", testItem),
                existingFailures: list(selection.existingFailures, limit: limits.failedTests, noun: "failures", testItem),
                newFlakes: list(newFlakes, limit: limits.flakyTests, noun: "new flakes", testItem),
                resolved: list(selection.resolved, limit: limits.flakyTests, noun: "resolved tests", item),
                notRun: list(selection.notRun, limit: limits.flakyTests, noun: "tests not run", item),
                slower: list(selection.slowerThanBaseline, limit: limits.slowestSpecs, noun: "slower specs") { spec in
                    ComparisonSpec(
                        spec: clip(spec.spec), now: Format.duration(spec.executionMs), then: Format.duration(spec.baselineExecutionMs),
                        ratio: spec.ratio.map { String(format: "%.2f", $0) } ?? "—")
                })
        }
        let balanced = s.groups.compactMap { g in g.balance.map { (g, $0) } }
        balance = list(balanced, limit: limits.groups, noun: "groups") { g, b in Self.balanceItem(g, b, clip: clip) }

        warnings = list(s.warnings, limit: limits.warnings, noun: "warnings") {
            Warning(code: $0.code.rawValue, message: clip($0.message))
        }
    }

    /// `2 new failures, 1 already failing on main · 1 new flake · 1 resolved`.
    static func comparisonSummary(_ c: Comparison, base: String) -> String {
        func n(_ change: Comparison.Change) -> Int { c.count(change) }
        func plural(_ k: Int, _ word: String) -> String { "\(Format.count(k)) \(word)\(k == 1 ? "" : "s")" }
        var parts = [plural(n(.newFailure), "new failure") + ", \(Format.count(n(.existingFailure))) already failing on \(base)"]
        parts.append(plural(n(.newFlake), "new flake") + ", \(Format.count(n(.existingFlake))) already flaky or failing there")
        let resolved = n(.resolvedFailure) + n(.resolvedFlake)
        if resolved > 0 { parts.append("\(Format.count(resolved)) resolved") }
        if n(.notRun) > 0 { parts.append("\(Format.count(n(.notRun))) not run now") }
        return parts.joined(separator: " · ")
    }

    /// One character per run for an outcome strip in plain text (none that Markdown escapes):
    /// ✓ passed, ↻ flaky, ✗ failed, · pending or skipped, - absent.
    static func symbol(_ o: HistorySummary.Outcome?) -> String {
        switch o {
        case .passed?: "✓"
        case .flaky?: "↻"
        case .failed?: "✗"
        case .pending?, .skipped?: "·"
        case nil: "-"
        }
    }
}

extension MarkdownViewModel {
    /// One group's load-balancing line (`docs/metrics.md` §10): figures, the what-if series and advice.
    static func balanceItem(_ g: GroupSummary, _ b: RunReport.Balance, clip: (String) -> String) -> Balance {
        Balance(
            groupId: clip(g.groupId), machines: "\(b.machines) machine\(b.machines == 1 ? "" : "s")",
            wall: Format.duration(b.actualWallMs), lowerBound: Format.duration(b.lowerBoundMs), gap: Format.duration(b.gapMs),
            whatIf: b.whatIf.enumerated().map { i, option in
                WhatIf(
                    machines: String(option.machines), predicted: Format.duration(option.predictedWallMs),
                    current: option.machines == b.machines, separator: i == 0 ? "" : ", ")
            },
            stopsPaying: b.stopsPayingAt.map { stop in
                b.stillGainingAtTheTop ? "still gaining at \(stop.machines)" : "stops paying at \(stop.machines)"
            },
            splits: b.splitCandidates.isEmpty
                ? nil
                : b.splitCandidates.prefix(5).map { "\(clip($0.spec)) (\(Format.duration($0.executionMs)))" }.joined(separator: ", ")
                    + (b.splitCandidates.count > 5 ? ", … \(b.splitCandidates.count - 5) more" : ""),
            late: b.lateMachines.isEmpty
                ? nil
                : b.lateMachines.prefix(5).map { "\(clip($0.machineId)) (+\(Format.duration($0.startDelayMs)))" }.joined(separator: ", ")
                    + (b.lateMachines.count > 5 ? ", … \(b.lateMachines.count - 5) more" : ""))
    }
}
