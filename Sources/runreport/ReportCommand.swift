import ArgumentParser
import Foundation
import RunReport

/// `runreport report`: only declares options and wires them to `ReportJob`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Read a saved run (and its instances), compute its figures and write reports.",
        // One line per paragraph or example, ASCII only (see RunReportCommand).
        discussion: """
            INPUT is a run bundle directory (run.json + instances/<instanceId>.json), a run file (.json \
            or .json.gz, with or without the API's {status, data} envelope), or standard input (-). \
            Instead of INPUT, --run-id (or --project with --ci-build-id or --branch) fetches the run from \
            the Currents API first (see `runreport fetch`). `report` is the default subcommand: \
            `runreport INPUT` is `runreport report INPUT`.

            Examples:
              runreport report Samples/real-flaky-c7068a4d
              runreport run.json --instances instances/ --out reports/
              curl ... | runreport report - --out reports/
              runreport bundle/ --fail-on failed,flaky --max-flaky-rate 0.05
              runreport bundle/ --history-db runreport-history.db --history-limit 30
              CURRENTS_API_KEY=... runreport report --run-id c7068a4d0aa7e75a --keep-data

            Exit status: 0 ok; 1 error (nothing is written, unless the message says what was); 2 usage; \
            3 a quality gate failed (the reports are written first); 143, 130 stopped by SIGTERM, SIGINT \
            (temporary files removed).
            """
    )

    @Argument(
        help: """
            The run: a bundle directory, a run file, or - for standard input. Several runs (or a folder of \
            bundles and run files) report the newest with the others as its history.
            """,
        completion: .file())
    var inputs: [String] = []

    @Option(name: .long, help: "With --run-id/--project: also fetch the N runs before it (same project and branch) as its history.")
    var history: Int?

    @Option(
        name: .long,
        help: "Record the runs in this history database (SQLite, created if missing) and take the history from it (docs/history-db.md).",
        completion: .file())
    var historyDb: String?

    @Option(name: .long, help: "With --history-db: the history holds at most the N latest earlier runs of the same project and branch.")
    var historyLimit = ReportRequest.defaultHistoryLimit

    @OptionGroup(title: "Fetching from the Currents API instead of INPUT")
    var selection: RunSelection

    @Flag(name: .long, help: "Keep the fetched bundle in <out>/data (default: fetched into a temporary directory, removed afterwards).")
    var keepData = false

    @Option(name: .long, help: "Fetch into (and keep) this bundle directory; a rerun fetches only what is missing.", completion: .directory)
    var dataDir: String?

    @OptionGroup(title: "API options (with --run-id or --project)")
    var api: APIOptions

    @Option(
        name: .long,
        help: """
            Compare with this run (a bundle directory or a run file): which failures and flakes are new, \
            which were already failing there, which went away.
            """,
        completion: .file())
    var baseline: String?

    @Option(name: .long, help: "Fetch the baseline run with this id from the Currents API (needs the API key).")
    var baselineRunId: String?

    @Option(
        name: .long,
        help: "With --run-id/--project: the baseline is the latest completed run of this branch created before the run (e.g. main).")
    var baselineBranch: String?

    @Option(
        name: .long,
        help: """
            With --run-id/--project: add what the API's aggregates say of the last DAYS days (each failed or \
            flaky test's executions, failures and flakes on the branch and on all branches; each spec's \
            average duration); 0 turns it off.
            """)
    var apiContext = 14

    @Option(name: .long, help: "Write the reports into this directory.", completion: .directory)
    var out: String = "output"

    @Option(name: .long, help: "Read instance files (<instanceId>.json) from this directory.", completion: .directory)
    var instances: String?

    @Option(name: .long, help: "Comma-separated formats to write.")
    var format = CommaSeparated<OutputFormat>(OutputFormat.defaults)

    @Option(name: .long, help: "JUnit XML dialect: standard (Surefire retries, Jenkins junit-10), ant, per-attempt.")
    var junitProfile = JUnitProfile.standard

    @Option(
        name: .long,
        help: "Use the .mustache files in DIR instead of the built-in templates of the same name (see `runreport templates export`).",
        completion: .directory)
    var templates: String?

    @Flag(
        name: .long,
        help: "Append summary.md to $GITHUB_STEP_SUMMARY (when set) and print GitHub workflow commands for failed and flaky tests.")
    var github = false

    @Option(name: .long, help: "Exit with status 3 when the run has any of these conditions (comma-separated).")
    var failOn: CommaSeparated<QualityGates.Condition>?

    @Option(name: .long, help: "Exit with status 3 when the run's flaky rate (flaky / passes) is above R (a fraction, e.g. 0.05).")
    var maxFlakyRate: Double?

    @Option(name: .long, help: "Exit with status 3 when the run's failure rate is above R (a fraction).")
    var maxFailureRate: Double?

    @Option(
        name: .long,
        help: """
            Save screenshots, videos and attachments into <out>/artifacts/: of failed and flaky tests (failed; \
            the default for a run fetched from the API), of every test (all), or none (the default for saved input).
            """)
    var artifacts: ArtifactDownloader.Selection?

    @Option(name: .long, help: "Save at most this many MB of artifacts in all; the rest stay links.")
    var artifactsMaxMb = ArtifactDownloader.defaultMaxMegabytes

    @Flag(
        name: .long,
        help: "Leave the signed screenshot, video and attachment URLs out of every report (saved copies are still shown).")
    var noArtifactLinks = false

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    @Flag(name: .long, help: "Print phase timings to standard error (for benchmarks).")
    var timings = false

    func validate() throws {
        let baselines = [baseline, baselineRunId, baselineBranch].compactMap { $0 }
        guard baselines.count <= 1 else { throw ValidationError("Give one of --baseline, --baseline-run-id and --baseline-branch.") }
        if baseline == "-" {
            throw ValidationError("--baseline takes a bundle directory or a run file; standard input (-) is for the run itself.")
        }
        if baselineBranch != nil, !selection.isGiven {
            throw ValidationError("--baseline-branch goes with --run-id or --project: it looks for the branch's runs in that project.")
        }
        if selection.isGiven {
            guard inputs.isEmpty else { throw ValidationError("Give INPUT or --run-id/--project, not both.") }
            _ = try selection.locator(environment: ProcessInfo.processInfo.environment)
            try api.validateRanges()
            if let history, !(1...100).contains(history) { throw ValidationError("--history takes 1 to 100 runs, not \(history).") }
            if !(0...90).contains(apiContext) { throw ValidationError("--api-context takes 0 (off) to 90 days, not \(apiContext).") }
        } else {
            guard history == nil, baselineRunId != nil || (keepData == false && dataDir == nil) else {
                throw ValidationError("--keep-data, --data-dir and --history go with --run-id or --project (or --baseline-run-id).")
            }
            if baselineRunId != nil { try api.validateRanges() }
            guard !inputs.isEmpty else {
                throw ValidationError("Give the run to report on: a bundle directory, a run file, -, or --run-id ID.")
            }
            guard inputs.count == 1 || instances == nil else {
                throw ValidationError("--instances goes with a single run; give several runs as bundles (run.json + instances/).")
            }
            guard inputs.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("Standard input (-) can be given once.") }
        }
        guard (1...1_000_000).contains(artifactsMaxMb) else {
            throw ValidationError("--artifacts-max-mb takes 1 to 1000000, not \(artifactsMaxMb).")
        }
        guard !format.elements.isEmpty else { throw ValidationError("--format names no format.") }
        guard (0...1000).contains(historyLimit) else { throw ValidationError("--history-limit takes 0 to 1000 runs, not \(historyLimit).") }
        for (name, value) in [("--max-flaky-rate", maxFlakyRate), ("--max-failure-rate", maxFailureRate)] {
            if let value, !(0...1).contains(value) {
                throw ValidationError("\(name) takes a fraction from 0 to 1 (0.05 for 5 %), not \(value).")
            }
        }
    }

    /// The quality gates `--fail-on`, `--max-flaky-rate` and `--max-failure-rate` ask for.
    var gates: QualityGates {
        QualityGates(failOn: Set(failOn?.elements ?? []), maxFlakyRate: maxFlakyRate, maxFailureRate: maxFailureRate)
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let report = try await ReportJob.run(try request(environment: environment)) {
            InputLimits.standard.readCapped(FileHandle.standardInput)
        }
        let passed = try show(report, environment: environment)
        // Exit here rather than return: returning releases the analysed run (hundreds of MB of small
        // objects on a big run, ~0.15 s), which the operating system reclaims at once anyway.
        Foundation.exit(passed ? 0 : 3)
    }

    /// The request the options make: with `--run-id` or `--project`, the run is fetched first, by a
    /// client for the API options (or a usage error saying what is missing).
    private func request(environment: [String: String]) throws -> ReportRequest {
        var input = ReportRequest.Input.paths(inputs)
        var apiContextFetcher: APIContextFetcher?
        if selection.isGiven {
            let progress = ProgressMeter.onStandardError(quiet: quiet)
            let client = try api.client(environment: environment) { progress.note($0) }
            let locator = try selection.locator(environment: environment)
            let data: RemoteRunSource.DataDirectory =
                dataDir.map { .kept($0) } ?? (keepData ? .kept(FileSystem.join(out, "data")) : .temporary)
            input = .remote(
                RemoteRunSource(
                    client: client, locator: locator, concurrency: api.concurrency, history: history, dataDirectory: data,
                    progress: progress))
            apiContextFetcher = apiContext > 0 ? APIContextFetcher(client: client, days: apiContext, concurrency: api.concurrency) : nil
        }
        let stepSummary = github ? environment["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 } : nil
        var request = ReportRequest(
            input: input, instances: instances, outputDirectory: out, formats: format.elements, templateOverrides: templates,
            junitProfile: junitProfile, stepSummaryPath: stepSummary)
        request.needsComparison = gates.failOn.contains(.newFailures) || gates.failOn.contains(.newFlakes)
        request.apiContext = apiContextFetcher
        if let baseline {
            request.baseline = .path(baseline)
        } else if let remote = baselineRunId.map(RemoteBaseline.Selection.runId)
            ?? baselineBranch.map(RemoteBaseline.Selection.latestOfBranch)
        {
            let progress = ProgressMeter.onStandardError(quiet: quiet)
            let client = try api.client(environment: environment) { progress.note($0) }
            // Beside the run's own bundle when it is kept, so that a rerun reuses it.
            let data: RemoteRunSource.DataDirectory =
                dataDir.map { .kept($0) } ?? (keepData ? .kept(FileSystem.join(out, "data")) : .temporary)
            request.baseline = .remote(
                RemoteBaseline(client: client, selection: remote, concurrency: api.concurrency, dataDirectory: data, progress: progress))
        }
        request.artifactLinks = !noArtifactLinks
        // Fetched runs have fresh links; saved ones have likely expired.
        request.artifactSelection = artifacts ?? (selection.isGiven ? .failed : .none)
        if request.artifactSelection != .none { request.artifacts = try api.artifactDownloader(maxMegabytes: artifactsMaxMb) }
        request.historyDatabase = historyDb
        request.historyLimit = historyLimit
        return request
    }

    /// The console summary (unless `--quiet` and every gate passed), the GitHub output and the
    /// timings; whether every quality gate passed.
    private func show(_ report: ReportJob.RequestOutcome, environment: [String: String]) throws -> Bool {
        let outcome = report.outcome
        let failures = gates.failures(of: outcome.summary)
        if !quiet || !failures.isEmpty {
            let color = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"].map(\.isEmpty) ?? true
            let text = ConsoleRenderer(color: color).render(outcome.summary, written: quiet ? [] : outcome.written, gateFailures: failures)
            Terminal.out(text)
        }
        if github {
            do {
                try emitGitHub(outcome.summary, stepSummary: report.stepSummary)
            } catch {
                throw CommandError("\(error) The reports were written.")
            }
        }
        if timings {
            Terminal.err("runreport-timings: \(outcome.timings.json)\n")
        }
        return failures.isEmpty
    }

    /// `--github`: the Markdown summary into `$GITHUB_STEP_SUMMARY` (when set) and the workflow
    /// commands on standard output, where the runner reads them.
    private func emitGitHub(_ summary: Summary, stepSummary: StepSummaryWriter?) throws {
        if let stepSummary {
            let markdown = try MarkdownRenderer.render(summary, templates: try TemplateSet.load(overridesFrom: templates))
            try stepSummary.append(markdown)
        }
        Terminal.out(GitHubAnnotations.workflowCommands(summary))
    }
}
