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

        init(_ s: Summary) {
            failedTests = s.tests.filter { $0.state == .failed }
            flakyTests = s.tests.filter(\.flaky)
            specsNotPassing = s.specsNotPassingWithoutFailedTest
            slowestSpecs = s.specsBySlowestExecution
            newFailures = s.history?.tests.filter { $0.transition == .newFailure } ?? []
            newFlakes = s.history?.tests.filter { $0.transition == .newFlake } ?? []
            slowerSpecs = s.history?.specs.filter(\.markedlySlower).sorted { ($0.trend ?? 0) > ($1.trend ?? 0) } ?? []
        }
    }

    let context: [String: Any]

    init(_ s: Summary, selection: Selection, limits: Limits) {
        func clip(_ text: String) -> String { Format.oneLine(text, limit: limits.textLength) }
        /// The first `limit` of `all` made into items (only those: a big run has thousands), with the count.
        func list<T>(_ all: [T], limit: Int, noun: String, _ item: (T) -> [String: Any]) -> [String: Any] {
            var result: [String: Any] = ["items": all.prefix(limit).map(item), "count": String(all.count), "any": !all.isEmpty]
            if all.count > limit { result["more"] = "… and \(all.count - limit) more \(noun) in the HTML report" }
            return result
        }
        let run = s.run
        var c: [String: Any] = [:]
        c["runId"] = run.runId
        c["status"] = run.status.description
        c["completionState"] = run.completionState.description
        c["statusIcon"] =
            switch run.status.verdict {
            case .passed: "✅"
            case .failed: "❌"
            case .running, .unknown: "⏳"
            }
        if run.statusDerived || run.completionStateDerived { c["derived"] = true }
        c["branch"] = run.commit.branch.map(clip)
        c["commit"] = run.commit.sha.map { String($0.prefix(12)) }
        c["commitMessage"] = run.commit.message.map(clip)
        c["ciBuildId"] = run.ciBuildId.map(clip)
        c["cypressVersion"] = run.cypressVersion
        c["createdAt"] = run.createdAt.map { Format.utc($0) }
        c["dashboardURL"] = run.dashboardURL
        c["generator"] = "runreport " + s.generatorVersion
        if run.isTimeout == true { c["timeout"] = run.timeoutValueMs.map { "after \(Format.duration(Int64($0)))" } ?? "" }
        if let cancel = run.cancellation {
            c["cancellation"] = [
                "by": cancel.actor.map(clip) ?? "unknown", "at": Format.utc(cancel.canceledAt), "reason": cancel.reason.map(clip) ?? "",
            ]
        }

        let t = s.totals.tests, r = s.totals.rates
        c["totals"] = [
            "tests": Format.count(t.overall), "passes": Format.count(t.passes), "failures": Format.count(t.failures),
            "flaky": Format.count(t.flaky), "skipped": Format.count(t.skipped), "pending": Format.count(t.pending),
            "passRate": Format.percent(r.passRate), "flakyRate": Format.percent(r.flakyRate), "specs": String(s.specs.count),
            "passRateCounts": s.totals.passRateCounts, "flakyRateCounts": s.totals.flakyRateCounts,
            "wall": Format.duration(s.totals.wallMs),
        ]
        c["groups"] = list(s.groups, limit: limits.groups, noun: "groups") { g in
            return [
                "groupId": clip(g.groupId), "browser": g.platform.browser.map(clip) ?? "—", "os": g.platform.os.map(clip) ?? "—",
                "passes": Format.count(g.tests.passes), "failures": Format.count(g.tests.failures),
                "flaky": Format.count(g.tests.flaky), "skipped": Format.count(g.tests.skipped), "pending": Format.count(g.tests.pending),
                "passRate": Format.percent(g.rates.passRate), "flakyRate": Format.percent(g.rates.flakyRate),
                "specs": "\(Format.count(g.instances.complete))/\(Format.count(g.instances.overall))", "wall": Format.duration(g.wallMs),
            ]
        }
        c["multipleGroups"] = s.groups.count > 1

        func testItem(_ test: TestSummary) -> [String: Any] {
            var item: [String: Any] = [
                "spec": clip(test.specLine), "title": clip(test.title.joined(separator: " › ")), "attempts": String(test.attempts),
            ]
            if s.groups.count > 1, let g = test.groupId { item["group"] = clip(g) }
            // The first line: the rest is a stack trace, which the HTML report shows.
            if let error = test.error, let line = error.split(whereSeparator: \.isNewline).first { item["error"] = clip(String(line)) }
            return item
        }
        c["errorGroups"] = list(s.errors, limit: limits.errorGroups, noun: "error groups") { e in
            ["tests": Format.count(e.tests + e.exceptions), "counts": e.countsText, "example": clip(e.example)]
        }
        c["failedTests"] = list(selection.failedTests, limit: limits.failedTests, noun: "failed tests", testItem)
        c["flakyTests"] = list(selection.flakyTests, limit: limits.flakyTests, noun: "flaky tests", testItem)

        c["failedSpecs"] = list(selection.specsNotPassing, limit: limits.failedSpecs, noun: "specs") { spec in
            var item: [String: Any] = ["spec": clip(spec.spec), "state": spec.state.rawValue]
            if let e = spec.exception { item["reason"] = clip(e) }
            if s.groups.count > 1, let g = spec.groupId { item["group"] = clip(g) }
            return item
        }

        let slowest = selection.slowestSpecs.prefix(limits.slowestSpecs).map { spec -> [String: Any] in
            [
                "spec": clip(spec.spec), "machine": spec.machineId.map(clip) ?? "—", "execution": Format.duration(spec.executionMs),
                "claimToComplete": Format.duration(spec.claimToCompleteMs),
            ]
        }
        c["slowestSpecs"] = ["items": slowest]
        c["hasSlowestSpecs"] = !slowest.isEmpty && limits.slowestSpecs > 0

        if let h = s.history {
            var history: [String: Any] = ["runs": String(h.runs.count)]
            func item(_ t: HistorySummary.Test) -> [String: Any] {
                ["spec": clip(t.spec), "title": clip(t.title.joined(separator: " › ")), "outcomes": t.outcomes.map(Self.symbol).joined()]
            }
            history["newFailures"] = list(selection.newFailures, limit: limits.failedTests, noun: "new failures", item)
            history["newFlakes"] = list(selection.newFlakes, limit: limits.flakyTests, noun: "new flakes", item)
            let counts = h.transitionCounts.map { HTMLHistory.countLabel($0.count, $0.transition) }
            history["changes"] = counts.isEmpty ? "no test changed state" : counts.joined(separator: " · ")
            history["slower"] = list(selection.slowerSpecs, limit: limits.slowestSpecs, noun: "slower specs") { spec in
                [
                    "spec": clip(spec.spec), "latest": Format.duration(spec.latestExecutionMs),
                    "trend": spec.trend.map { String(format: "%.2f", $0) } ?? "—",
                ]
            }
            c["history"] = history
        }
        c["balance"] = list(s.groups.filter { $0.balance != nil }, limit: limits.groups, noun: "groups") { g in
            Self.balanceItem(g, clip: clip)
        }

        c["warnings"] = list(s.warnings, limit: limits.warnings, noun: "warnings") {
            ["code": $0.code.rawValue, "message": clip($0.message)]
        }
        context = c
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
    static func balanceItem(_ g: GroupSummary, clip: (String) -> String) -> [String: Any] {
        guard let b = g.balance else { return [:] }
        var item: [String: Any] = [
            "groupId": clip(g.groupId), "machines": "\(b.machines) machine\(b.machines == 1 ? "" : "s")",
            "wall": Format.duration(b.actualWallMs),
            "lowerBound": Format.duration(b.lowerBoundMs), "gap": Format.duration(b.gapMs),
            "whatIf": b.whatIf.enumerated().map { i, option -> [String: Any] in
                [
                    "machines": String(option.machines), "predicted": Format.duration(option.predictedWallMs),
                    "current": option.machines == b.machines, "separator": i == 0 ? "" : ", ",
                ]
            },
        ]
        if let stop = b.stopsPayingAt {
            item["stopsPaying"] = b.stillGainingAtTheTop ? "still gaining at \(stop.machines)" : "stops paying at \(stop.machines)"
        }
        if !b.splitCandidates.isEmpty {
            item["splits"] =
                b.splitCandidates.prefix(5).map { "\(clip($0.spec)) (\(Format.duration($0.executionMs)))" }.joined(separator: ", ")
                + (b.splitCandidates.count > 5 ? ", … \(b.splitCandidates.count - 5) more" : "")
        }
        if !b.lateMachines.isEmpty {
            item["late"] =
                b.lateMachines.prefix(5).map { "\(clip($0.machineId)) (+\(Format.duration($0.startDelayMs)))" }.joined(separator: ", ")
                + (b.lateMachines.count > 5 ? ", … \(b.lateMachines.count - 5) more" : "")
        }
        return item
    }
}
