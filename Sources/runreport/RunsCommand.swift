import ArgumentParser
import Foundation
import RunReport

/// `runreport runs`: a project's runs, newest first.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List a project's runs, newest first (all filters of the API's list endpoint).",
        discussion: """
            Examples:
              runreport runs --project bAYZ4a --branch main --limit 10
              runreport runs --project bAYZ4a --status FAILED --since 2026-11-01 --json
            """
    )

    @Option(name: .long, help: "The project (default: $CURRENTS_PROJECT_ID).")
    var project: String?
    @Option(name: .long, help: "Only runs of this branch (repeatable).")
    var branch: [String] = []
    @Option(name: .long, help: "Only runs with this tag (repeatable).")
    var tag: [String] = []
    @Option(name: .long, help: "With several tags: AND or OR.")
    var tagOperator: String?
    @Option(name: .long, help: "Only runs by this commit author (repeatable).")
    var author: [String] = []
    @Option(name: .long, help: "Free-text search.")
    var search: String?
    @Option(name: .long, help: "Only runs with this status: RUNNING, FAILING, FAILED, PASSED (repeatable).")
    var status: [String] = []
    @Option(name: .long, help: "Only runs in this completion state: IN_PROGRESS, COMPLETE, CANCELED, TIMEOUT (repeatable).")
    var completionState: [String] = []
    @Option(name: .long, help: "Only runs created at or after this date (ISO 8601, e.g. 2026-11-01).")
    var since: String?
    @Option(name: .long, help: "Only runs created before this date (ISO 8601).")
    var until: String?
    @Option(name: .long, help: "How many runs to list.")
    var limit = 20
    @Flag(name: .long, help: "Print the runs as a JSON array, as the API sent them.")
    var json = false

    @OptionGroup var api: APIOptions

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit takes 1 to 10000, not \(limit).") }
        if let op = tagOperator, !["AND", "OR"].contains(op.uppercased()) {
            throw ValidationError("--tag-operator takes AND or OR, not '\(op)'.")
        }
        for date in [since, until].compactMap({ $0 }) where Self.isoDate(date) == nil {
            throw ValidationError("'\(date)' is not an ISO 8601 date (2026-11-01 or 2026-11-01T08:00:00Z).")
        }
        try api.validateRanges()
    }

    /// A date as the API takes it; a bare day means its start in UTC.
    static func isoDate(_ text: String) -> String? {
        if Timestamp.parse(text) != nil { return text }
        if Timestamp.parse(text + "T00:00:00Z") != nil { return text + "T00:00:00Z" }
        return nil
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let projectId = (project ?? environment["CURRENTS_PROJECT_ID"]).flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ValidationError("Listing runs needs the project: --project P or CURRENTS_PROJECT_ID.")
        }
        let client = try api.client(environment: environment) { message in
            Terminal.err(Format.terminalSafe(message) + "\n")
        }
        var query = RunQuery()
        query.branches = branch
        query.tags = tag
        query.tagOperator = tagOperator?.uppercased()
        query.authors = author
        query.search = search
        query.statuses = status
        query.completionStates = completionState
        query.dateStart = since.flatMap(Self.isoDate)
        query.dateEnd = until.flatMap(Self.isoDate)
        query.limit = limit
        let items = try await RunLister.list(client: client, projectId: projectId, query: query)
        if json {
            Terminal.line("[" + items.map(\.json).joined(separator: ",\n") + "]")
            return
        }
        let rows = items.map { item in
            [
                item.runId, item.createdAt.map { String($0.prefix(19)).replacingOccurrences(of: "T", with: " ") } ?? "—",
                item.status?.description ?? "—", item.completionState?.description ?? "—", item.branch ?? "—",
                item.sha.map { String($0.prefix(8)) } ?? "—",
                "\(Format.count(item.passes))/\(Format.count(item.failures))/\(Format.count(item.flaky))",
            ].map { Format.terminalSafe($0) }
        }
        let header = ["RUN", "CREATED (UTC)", "STATUS", "COMPLETION", "BRANCH", "COMMIT", "PASS/FAIL/FLAKY"]
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        Terminal.line(line(header))
        for row in rows { Terminal.line(line(row)) }
        if items.isEmpty { Terminal.line("(no runs match)") }
    }
}
