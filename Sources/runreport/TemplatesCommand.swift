import ArgumentParser
import Foundation
import RunReport

/// `runreport templates export DIR`: the built-in templates as files, to customise and pass back
/// with `report --templates DIR`.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the report templates.",
        subcommands: [Export.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the built-in templates into DIR (as NAME.mustache files).",
            // One line per paragraph (see RunReportCommand).
            discussion: """
                Edit any of them and pass the folder to `runreport report --templates DIR`; files you \
                delete fall back to the built-in ones. The README lists every variable a template \
                receives.
                """
        )

        @Argument(help: "The directory to write the templates into (created if missing).", completion: .directory)
        var directory: String

        @Flag(name: .long, help: "Replace files that already exist.")
        var force = false

        func run() throws {
            let files = TemplateSet.builtInSources.map { OutputFile(name: $0.name + ".mustache", bytes: Array($0.text.utf8)) }
            let existing = files.filter { FileManager.default.fileExists(atPath: directory + "/" + $0.name) }
            if !force, let first = existing.first {
                throw OutputError(path: directory + "/" + first.name, reason: "it exists already (use --force to replace it)")
            }
            let written = try OutputWriter.write(files, to: directory)
            Terminal.line("Wrote \(written.count) templates into \(directory).")
        }
    }
}
