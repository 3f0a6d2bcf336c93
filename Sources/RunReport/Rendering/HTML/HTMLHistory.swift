/// The history section of `index.html` (`docs/metrics.md` §7): the runs, the tests whose state changed in
/// this run, the flakiest and most failing tests with an outcome strip each (one cell per run,
/// newest last), and the specs with a sparkline of their execution times (server-rendered SVG made
/// of numbers only). Lists are cut so that a long history stays a readable page.
struct HTMLHistory {
    static let listLimit = 20
    static let changeLimit = 200
    static let specLimit = 30

    var historyRunCount: String
    var historyRuns: [Run]
    var changes: [Row]
    var hasChanges: Bool
    var changesMore: String?
    var changeSummary: String
    var flakiest: [Row]
    var hasFlakiest: Bool
    var mostFailing: [Row]
    var hasMostFailing: Bool
    var historySpecs: [Spec]
    var historySpecsMore: String?
    var slowerCount: String

    struct Run {
        var index, runId, createdAt, status: String
        var subject: Bool
    }

    /// A test with its figures and its outcome strip (`html/strip`: `cells`, `stripLabel`).
    struct Row {
        var title, spec, executed, passes, failures, flaky, flakyRate, failureRate, transition, transitionLabel: String
        var cells: [HTMLTriage.Strip.Cell]
        var stripLabel: String
    }

    struct Spec {
        var spec, runs, median, latest, trend: String
        var slower: Bool
        /// Markup built here from numbers only (no text from the data): written with `{{{ }}}`.
        var sparkline: String
    }

    init(_ h: HistorySummary) {
        let n = h.runs.count
        historyRunCount = String(n)
        historyRuns = h.runs.enumerated().map { i, run in
            Run(
                index: String(i + 1), runId: HTMLText.clean(run.runId), createdAt: Format.utc(run.createdAt),
                status: HTMLText.clean(run.status.description), subject: i == n - 1)
        }

        func row(_ t: HistorySummary.Test) -> Row {
            Row(
                title: HTMLText.clean(t.title.joined(separator: " › ")), spec: HTMLText.clean(t.spec), executed: String(t.executed),
                passes: String(t.passes), failures: String(t.failures), flaky: String(t.flaky), flakyRate: Format.percent(t.flakyRate),
                failureRate: Format.percent(t.failureRate), transition: t.transition?.rawValue ?? "",
                transitionLabel: t.transition.map(Self.label) ?? "",
                cells: t.outcomes.map { HTMLTriage.Strip.Cell(o: $0?.rawValue ?? "absent") },
                stripLabel: "Outcomes, oldest first: "
                    + t.outcomes.enumerated().map { i, o in "run \(i + 1): \(o?.rawValue ?? "absent")" }.joined(separator: ", "))
        }

        // Changes: the subject's transitions, the worst news first.
        let rank: [HistorySummary.Transition: Int] = [.newFailure: 0, .newFlake: 1, .stillFailing: 2, .stillFlaky: 3, .fixed: 4]
        // Indices are sorted, not the tests: moving 20,000 tests (strings and arrays each) costs
        // a retain and a release per field and move.
        let tests = h.tests
        let changed = tests.indices.filter { tests[$0].transition != nil }.sorted { a, b in
            let x = rank[tests[a].transition ?? .fixed] ?? 9, y = rank[tests[b].transition ?? .fixed] ?? 9
            return x != y ? x < y : a < b
        }.map { tests[$0] }
        changes = changed.prefix(Self.changeLimit).map(row)
        hasChanges = !changed.isEmpty
        changesMore = changed.count > Self.changeLimit ? "… and \(changed.count - Self.changeLimit) more in summary.json" : nil
        let counts = h.transitionCounts.map { Self.countLabel($0.count, $0.transition) }
        changeSummary = counts.isEmpty ? "No test changed state." : counts.joined(separator: " · ")

        // §7: by rate, then count, then key (the tests are already in key order).
        /// The tests with any of `count`, by `rate` then `count` (highest first), then key order.
        func ranked(rate: (HistorySummary.Test) -> Double?, count: (HistorySummary.Test) -> Int) -> [HistorySummary.Test] {
            // Read once per test, not once per comparison (each read copied the test).
            let rates = tests.map { rate($0) ?? 0 }, counts = tests.map(count)
            return tests.indices.filter { counts[$0] > 0 }.sorted { a, b in
                if rates[a] != rates[b] { return rates[a] > rates[b] }
                if counts[a] != counts[b] { return counts[a] > counts[b] }
                return a < b
            }.map { tests[$0] }
        }
        let flakiestTests = ranked(rate: \.flakyRate, count: \.flaky)
        flakiest = flakiestTests.prefix(Self.listLimit).map(row)
        hasFlakiest = !flakiestTests.isEmpty
        let failing = ranked(rate: \.failureRate, count: \.failures)
        mostFailing = failing.prefix(Self.listLimit).map(row)
        hasMostFailing = !failing.isEmpty

        // Specs: the markedly slower first, then by median execution, longest first.
        let specs = h.specs.enumerated().sorted { a, b in
            let sa = a.element.markedlySlower, sb = b.element.markedlySlower
            if sa != sb { return sa }
            let x = a.element.medianExecutionMs ?? -1, y = b.element.medianExecutionMs ?? -1
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
        historySpecs = specs.prefix(Self.specLimit).map { spec in
            Spec(
                spec: HTMLText.clean(spec.spec), runs: String(spec.runs), median: Format.duration(spec.medianExecutionMs),
                latest: Format.duration(spec.latestExecutionMs),
                trend: spec.trend.map { "×" + String(format: "%.2f", $0) } ?? "—", slower: spec.markedlySlower,
                sparkline: Self.sparkline(spec.executions))
        }
        historySpecsMore = specs.count > Self.specLimit ? "… and \(specs.count - Self.specLimit) more specs in summary.json" : nil
        slowerCount = String(specs.filter(\.markedlySlower).count)
    }

    /// `2 new failures`, `1 fixed`.
    static func countLabel(_ k: Int, _ t: HistorySummary.Transition) -> String {
        let plural = k == 1 ? "" : (t == .newFailure || t == .newFlake ? "s" : "")
        return "\(k) \(label(t))\(plural)"
    }

    static func label(_ t: HistorySummary.Transition) -> String {
        switch t {
        case .newFailure: "new failure"
        case .newFlake: "new flake"
        case .stillFailing: "still failing"
        case .stillFlaky: "still flaky"
        case .fixed: "fixed"
        }
    }

    /// A 120×24 polyline of the execution times, oldest first; gaps where a run lacks the spec; the
    /// last point (this run) marked. Its accessible name lists the values.
    static func sparkline(_ values: [Int64?]) -> String {
        let width = 120.0, height = 24.0, pad = 3.0
        let known = values.compactMap { $0 }
        guard let top = known.max(), !values.isEmpty else { return "" }
        let scale = top > 0 ? (height - 2 * pad) / Double(top) : 0
        let step = values.count > 1 ? (width - 2 * pad) / Double(values.count - 1) : 0
        func point(_ i: Int, _ v: Int64) -> String {
            let x = pad + Double(i) * step, y = height - pad - Double(v) * scale
            return String(format: "%.1f,%.1f", x, y)
        }
        var segments: [[String]] = [[]]
        for (i, v) in values.enumerated() {
            if let v { segments[segments.count - 1].append(point(i, v)) } else if !(segments.last ?? []).isEmpty { segments.append([]) }
        }
        let label = "Execution time per run, oldest first: " + values.map { Format.duration($0) }.joined(separator: ", ")
        var svg = "<svg class=\"spark\" viewBox=\"0 0 120 24\" width=\"120\" height=\"24\" role=\"img\" aria-label=\"\(label)\">"
        for segment in segments where !segment.isEmpty {
            if segment.count == 1 {
                let xy = segment[0].split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"1.5\"/>"
            } else {
                svg += "<polyline points=\"\(segment.joined(separator: " "))\"/>"
            }
        }
        if let last = values.last ?? nil {
            let xy = point(values.count - 1, last).split(separator: ",")
            svg += "<circle class=\"now\" cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\"/>"
        }
        return svg + "</svg>"
    }
}
