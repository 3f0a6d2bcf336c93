import ArgumentParser
import Foundation
import RunReport

/// `runreport fetch`: a run and all its instances from the Currents API into a bundle directory.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch a run and every instance of it from the Currents API into a bundle (run.json + instances/).",
        // One line per paragraph or example, ASCII only (see RunReportCommand).
        discussion: """
            The key comes from $CURRENTS_API_KEY (or --api-key) and is never printed. Transient failures \
            (429, 500, 502, 503, 504, timeouts, lost connections) are retried with exponential backoff \
            and jitter, honouring Retry-After; other errors stop at once. Files are written atomically; \
            a rerun into the same directory fetches only the instances not yet saved. SIGTERM or SIGINT \
            stops it with its temporary files removed and no run.json.

            Examples:
              runreport fetch --run-id c7068a4d0aa7e75a --out bundle/
              runreport fetch --project bAYZ4a --ci-build-id "$GITHUB_RUN_ID"
              runreport fetch --project bAYZ4a --branch main --tag nightly

            Exit status: 0 ok; 1 error; 2 usage; 143, 130 stopped by SIGTERM, SIGINT.
            """
    )

    @OptionGroup var selection: RunSelection
    @OptionGroup var api: APIOptions

    @Option(name: .long, help: "The bundle directory (default: run-<runId>).", completion: .directory)
    var out: String?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        _ = try selection.locator(environment: ProcessInfo.processInfo.environment)
        try api.validateRanges()
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let progress = ProgressMeter.onStandardError(quiet: quiet)
        let client = try api.client(environment: environment) { progress.note($0) }
        let runId = try await selection.locator(environment: environment).resolve(with: client)
        let directory = out ?? "run-" + BundleFetcher.directoryName(forRun: runId)
        let outcome = try await BundleFetcher(client: client, concurrency: api.concurrency)
            .fetch(runId: runId, into: directory, progress: progress)
        if !quiet {
            Terminal.line(
                "Fetched run \(Format.terminalSafe(runId)) into \(directory): \(outcome.instances) instances (\(outcome.fetched) fetched, \(outcome.reused) already saved)."
            )
        }
    }
}
