extension Totals {
    /// `4 / 7`: the pass rate's counts (`docs/metrics.md` §2: passed over passed + failed), as the
    /// reports show them beside the percentage.
    var passRateCounts: String {
        Self.ratio(tests.passes, tests.passes.flatMap { p in tests.failures.map { p + $0 } })
    }

    /// `1 / 4`: the flaky rate's counts (flaky over passed).
    var flakyRateCounts: String { Self.ratio(tests.flaky, tests.passes) }

    /// The tooltips of the rates: the formula, the counts, and the section that defines it.
    var passRateTitle: String {
        "pass rate = passed / (passed + failed) = \(passRateCounts); defined in docs/metrics.md#pass-rate"
    }

    var flakyRateTitle: String { "flaky rate = flaky / passed = \(flakyRateCounts); defined in docs/metrics.md#flaky-rate" }

    private static func ratio(_ k: Int?, _ n: Int?) -> String { "\(Format.count(k)) / \(Format.count(n))" }
}
