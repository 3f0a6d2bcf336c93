/// The figures a run and each of its groups both have (`docs/metrics.md` §1, §2, §5): the run's
/// `totals`, and the first part of every `GroupSummary`.
package struct Totals: Sendable {
    package var instances: InstanceCounts
    package var tests: TestCounts
    package var rates: Rates
    package var claimToComplete: DurationStats
    package var execution: DurationStats
    package var wallMs: Int64?
}
