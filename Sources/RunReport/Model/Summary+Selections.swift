/// Selections of a summary that several reports show alike.
extension Summary {
    /// Specs with an execution time, longest first; the stable spec order breaks ties.
    package var specsBySlowestExecution: [SpecSummary] {
        specs.enumerated().filter { $0.element.executionMs != nil }.sorted { a, b in
            let x = a.element.executionMs ?? 0, y = b.element.executionMs ?? 0
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    /// Specs that did not pass and whose failure no failed test of theirs explains: an exception,
    /// a timeout, a cancellation, a spec still running or never claimed. In spec order.
    package var specsNotPassingWithoutFailedTest: [SpecSummary] {
        var withFailedTests: Set<String> = []
        for test in tests where test.state == .failed { withFailedTests.insert("\(test.groupId ?? "")\u{0}\(test.spec)") }
        return specs.filter { spec in
            switch spec.state {
            case .passed, .completed: false
            case .failed: !withFailedTests.contains("\(spec.groupId ?? "")\u{0}\(spec.spec)")
            case .pending, .running, .timedOut, .cancelled: true
            }
        }
    }
}

extension Summary {
    /// For each spec, in `specs` order: it failed, or holds a failed or flaky test. The specs whose
    /// own artifacts a person triaging wants: `--artifacts failed` saves them, the HTML lists them.
    package var specsWithFailure: [Bool] {
        var failing: Set<String> = []
        for test in tests where test.state == .failed || test.flaky { failing.insert(test.instanceId ?? test.spec) }
        return specs.map { $0.state == .failed || failing.contains($0.instanceId ?? $0.spec) }
    }
}

extension HistorySummary {
    /// The subject's transitions with how many tests have each, the worst news first; none left out
    /// but those no test has.
    package var transitionCounts: [(transition: Transition, count: Int)] {
        [Transition.newFailure, .newFlake, .stillFailing, .stillFlaky, .fixed].compactMap { t in
            let k = tests.filter { $0.transition == t }.count
            return k > 0 ? (t, k) : nil
        }
    }
}
