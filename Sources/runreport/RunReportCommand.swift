import ArgumentParser
import RunReport

/// `runreport`: the root command, holding the version, the exit statuses and the subcommands.
struct RunReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runreport",
        abstract: "Turn a Cypress run recorded in Currents or sorry-cypress into reports.",
        // Paragraphs are single lines (`\` continuations), so that argument-parser wraps them at the
        // terminal's width; a line break ends a paragraph or an example. ASCII only: the manual
        // page's generator drops other characters.
        discussion: """
            `report` is the default subcommand: `runreport bundle/` is `runreport report bundle/`.

            Exit status: 0 ok; 1 error (bad input, cannot write, API failure); 2 usage; 3 a quality gate \
            failed; 4 (cancel) the run was already cancelled; 143, 130, 129 stopped by SIGTERM, SIGINT, SIGHUP.
            """,
        version: RunReportVersion.current,
        subcommands: [
            ReportCommand.self, FetchCommand.self, RunsCommand.self, CancelCommand.self, ValidateJUnitCommand.self, TemplatesCommand.self,
            SchemaCommand.self, HistoryCommand.self,
        ],
        defaultSubcommand: ReportCommand.self
    )
}
