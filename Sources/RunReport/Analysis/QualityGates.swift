/// CI quality gates: conditions under which `report` exits with status 3 after writing its reports.
package struct QualityGates: Sendable, Equatable {
    /// `--fail-on` words.
    package enum Condition: String, Sendable, CaseIterable {
        case failed, flaky, incomplete
        /// Failures (flakes) that the baseline did not have (`docs/metrics.md` §13); without a
        /// baseline every failure (flake) counts as new.
        case newFailures = "new-failures"
        case newFlakes = "new-flakes"
    }

    package var failOn: Set<Condition> = []
    package var maxFlakyRate: Double?
    package var maxFailureRate: Double?

    package init(failOn: Set<Condition> = [], maxFlakyRate: Double? = nil, maxFailureRate: Double? = nil) {
        self.failOn = failOn
        self.maxFlakyRate = maxFlakyRate
        self.maxFailureRate = maxFailureRate
    }

    /// One sentence per gate that failed; empty when all passed.
    package func failures(of s: Summary) -> [String] {
        var out: [String] = []
        if failOn.contains(.failed) {
            let failedTests = s.totals.tests.failures ?? s.tests.filter { $0.state == .failed }.count
            let failedSpecs = s.specs.filter { $0.state == .failed }.count
            if s.run.status.hasFailure || failedTests > 0 || failedSpecs > 0 {
                out.append("failed: the run is \(s.run.status) with \(failedTests) failed test(s) and \(failedSpecs) failed spec(s)")
            }
        }
        if failOn.contains(.flaky) {
            let flaky = max(s.totals.tests.flaky ?? 0, s.tests.filter(\.flaky).count)
            if flaky > 0 { out.append("flaky: \(flaky) flaky test(s)") }
        }
        for (condition, change, word) in [
            (Condition.newFailures, Comparison.Change.newFailure, "failed"), (.newFlakes, .newFlake, "flaky"),
        ]
        where failOn.contains(condition) {
            if let c = s.comparison {
                let n = c.count(change)
                let base = c.baseline.branch.map { "on \($0) (run \(c.baseline.runId))" } ?? "in run \(c.baseline.runId)"
                if n > 0 {
                    out.append(
                        "\(condition.rawValue): \(n) test(s) \(word) that were not \(word == "failed" ? "failing" : "failed or flaky") \(base)"
                    )
                }
            } else {
                let n = change == .newFailure ? s.tests.filter { $0.state == .failed }.count : s.tests.filter(\.flaky).count
                if n > 0 {
                    out.append("\(condition.rawValue): \(n) \(word) test(s), all counted as new: there is no baseline to compare with")
                }
            }
        }
        if failOn.contains(.incomplete), s.run.completionState != .complete {
            out.append("incomplete: the run's completion state is \(s.run.completionState)")
        }
        if let limit = maxFlakyRate, let rate = s.totals.rates.flakyRate, rate > limit {
            out.append("max-flaky-rate: flaky rate \(Format.percent(rate)) is above \(Format.percent(limit))")
        }
        if let limit = maxFailureRate, let rate = s.totals.rates.failureRate, rate > limit {
            out.append("max-failure-rate: failure rate \(Format.percent(rate)) is above \(Format.percent(limit))")
        }
        return out
    }
}
