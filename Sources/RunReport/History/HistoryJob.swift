/// `runreport history`: importing runs into the history database without reporting, and the text
/// `history list` and `history prune` print.
package enum HistoryJob {
    /// Reads, analyses and records each run of `inputs` (bundles, run files, folders of them, `-`),
    /// one transaction per run, one run in memory at a time; returns what was recorded, in order.
    package static func importRuns(
        inputs: [String], instances: String?, into store: any HistoryStore, standardInput: () -> [UInt8]
    ) throws -> [RunRecord.Identity] {
        var sources: [RunSource] = []
        for input in inputs { sources += try RunSource.locateAll(input: input, instances: instances) }
        var recorded: [RunRecord.Identity] = []
        for source in sources {
            let summary = Analyzer.analyze(try source.load(standardInput: standardInput), generatorVersion: RunReportVersion.current)
            let record = try RunRecord(summary, name: source.runName)
            try store.record(record)
            recorded.append(record.identity)
        }
        return recorded
    }

    /// One line per run — runId, createdAt, project, branch, status, specs, tests — under a header,
    /// columns separated by two spaces; `-` for a missing value.
    package static func listText(_ runs: [StoredRun]) -> String {
        let header = ["RUN", "CREATED", "PROJECT", "BRANCH", "SHA", "STATUS", "SPECS", "TESTS"]
        let rows = runs.map { run -> [String] in
            let r = run.identity
            let sha = r.sha.map { String($0.prefix(12)) } ?? "-"
            let cells: [String] = [
                r.runId, r.createdAt.iso8601, r.project ?? "-", r.branch ?? "-", sha, r.status.description, String(run.specs),
                String(run.tests),
            ]
            return cells.map { Format.terminalSafe($0) }
        }
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        var text = ""
        for row in all {
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }
            text += cells.joined(separator: "  ") + "\n"
        }
        return text
    }
}
