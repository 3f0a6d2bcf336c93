import ArgumentParser
import Foundation

/// `report` is the default subcommand (`runreport bundle/` is `runreport report bundle/`); the two
/// cases where that would help nobody are settled before argument-parser sees the arguments.
extension RunReportCommand {
    /// The arguments to parse for the command line `arguments` (without the program's name):
    /// - none: the top-level help, as before `report` became the default (it lists the subcommands;
    ///   `runreport report` alone is the usage error);
    /// - a first word that names no subcommand and no file, with no `/` or `.` in it (`runreport
    ///   frobnicate`, a misspelt `runreport fecth`): a usage error naming the subcommands, not
    ///   "frobnicate: cannot be read". A missing `run.json` or `bundle/` is still that error (exit 1).
    static func arguments(from arguments: [String]) throws -> [String] {
        guard let first = arguments.first else { return ["--help"] }
        let subcommands = configuration.subcommands.map { $0._commandName } + ["help"]
        let looksLikeAPath = first.hasPrefix("-") || first.contains("/") || first.contains(".")
        if !looksLikeAPath, !subcommands.contains(first), !FileManager.default.fileExists(atPath: first) {
            throw ValidationError(
                "'\(first)' is neither a subcommand (\(subcommands.joined(separator: ", "))) nor a file or directory.")
        }
        return arguments
    }
}
