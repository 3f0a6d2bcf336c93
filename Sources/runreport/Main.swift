import ArgumentParser
import Foundation
import RunReport

/// Entry point: argument-parser's own exit codes, except that usage errors exit with 2 (the
/// documented contract: 0 ok, 1 error, 2 usage, 3 a gate failed) rather than EX_USAGE (64).
/// Commands throw their errors; ``exit(with:)`` is the one place that prints them.
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
            var command = try RunReportCommand.parseAsRoot(RunReportCommand.arguments(from: Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(with: error)
        }
    }

    /// argument-parser's message and exit status for `error`, printed through ``Terminal`` — which
    /// redacts the key and makes the text terminal-safe, where argument-parser's own
    /// `exit(withError:)` would print a message (which quotes data and servers) as it is:
    /// - a usage error (argument-parser's, or a `ValidationError`): the message and the usage, exit 2;
    /// - any other error, from the library or a ``CommandError``: `Error: ` and its description, exit 1;
    /// - help, `--version` or a bare `ExitCode`: left to argument-parser, which prints the help or the
    ///   version on standard output, and nothing for an exit code.
    static func exit(with error: any Error) -> Never {
        let status = RunReportCommand.exitCode(for: error)
        if status == .validationFailure {
            Terminal.err(Format.terminalSafe(RunReportCommand.fullMessage(for: error), keepingNewlines: true) + "\n")
            Foundation.exit(2)
        }
        guard status == .failure, !(error is ExitCode) else { RunReportCommand.exit(withError: error) }
        Terminal.error(RunReportCommand.message(for: error))
        Foundation.exit(status.rawValue)
    }
}
