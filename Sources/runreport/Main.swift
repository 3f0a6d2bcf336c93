import ArgumentParser
import Foundation
import RunReport

/// Entry point: argument-parser's own exit codes, except that usage errors exit with 2 (the
/// documented contract: 0 ok, 1 error, 2 usage, 3 a gate failed) rather than EX_USAGE (64).
@main
enum Main {
    static func main() async {
        // Before anything is written: a signal then removes the temporary files (kept alive to the end).
        let terminationSources = TerminationHandler.install()
        defer { withExtendedLifetime(terminationSources) {} }
        // The key of the environment is kept out of every line printed, whatever the command
        // (a saved file may hold it too); `--api-key` is registered when it is read.
        if let key = ProcessInfo.processInfo.environment["CURRENTS_API_KEY"] { Secrets.register(key) }
        do {
            var command = try RunReportCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if RunReportCommand.exitCode(for: error) == .validationFailure {
                Terminal.err(Format.terminalSafe(RunReportCommand.fullMessage(for: error), keepingNewlines: true) + "\n")
                Foundation.exit(2)
            }
            RunReportCommand.exit(withError: error)
        }
    }
}
