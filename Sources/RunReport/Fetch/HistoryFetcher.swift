/// Fetches the runs before a subject run — same project, same branch, through the list endpoint —
/// as bundles `<dataDir>/<runId>/`, for history (`report --history N`). A history run already
/// saved there (a complete bundle: it has its `run.json`) is not fetched again, so the next report
/// fetches only what is new.
package struct HistoryFetcher: Sendable {
    package var client: CurrentsClient
    package var concurrency: Int

    package init(client: CurrentsClient, concurrency: Int) {
        self.client = client
        self.concurrency = concurrency
    }

    package struct Outcome: Sendable {
        /// Bundle directories, newest first.
        package var bundles: [String]
        package var fetched: Int
        package var cached: Int
    }

    /// `subjectBundle` holds the subject's `run.json` (already fetched).
    package func fetchPrevious(
        _ count: Int, subjectBundle: String, dataDirectory: String, progress: ProgressMeter?
    ) async throws -> Outcome {
        let runFile = FileSystem.join(subjectBundle, "run.json")
        let (subject, _) = try DocumentDecoder.run(try RunSource.read(runFile), file: runFile)
        guard let projectId = subject.projectId, let createdAt = subject.createdAt else {
            throw HistoryAnalysis.HistoryError(
                description: "\(runFile): --history needs the run's projectId and createdAt to find the runs before it.")
        }
        guard let branch = subject.meta?.commit?.branch else {
            throw HistoryAnalysis.HistoryError(
                description:
                    "\(runFile): --history finds earlier runs of the same branch, and this run names no branch (meta.commit.branch).")
        }
        var query = RunQuery()
        query.branches = [branch]
        // Newer runs and unfinished ones come back too; ask for some spare.
        query.limit = count * 2 + 10
        let listed = try await RunLister.list(client: client, projectId: projectId, query: query)
        let earlier = listed.filter { item in
            guard item.runId != subject.runId, item.completionState != .inProgress,
                let created = item.createdAt.flatMap(Timestamp.parse)
            else { return false }
            return created < createdAt
        }
        var bundles: [String] = []
        var fetched = 0, cached = 0
        let fetcher = BundleFetcher(client: client, concurrency: concurrency)
        for item in earlier.prefix(count) {
            let directory = FileSystem.join(dataDirectory, BundleFetcher.directoryName(forRun: item.runId))
            if FileSystem.isFile(FileSystem.join(directory, "run.json")) {
                cached += 1
            } else {
                progress?.note("history: fetching run \(item.runId) (\(item.createdAt ?? "no date"))")
                _ = try await fetcher.fetch(runId: item.runId, into: directory, progress: progress)
                fetched += 1
            }
            bundles.append(directory)
        }
        return Outcome(bundles: bundles, fetched: fetched, cached: cached)
    }
}
