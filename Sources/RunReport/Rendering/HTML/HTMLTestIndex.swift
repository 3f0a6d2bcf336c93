/// Where each test of a summary sits in the HTML report: its row in the specs table (which gives
/// the spec's group, machine and state), its entry in the history, and the order the test list
/// shows the tests in — failed first, then flaky, then the rest, each in summary order (with a
/// baseline, the new ones first within failed and within flaky).
struct HTMLTestIndex {
    var failed: [Int] = []
    var flaky: [Int] = []
    var rest: [Int] = []
    /// Per test: the index of its spec's row in `summary.specs`, or -1 when no row matches.
    var specRow: [Int]
    /// Per test: its index in `summary.history.tests`, or -1.
    var history: [Int]

    /// The failed tests, then the flaky ones: the tests the report is opened for.
    var failing: [Int] { failed + flaky }

    init(_ s: Summary) {
        var byInstance: [String: Int] = [:]
        var bySpec: [String: Int] = [:]
        for (i, spec) in s.specs.enumerated() {
            if let id = spec.instanceId, byInstance[id] == nil { byInstance[id] = i }
            let key = Self.key(spec.groupId, spec.spec)
            if bySpec[key] == nil { bySpec[key] = i }
        }
        var historyIndex: [String: Int] = [:]
        if let h = s.history {
            for (i, t) in h.tests.enumerated() { historyIndex[Self.key(t.spec, t.title.joined(separator: "\u{1}"))] = i }
        }
        specRow = []
        specRow.reserveCapacity(s.tests.count)
        history = []
        history.reserveCapacity(historyIndex.isEmpty ? 0 : s.tests.count)
        for (i, t) in s.tests.enumerated() {
            let row = t.instanceId.flatMap { byInstance[$0] } ?? bySpec[Self.key(t.groupId, t.spec)] ?? -1
            specRow.append(row)
            if !historyIndex.isEmpty {
                history.append(historyIndex[Self.key(t.spec, t.title.joined(separator: "\u{1}"))] ?? -1)
            }
            if t.flaky {
                flaky.append(i)
            } else if t.state == .failed {
                failed.append(i)
            } else {
                rest.append(i)
            }
        }
        newFirst(s)
    }

    /// With a baseline, what this change brought comes first: the new failures before the failures
    /// the baseline has too, the new flakes before the known ones (each in summary order).
    private mutating func newFirst(_ s: Summary) {
        guard let c = s.comparison else { return }
        func isNew(_ i: Int) -> Bool { c.change(spec: s.tests[i].spec, title: s.tests[i].title)?.isNew == true }
        failed = failed.filter(isNew) + failed.filter { !isNew($0) }
        flaky = flaky.filter(isNew) + flaky.filter { !isNew($0) }
    }

    /// The test's history entry, if the summary has a history that knows it.
    func historyEntry(_ test: Int, in s: Summary) -> HistorySummary.Test? {
        guard let h = s.history, test < history.count, history[test] >= 0 else { return nil }
        return h.tests[history[test]]
    }

    private static func key(_ a: String?, _ b: String) -> String { "\(a ?? "")\u{0}\(b)" }
}

/// The list state of a test in the HTML report: the chips filter by it.
enum HTMLTestState: String, CaseIterable {
    case failed, flaky, passed, pending, skipped, other

    init(_ t: TestSummary) {
        if t.flaky {
            self = .flaky
            return
        }
        switch t.state {
        case .failed?: self = .failed
        case .passed?: self = .passed
        case .pending?: self = .pending
        case .skipped?: self = .skipped
        default: self = .other
        }
    }
}
