import Foundation

/// A baseline run in the Currents API (`report --baseline-run-id`, `--baseline-branch`): fetched
/// as a bundle `<data>/<runId>/` — reused when already there, like history runs — then read like a
/// bundle on disk (`docs/metrics.md` §13).
package struct RemoteBaseline: Sendable {
    package enum Selection: Sendable, Equatable {
        /// `--baseline-run-id`.
        case runId(String)
        /// `--baseline-branch`: the latest completed run of the branch (same project, created before
        /// the subject, never the subject itself).
        case latestOfBranch(String)
    }

    /// What came of it: the bundle, or why a branch has no baseline (a warning, or with the
    /// new-failures gate an error: the caller says which).
    package struct Fetched: Sendable {
        package var runs: FetchedRuns
        package var bundle: String?
        package var notFound: String?
    }

    package var client: CurrentsClient
    package var selection: Selection
    package var concurrency: Int
    package var dataDirectory: RemoteRunSource.DataDirectory
    package var progress: ProgressMeter?

    package init(
        client: CurrentsClient, selection: Selection, concurrency: Int, dataDirectory: RemoteRunSource.DataDirectory,
        progress: ProgressMeter?
    ) {
        self.client = client
        self.selection = selection
        self.concurrency = concurrency
        self.dataDirectory = dataDirectory
        self.progress = progress
    }

    /// `subjectBundle` (the fetched subject's bundle) is needed for `latestOfBranch`: its project and
    /// creation time choose the run. A failure removes the temporary directory before it is thrown.
    package func fetch(subjectBundle: String?) async throws -> Fetched {
        var runs = FetchedRuns(bundles: [], temporaryDirectory: nil)
        do {
            let runId: String
            switch selection {
            case .runId(let id):
                runId = id
            case .latestOfBranch(let branch):
                guard let found = try await latest(of: branch, subjectBundle: subjectBundle) else {
                    return Fetched(
                        runs: runs, bundle: nil,
                        notFound:
                            "--baseline-branch \(JSONKind.name(branch)): the API lists no completed run of that branch in this project created before this run"
                    )
                }
                runId = found
            }
            let directory: String
            (directory, runs.temporaryDirectory) = dataDirectory.resolve(prefix: "runreport-baseline-")
            let bundle = FileSystem.join(directory, BundleFetcher.directoryName(forRun: runId))
            if !FileSystem.isFile(FileSystem.join(bundle, "run.json")) {
                progress?.note("baseline: fetching run \(runId)")
                _ = try await BundleFetcher(client: client, concurrency: concurrency).fetch(runId: runId, into: bundle, progress: progress)
            }
            runs.bundles = [bundle]
            return Fetched(runs: runs, bundle: bundle, notFound: nil)
        } catch {
            runs.removeTemporaryDirectory()
            throw error
        }
    }

    /// The newest completed run of `branch` in the subject's project, created before the subject.
    private func latest(of branch: String, subjectBundle: String?) async throws -> String? {
        guard let subjectBundle else {
            throw HistoryAnalysis.HistoryError(
                description: "--baseline-branch goes with --run-id or --project: it looks in the fetched run's project.")
        }
        let runFile = FileSystem.join(subjectBundle, "run.json")
        let (subject, _) = try DocumentDecoder.run(try RunSource.read(runFile), file: runFile)
        guard let projectId = subject.projectId, let createdAt = subject.createdAt else {
            throw HistoryAnalysis.HistoryError(
                description: "\(runFile): --baseline-branch needs the run's projectId and createdAt to find the run before it.")
        }
        var query = RunQuery()
        query.branches = [branch]
        query.limit = 20
        let listed = try await RunLister.list(client: client, projectId: projectId, query: query)
        let candidates = listed.compactMap { item -> (String, Timestamp)? in
            guard item.runId != subject.runId, item.completionState == .complete,
                let created = item.createdAt.flatMap(Timestamp.parse), created < createdAt
            else { return nil }
            return (item.runId, created)
        }
        // The list is newest first, but do not rely on it: the latest by createdAt, then runId.
        return candidates.max { a, b in a.1 != b.1 ? a.1 < b.1 : a.0.codePointPrecedes(b.0) }?.0
    }
}
