import ArgumentParser
import RunReport

@main
struct RunReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runreport",
        abstract: "Turn a Cypress run recorded in Currents or sorry-cypress into reports.",
        discussion: """
            Exit status: 0 ok · 1 error (bad input, cannot write) · 2 usage · 3 a quality gate failed.
            """,
        version: RunReportVersion.current,
        subcommands: [ReportCommand.self]
    )
}
