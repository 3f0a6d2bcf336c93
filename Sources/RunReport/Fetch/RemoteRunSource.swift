import Foundation

/// A run in the Currents API, for `report --run-id` (or `--project` with `--ci-build-id` or
/// `--branch`): fetched as a bundle into a data directory, `<data>/<runId>/`, with the runs before
/// it beside it for `--history`; then read like any bundle on disk (``ReportRequest/Input``).
package struct RemoteRunSource: Sendable {
    /// Where the bundles are fetched to.
    package enum DataDirectory: Sendable, Equatable {
        /// A new directory under the system's temporary directory, removed when the report is done,
        /// or by a termination signal before.
        case temporary
        /// This directory, kept: a rerun fetches only what is missing.
        case kept(String)

        /// The directory to fetch into, and the temporary one made for it (removed by a termination
        /// signal too, until ``FetchedRuns/removeTemporaryDirectory()``), if any.
        func resolve(prefix: String) -> (path: String, temporary: URL?) {
            switch self {
            case .kept(let path):
                return (path, nil)
            case .temporary:
                let url = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + UUID().uuidString)
                TemporaryFiles.shared.removeOnTermination(tree: url.path)
                return (url.path, url)
            }
        }
    }

    package var client: CurrentsClient
    package var locator: RunLocator
    /// Instances fetched at once.
    package var concurrency: Int
    /// How many runs before it (same project and branch) to fetch as its history; nil for none.
    package var history: Int?
    package var dataDirectory: DataDirectory
    package var progress: ProgressMeter?

    package init(
        client: CurrentsClient, locator: RunLocator, concurrency: Int, history: Int?, dataDirectory: DataDirectory,
        progress: ProgressMeter?
    ) {
        self.client = client
        self.locator = locator
        self.concurrency = concurrency
        self.history = history
        self.dataDirectory = dataDirectory
        self.progress = progress
    }

    /// Finds the run and fetches it, then its history. A failure removes the temporary directory
    /// before it is thrown.
    package func fetch() async throws -> FetchedRuns {
        var fetched = FetchedRuns(bundles: [], temporaryDirectory: nil)
        do {
            let runId = try await locator.resolve(with: client)
            let directory: String
            (directory, fetched.temporaryDirectory) = dataDirectory.resolve(prefix: "runreport-")
            // `<data>/<runId>/`: one bundle per run, so history runs sit beside the subject.
            let subject = FileSystem.join(directory, BundleFetcher.directoryName(forRun: runId))
            _ = try await BundleFetcher(client: client, concurrency: concurrency).fetch(runId: runId, into: subject, progress: progress)
            fetched.bundles = [subject]
            if let history {
                let earlier = try await HistoryFetcher(client: client, concurrency: concurrency).fetchPrevious(
                    history, subjectBundle: subject, dataDirectory: directory, progress: progress)
                fetched.bundles += earlier.bundles
            }
            return fetched
        } catch {
            fetched.removeTemporaryDirectory()
            throw error
        }
    }
}
