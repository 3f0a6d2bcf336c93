import ArgumentParser
import Foundation
import RunReport

/// `runreport cancel RUN_ID`.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a run (needs a Read & Write key).",
        // argument-parser would list every API option on one line, wider than any terminal.
        usage: "runreport cancel <run-id> [<options>]",
        discussion: "Exit status: 0 cancelled; 1 error; 2 usage; 4 the run was already cancelled."
    )

    @Argument(help: "The run's id.")
    var runId: String

    @OptionGroup var api: APIOptions

    func validate() throws { try api.validateRanges() }

    func run() async throws {
        let client = try api.client(environment: ProcessInfo.processInfo.environment) { message in
            Terminal.err(Format.terminalSafe(message) + "\n")
        }
        do {
            let result = try await Cancellation.cancel(runId, client: client)
            Terminal.line(
                "Cancelled run \(Format.terminalSafe(result.runId)) (by \(Format.terminalSafe(result.actor ?? "unknown")) at \(Format.terminalSafe(result.canceledAt ?? "unknown time")), reason: \(Format.terminalSafe(result.reason ?? "none")))."
            )
        } catch let error as APIError where error.status == 422 {
            Terminal.err(Format.terminalSafe("Run \(runId) is already cancelled (422: \(error.message)); nothing was changed.") + "\n")
            throw ExitCode(4)
        }
    }
}
