extension ReportJob {
    /// What a request produced: the pipeline's outcome, and the step summary opened for it (not
    /// `Sendable`: the writer holds a file descriptor).
    package struct RequestOutcome {
        package var outcome: Outcome
        package var stepSummary: StepSummaryWriter?
    }

    /// Carries out a request: a remote run is fetched first, and its temporary data directory
    /// removed before this returns or throws; the step summary is opened next, before any report
    /// is written, so that one that cannot be written is an error with nothing written, like any
    /// other output; then the runs are read, analysed, rendered and written as by
    /// ``run(sources:outputDirectory:formats:options:standardInput:)``.
    package static func run(_ request: ReportRequest, standardInput: () -> [UInt8]) async throws -> RequestOutcome {
        let fetched: FetchedRuns?
        let paths: [String]
        switch request.input {
        case .paths(let given):
            (fetched, paths) = (nil, given)
        case .remote(let remote):
            let runs = try await remote.fetch()
            (fetched, paths) = (runs, runs.bundles)
        }
        defer { fetched?.removeTemporaryDirectory() }
        // Opened before anything is read: a database that cannot be used is an error with nothing written.
        let recorder = try request.historyDatabase.map { path throws(HistoryStoreError) in
            HistoryRecorder(store: try SQLiteHistoryStore(path: path, create: true), limit: request.historyLimit)
        }
        var baseline: RunSource?
        var notes: [ReportWarning] = []
        var baselineRuns: FetchedRuns?
        defer { baselineRuns?.removeTemporaryDirectory() }
        switch request.baseline {
        case nil:
            if request.needsComparison {
                notes.append(
                    ReportWarning(
                        .noBaseline,
                        "--fail-on new-failures/new-flakes was asked without a baseline (--baseline, --baseline-run-id or --baseline-branch): every failure and flake counts as new."
                    ))
            }
        case .path(let path):
            baseline = try Self.baselineSource(path)
        case .remote(let remote):
            let found = try await remote.fetch(subjectBundle: fetched?.bundles.first)
            baselineRuns = found.runs
            if let bundle = found.bundle {
                baseline = try Self.baselineSource(bundle)
            } else if let reason = found.notFound {
                if request.needsComparison {
                    throw ComparisonAnalysis.ComparisonError(
                        description: reason
                            + "; --fail-on new-failures/new-flakes needs one to tell new failures from known ones, so nothing was written.")
                }
                notes.append(ReportWarning(.noBaseline, reason + "; the report has no comparison."))
            }
        }
        let stepSummary = try request.stepSummaryPath.map { path throws(OutputError) in try StepSummaryWriter(path: path) }
        var sources: [RunSource] = []
        for path in paths { sources += try RunSource.locateAll(input: path, instances: request.instances) }
        let options = RenderOptions(
            templates: try TemplateSet.load(overridesFrom: request.templateOverrides), junitProfile: request.junitProfile)
        var (summary, timings) = try analyse(
            sources: sources, baseline: baseline, warnings: notes, recorder: recorder, standardInput: standardInput)
        if let context = request.apiContext, fetched != nil {
            let clock = ContinuousClock()
            let start = clock.now
            if let projectId = summary.run.projectId, !projectId.isEmpty {
                switch await context.fetch(summary, projectId: projectId) {
                case .context(let found): summary.apiContext = found
                case .unavailable(let warning): summary.warnings.append(warning)
                }
            } else {
                summary.warnings.append(
                    ReportWarning(.apiContextUnavailable, "--api-context: the run names no projectId; the report has no API context."))
            }
            timings.apiContextMs += (clock.now - start).inMilliseconds
        }
        var artifacts: ArtifactStaging?
        if let downloader = request.artifacts, request.artifactSelection != .none {
            let clock = ContinuousClock()
            let start = clock.now
            artifacts = try await downloader.save(&summary, selection: request.artifactSelection, outputDirectory: request.outputDirectory)
            timings.artifactsMs += (clock.now - start).inMilliseconds
        }
        if !request.artifactLinks { summary.removeArtifactLinks() }
        let outcome = try write(
            summary, timings: timings, outputDirectory: request.outputDirectory, formats: request.formats, options: options,
            artifacts: artifacts)
        return RequestOutcome(outcome: outcome, stepSummary: stepSummary)
    }

    /// The baseline's one run: a bundle or a run file (a folder of several runs is refused).
    private static func baselineSource(_ path: String) throws -> RunSource {
        guard path != "-" else {
            throw ComparisonAnalysis.ComparisonError(
                description: "--baseline: standard input (-) is for the run itself; give the baseline as a bundle directory or a run file.")
        }
        let sources: [RunSource]
        do {
            sources = try RunSource.locateAll(input: path, instances: nil)
        } catch {
            throw ComparisonAnalysis.ComparisonError(description: "The baseline could not be read: \(error)")
        }
        guard sources.count == 1, let only = sources.first else {
            throw ComparisonAnalysis.ComparisonError(
                description: "--baseline \(path): holds \(sources.count) runs; the baseline is one run (a bundle directory or a run file).")
        }
        return only
    }
}
