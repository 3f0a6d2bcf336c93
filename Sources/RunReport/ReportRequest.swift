/// What `report` is asked to do: which runs, where the reports go and how they render, and the
/// GitHub step summary to open. ``ReportJob/run(_:standardInput:)`` carries it out.
package struct ReportRequest: Sendable {
    /// Where the runs come from.
    package enum Input: Sendable {
        /// INPUT as given: bundle directories, run files, folders of them, or `-` for standard
        /// input (``RunSource/locateAll(input:instances:)``).
        case paths([String])
        /// A run fetched from the Currents API first, then read from the bundles it was fetched into.
        case remote(RemoteRunSource)
    }

    /// Where the baseline comes from (`--baseline`, `--baseline-run-id`, `--baseline-branch`).
    package enum Baseline: Sendable {
        /// A bundle directory or run file, as INPUT (standard input excluded).
        case path(String)
        case remote(RemoteBaseline)
    }

    package var input: Input
    /// The run to compare with (`docs/metrics.md` §13), if any.
    package var baseline: Baseline? = nil
    /// `--fail-on new-failures` or `new-flakes`: a baseline that a branch search does not find is
    /// then an error, and without any baseline the report warns that every failure counts as new.
    package var needsComparison = false
    /// `--api-context DAYS` (with a fetched run): the API's aggregates for the subject's tests and specs.
    package var apiContext: APIContextFetcher? = nil
    /// `--instances DIR`: the instance files of a run given as a file.
    package var instances: String?
    package var outputDirectory: String
    package var formats: [OutputFormat]
    /// `--templates DIR`: templates that replace the built-in ones of the same name.
    package var templateOverrides: String?
    package var junitProfile: JUnitProfile
    /// `$GITHUB_STEP_SUMMARY`, with `--github`.
    package var stepSummaryPath: String?
    /// `--history-db FILE`: record the runs there and take the history from it.
    package var historyDatabase: String? = nil
    /// `--history-limit N`: the earlier runs the history from the database holds at most.
    package var historyLimit = ReportRequest.defaultHistoryLimit

    /// `--artifacts`: which artifacts to save next to the reports, and how (nil: none).
    package var artifacts: ArtifactDownloader? = nil
    package var artifactSelection = ArtifactDownloader.Selection.none
    /// `--no-artifact-links`: leave the signed artifact URLs out of every output.
    package var artifactLinks = true

    package static let defaultHistoryLimit = 30

    package init(
        input: Input, instances: String?, outputDirectory: String, formats: [OutputFormat], templateOverrides: String?,
        junitProfile: JUnitProfile, stepSummaryPath: String?
    ) {
        self.input = input
        self.instances = instances
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.templateOverrides = templateOverrides
        self.junitProfile = junitProfile
        self.stepSummaryPath = stepSummaryPath
    }
}
