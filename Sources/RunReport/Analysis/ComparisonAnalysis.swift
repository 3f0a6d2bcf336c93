/// Compares the subject with a baseline run (`docs/metrics.md` §13). Both runs are taken as history
/// takes them (§7, §11: a test's worst outcome over its listings, a spec's largest execution time
/// over its groups), so that a baseline and a history run agree on what a run says.
package enum ComparisonAnalysis {
    /// Why a baseline cannot be used.
    package struct ComparisonError: Error, CustomStringConvertible {
        package var description: String
    }

    /// What the comparison keeps of the baseline: its identity and the digest history takes of a
    /// run; the full analysis is dropped after this. `name` names it in errors.
    package struct Prepared: Sendable {
        package var digest: HistoryAnalysis.Digest
        package var baseline: Comparison.Baseline
        package var name: String
    }

    package static func prepare(_ baseline: Summary, name: String) -> Prepared {
        let digest = HistoryAnalysis.digest(baseline, createdAt: baseline.run.createdAt ?? Timestamp(millisecondsSinceEpoch: 0))
        return Prepared(digest: digest, baseline: identity(of: baseline), name: name)
    }

    /// The comparison of `subject` with a prepared baseline. The two must be different runs.
    package static func compare(_ subject: Summary, with base: Prepared) throws(ComparisonError) -> Comparison {
        guard subject.run.runId != base.baseline.runId else {
            throw ComparisonError(
                description:
                    "\(base.name): the baseline is run \(JSONKind.name(base.baseline.runId)), the run being reported itself; give another run (an earlier run of the base branch) to compare with."
            )
        }
        let now = HistoryAnalysis.digest(subject, createdAt: subject.run.createdAt ?? Timestamp(millisecondsSinceEpoch: 0))
        return compare(now, base.digest, baseline: base.baseline)
    }

    static func identity(of s: Summary) -> Comparison.Baseline {
        Comparison.Baseline(
            runId: s.run.runId, createdAt: s.run.createdAt, branch: s.run.commit.branch, sha: s.run.commit.sha,
            status: s.run.status, dashboardURL: s.run.dashboardURL)
    }

    static func compare(_ now: HistoryAnalysis.Digest, _ base: HistoryAnalysis.Digest, baseline: Comparison.Baseline) -> Comparison {
        var tests: [Comparison.Test] = []
        var keys = Set(now.tests.keys)
        keys.formUnion(base.tests.keys)
        for key in keys {
            let a = now.tests[key], b = base.tests[key]
            guard let change = change(now: a, baseline: b) else { continue }
            tests.append(Comparison.Test(spec: key.spec, title: key.title, now: a, baseline: b, change: change))
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
