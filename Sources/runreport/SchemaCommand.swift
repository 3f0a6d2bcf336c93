import ArgumentParser
import RunReport

/// `runreport schema [NAME]`: the JSON Schemas the binary carries, listed or printed as the files hold them.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of a machine-readable report (summary.json), or list them.",
        discussion: """
            `runreport schema summary` prints Schemas/summary.schema.json (JSON Schema draft 2020-12) \
            exactly as the repository holds it, for validating summary.json files: for example \
            `runreport schema summary > summary.schema.json`. Without NAME, the names are listed, one \
            a line.
            """
    )

    /// A schema's name; argument-parser's message for an unknown one lists the known names.
    struct Name: ExpressibleByArgument {
        var name: String

        init?(argument: String) {
            guard OutputSchemas.text(named: argument) != nil else { return nil }
            name = argument
        }

        static var allValueStrings: [String] { OutputSchemas.names }

        /// Shell completion offers the names too.
        static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    }

    @Argument(help: "The schema to print.")
    var name: Name?

    func run() throws {
        guard let name else {
            Terminal.out(OutputSchemas.names.map { $0 + "\n" }.joined())
            return
        }
        // `init?(argument:)` took only known names.
        guard let text = OutputSchemas.text(named: name.name) else { throw CommandError("no schema \(name.name)") }
        Terminal.out(text)
    }
}
