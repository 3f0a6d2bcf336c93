/// Compares the subject with a baseline run (`docs/metrics.md` §13). Both runs are taken as history
/// takes them (§7, §11: a test's worst outcome over its listings, a spec's largest execution time
/// over its groups), so that a baseline and a history run agree on what a run says.
package enum ComparisonAnalysis {
    /// Why a baseline cannot be used.
    package struct ComparisonError: Error, CustomStringConvertible {
        package var description: String
    }

    /// What the comparison keeps of the baseline: its identity, its spec times and its test
    /// listings (spec, title path, outcome); the full analysis is dropped after this. `name` names
    /// it in errors. The listings are not keyed yet: only those of a spec where either run has a
    /// failed or flaky test ever are (see ``compare(_:with:)``).
    package struct Prepared: Sendable {
        package var baseline: Comparison.Baseline
        package var name: String
        /// Spec path → (largest executionMs, largest claimToCompleteMs) over its listings (§11).
        package var specs: [String: (execution: Int64?, claimToComplete: Int64?)]
        package var tests: [Listing]
    }

    /// One test as a run lists it, with its outcome as history takes it (§11).
    package struct Listing: Sendable {
        package var spec: String
        package var title: [String]
        package var outcome: HistorySummary.Outcome
    }

    package static func prepare(_ baseline: Summary, name: String) -> Prepared {
        Prepared(baseline: identity(of: baseline), name: name, specs: HistoryAnalysis.specTimes(baseline), tests: listings(baseline))
    }

    static func listings(_ s: Summary) -> [Listing] {
        s.tests.compactMap { test in
            HistoryAnalysis.outcome(of: test).map { Listing(spec: test.spec, title: test.title, outcome: $0) }
        }
    }

    /// The comparison of `subject` with a prepared baseline. The two must be different runs.
    package static func compare(_ subject: Summary, with base: Prepared) throws(ComparisonError) -> Comparison {
        guard subject.run.runId != base.baseline.runId else {
            throw ComparisonError(
                description:
                    "\(base.name): the baseline is run \(JSONKind.name(base.baseline.runId)), the run being reported itself; give another run (an earlier run of the base branch) to compare with."
            )
        }
        let now = listings(subject)
        // §13 reads a key only when it failed or was flaky in either run. Every listing of such a
        // key is in a spec that has a failed or flaky listing, so only those specs' listings are
        // keyed, each key with its worst outcome over them: the same outcomes as keying all, for
        // every key read. Keying the 400,000 listings of two 200,000-test runs (a hash and an
        // allocation each) cost 0.5 s.
        var badSpecs = Set<String>()
        for l in now where l.outcome == .failed || l.outcome == .flaky { badSpecs.insert(l.spec) }
        for l in base.tests where l.outcome == .failed || l.outcome == .flaky { badSpecs.insert(l.spec) }
        func worst(_ listings: [Listing]) -> [HistoryAnalysis.TestKey: HistorySummary.Outcome] {
            var tests: [HistoryAnalysis.TestKey: HistorySummary.Outcome] = [:]
            for l in listings where badSpecs.contains(l.spec) {
                let key = HistoryAnalysis.TestKey(spec: l.spec, title: l.title)
                if let previous = tests[key], previous >= l.outcome { continue }
                tests[key] = l.outcome
            }
            return tests
        }
        let created = Timestamp(millisecondsSinceEpoch: 0)
        return compare(
            HistoryAnalysis.Digest(
                runId: subject.run.runId, createdAt: created, status: subject.run.status, specs: HistoryAnalysis.specTimes(subject),
                tests: worst(now)),
            HistoryAnalysis.Digest(
                runId: base.baseline.runId, createdAt: created, status: base.baseline.status, specs: base.specs,
                tests: worst(base.tests)),
            baseline: base.baseline)
    }

    static func identity(of s: Summary) -> Comparison.Baseline {
        Comparison.Baseline(
            runId: s.run.runId, createdAt: s.run.createdAt, branch: s.run.commit.branch, sha: s.run.commit.sha,
            status: s.run.status, dashboardURL: s.run.dashboardURL)
    }

    static func compare(_ now: HistoryAnalysis.Digest, _ base: HistoryAnalysis.Digest, baseline: Comparison.Baseline) -> Comparison {
        var tests: [Comparison.Test] = []
        // Every key that failed or was flaky in either run, once: the subject's, then the baseline's
        // that the subject did not list as failed or flaky.
        func add(_ key: HistoryAnalysis.TestKey) {
            let a = now.tests[key], b = base.tests[key]
            guard let change = change(now: a, baseline: b) else { return }
            tests.append(Comparison.Test(spec: key.spec, title: key.title, now: a, baseline: b, change: change))
        }
        for (key, outcome) in now.tests where outcome == .failed || outcome == .flaky { add(key) }
        for (key, outcome) in base.tests where outcome == .failed || outcome == .flaky {
            if let a = now.tests[key], a == .failed || a == .flaky { continue }
            add(key)
        }
        tests.sort { x, y in
            if x.change != y.change { return x.change < y.change }
            if x.spec != y.spec { return x.spec.codePointPrecedes(y.spec) }
            return x.title.lexicographicallyPrecedes(y.title) { $0.codePointPrecedes($1) }
        }
        var specs: [Comparison.Spec] = []
        for (path, times) in now.specs {
            guard let ms = times.execution, let baseMs = base.specs[path]?.execution else { continue }
            let ratio = baseMs != 0 ? Double(ms) / Double(baseMs) : nil
            let slower = baseMs != 0 && (ratio ?? 0) >= 1.25 && ms - baseMs >= 1000
            specs.append(Comparison.Spec(spec: path, executionMs: ms, baselineExecutionMs: baseMs, ratio: ratio, markedlySlower: slower))
        }
        specs.sort { $0.spec.codePointPrecedes($1.spec) }
        return Comparison(baseline: baseline, tests: tests, specs: specs)
    }

    /// §13: the change of one key, or nil when it neither failed nor was flaky in either run.
    static func change(now: HistorySummary.Outcome?, baseline: HistorySummary.Outcome?) -> Comparison.Change? {
        let wasBad = baseline == .failed || baseline == .flaky
        switch now {
        case .failed?: return baseline == .failed ? .existingFailure : .newFailure
        case .flaky?: return wasBad ? .existingFlake : .newFlake
        case .passed?:
            switch baseline {
            case .failed?: return .resolvedFailure
            case .flaky?: return .resolvedFlake
            default: return nil
            }
        case .pending?, .skipped?, nil: return wasBad ? .notRun : nil
        }
    }
}
