/// Every figure of one run, as `summary.json` lays it out (`docs/summary-json.md`) and as every other
/// report reads it: the single result of analysis. Optional means "the data does not allow it".
package struct Summary: Sendable {
    package var generatorVersion: String
    package var run: RunInfo
    package var totals: Totals
    package var groups: [GroupSummary]
    package var specs: [SpecSummary]
    package var tests: [TestSummary]
    /// The failures grouped by what went wrong (`docs/metrics.md` §12), largest first.
    package var errors: [ErrorGroup]
    package var warnings: [ReportWarning]
    /// Set when several runs were reported; this summary is then the newest run's.
    package var history: HistorySummary? = nil
    /// The comparison with a baseline run (`--baseline`), when one was given (§13).
    package var comparison: Comparison? = nil
    /// The API's aggregates over the last days (`--api-context`), when asked and available.
    package var apiContext: APIContext? = nil
    /// `--artifacts-max-mb` was reached: how many artifacts asked for were not saved.
    package var artifactsNotSaved = 0
}
