import ArgumentParser
import Foundation
import RunReport

/// `runreport history`: the history database without reporting (`docs/history-db.md`).
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Import runs into a history database, list the runs it holds, or prune old ones.",
        discussion: """
            The history database (--history-db FILE, SQLite) is what `runreport report --history-db FILE` \
            records each run in and takes the history from. See docs/history-db.md for its tables.

            Examples:
              runreport history import --history-db history.db runs/
              runreport history list --history-db history.db --branch main
              runreport history prune --history-db history.db --keep 100
            """,
        subcommands: [Import.self, List.self, Prune.self]
    )

    /// `--history-db FILE`, shared by the subcommands.
    struct Database: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The history database (a SQLite file).", valueName: "file"), completion: .file())
        var historyDb: String
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record runs in the history database without reporting (a run already there is replaced).",
            usage: "runreport history import --history-db <file> <inputs> ... [<options>]",
            discussion: """
                Instead of INPUT, --run-id (or --project with --ci-build-id or --branch) fetches the run from \
                the Currents API, and --history N the N runs before it, to seed a new database.

                Examples:
                  runreport history import --history-db history.db runs/
                  runreport history import --history-db history.db run-1/ run-2.json.gz
                  CURRENTS_API_KEY=... runreport history import --history-db history.db --run-id ID --history 30
                """
        )

        @OptionGroup var database: Database

        @Argument(help: "The runs: bundle directories, run files, folders of them, or - for standard input.", completion: .file())
        var inputs: [String] = []

        @Option(
            name: .long, help: "Read instance files (<instanceId>.json) from this directory (with a single run).", completion: .directory)
        var instances: String?

        @Option(name: .long, help: "With --run-id/--project: also fetch the N runs before it (same project and branch).")
        var history: Int?

        @OptionGroup(title: "Fetching from the Currents API instead of INPUT")
        var selection: RunSelection

        @OptionGroup(title: "API options (with --run-id or --project)")
        var api: APIOptions

        @Flag(name: .long, help: "Print nothing on success.")
        var quiet = false

        func validate() throws {
            if selection.isGiven {
                guard inputs.isEmpty, instances == nil else { throw ValidationError("Give INPUT or --run-id/--project, not both.") }
                _ = try selection.locator(environment: ProcessInfo.processInfo.environment)
                try api.validateRanges()
                if let history, !(1...100).contains(history) { throw ValidationError("--history takes 1 to 100 runs, not \(history).") }
                return
            }
            guard history == nil else { throw ValidationError("--history goes with --run-id or --project.") }
            guard !inputs.isEmpty else {
                throw ValidationError("Give the runs to import: bundle directories, run files or folders of them, or --run-id ID.")
            }
            guard inputs.count == 1 || instances == nil else { throw ValidationError("--instances goes with a single run.") }
            guard inputs.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("Standard input (-) can be given once.") }
        }

        func run() async throws {
            let store = try SQLiteHistoryStore(path: database.historyDb, create: true)
            var paths = inputs
            var fetched: FetchedRuns?
            if selection.isGiven {
                // The runs are fetched into a temporary directory, read from there, and removed.
                let environment = ProcessInfo.processInfo.environment
                let progress = ProgressMeter.onStandardError(quiet: quiet)
                let source = RemoteRunSource(
                    client: try api.client(environment: environment) { progress.note($0) },
                    locator: try selection.locator(environment: environment), concurrency: api.concurrency, history: history,
                    dataDirectory: .temporary, progress: progress)
                let runs = try await source.fetch()
                (fetched, paths) = (runs, runs.bundles)
            }
            defer { fetched?.removeTemporaryDirectory() }
            let recorded = try HistoryJob.importRuns(inputs: paths, instances: instances, into: store) {
                InputLimits.standard.readCapped(FileHandle.standardInput)
            }
            if !quiet {
                let noun = recorded.count == 1 ? "run" : "runs"
                Terminal.out("Recorded \(recorded.count) \(noun) in \(Format.terminalSafe(database.historyDb)).\n")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the runs the history database holds, by project, branch and createdAt.",
            usage: "runreport history list --history-db <file> [--project <p>] [--branch <b>]")

        @OptionGroup var database: Database

        @Option(name: .long, help: "Only the runs of this project (projectId).")
        var project: String?

        @Option(name: .long, help: "Only the runs of this branch.")
        var branch: String?

        func run() throws {
            let store = try SQLiteHistoryStore(path: database.historyDb, create: false)
            Terminal.out(HistoryJob.listText(try store.runs(project: project, branch: branch)))
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove old runs from the history database.",
            usage: "runreport history prune --history-db <file> --keep <n> | --older-than <d>",
            discussion: """
                --older-than counts from the current time of the machine (or --now). The file keeps its size; \
                `sqlite3 FILE VACUUM` gives the space back.

                Examples:
                  runreport history prune --history-db history.db --keep 100
                  runreport history prune --history-db history.db --older-than 90
                """
        )

        @OptionGroup var database: Database

        @Option(name: .long, help: ArgumentHelp("Keep the N latest runs of each project and branch; remove the others.", valueName: "n"))
        var keep: Int?

        @Option(name: .long, help: ArgumentHelp("Remove the runs created more than D days before now.", valueName: "d"))
        var olderThan: Int?

        @Option(
            name: .long, help: ArgumentHelp("With --older-than: count from this time (ISO 8601) instead of the clock.", valueName: "time"))
        var now: String?

        @Flag(name: .long, help: "Print nothing on success.")
        var quiet = false

        func validate() throws {
            guard (keep == nil) != (olderThan == nil) else { throw ValidationError("Give one of --keep N and --older-than DAYS.") }
            if let keep, keep < 0 { throw ValidationError("--keep takes 0 or more runs, not \(keep).") }
            if let olderThan, olderThan < 0 { throw ValidationError("--older-than takes 0 or more days, not \(olderThan).") }
            if let now {
                guard olderThan != nil else { throw ValidationError("--now goes with --older-than.") }
                guard Timestamp.parse(now) != nil else {
                    throw ValidationError("--now takes an ISO 8601 time with a zone (2026-12-03T10:00:00Z), not '\(now)'.")
                }
            }
        }

        func run() throws {
            let rule: PruneRule
            if let keep {
                rule = .keep(keep)
            } else {
                // The clock is read here only: the one place where "now" is the machine's.
                let reference =
                    now.flatMap(Timestamp.parse)
                    ?? Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
                let days = Int64(olderThan ?? 0)
                rule = .createdBefore(Timestamp(millisecondsSinceEpoch: reference.millisecondsSinceEpoch - days * 86_400_000))
            }
            let store = try SQLiteHistoryStore(path: database.historyDb, create: false)
            let removed = try store.prune(rule)
            if !quiet {
                let noun = removed.count == 1 ? "run" : "runs"
                Terminal.out("Removed \(removed.count) \(noun) from \(Format.terminalSafe(database.historyDb)).\n")
            }
        }
    }
}
