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
        let stepSummary = try request.stepSummaryPath.map { path throws(OutputError) in try StepSummaryWriter(path: path) }
        var sources: [RunSource] = []
        for path in paths { sources += try RunSource.locateAll(input: path, instances: request.instances) }
        let options = RenderOptions(
            templates: try TemplateSet.load(overridesFrom: request.templateOverrides), junitProfile: request.junitProfile)
        let outcome = try run(
            sources: sources, outputDirectory: request.outputDirectory, formats: request.formats, options: options, recorder: recorder,
            standardInput: standardInput)
        return RequestOutcome(outcome: outcome, stepSummary: stepSummary)
    }
}
