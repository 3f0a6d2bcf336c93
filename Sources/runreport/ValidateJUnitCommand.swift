import ArgumentParser
import Foundation
import RunReport

/// `runreport validate-junit FILE`: the check every `report` makes before writing `junit.xml`.
struct ValidateJUnitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-junit",
        abstract: "Check a JUnit XML file against the XSD of a profile (with libxml2, offline).",
        // One line per paragraph, ASCII only (see RunReportCommand).
        discussion: """
            Profiles: standard and per-attempt are checked against Jenkins xUnit's junit-10.xsd, ant \
            against the Ant schema (windyroad).

            Exit status: 0 valid; 1 invalid or unreadable; 2 usage.
            """
    )

    @Argument(help: "The JUnit XML file.", completion: .file(extensions: ["xml"]))
    var file: String

    @Option(name: .long, help: "The profile whose schema the file must satisfy.")
    var profile = JUnitProfile.standard

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandError("\(file): cannot be read.") }
        try JUnitValidator.validate([UInt8](data), profile: profile, source: file)
        Terminal.line("\(file): valid against \(profile.schemaName) (profile \(profile.rawValue)).")
    }
}
