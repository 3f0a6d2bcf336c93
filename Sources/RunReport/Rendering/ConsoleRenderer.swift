/// The compact summary `report` prints: status, counters, rates, slowest specs, warnings. Colour
/// only when asked (a TTY without `NO_COLOR`: the CLI decides).
package struct ConsoleRenderer: Sendable {
    package var color: Bool
    package var slowestCount = 5
    package var warningLimit = 10
    package var errorGroupCount = 5
    package var failedTestCount = 5

    package init(color: Bool) { self.color = color }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    package func render(_ s: Summary, written: [String], gateFailures: [String]) -> String {
        var lines: [String] = []
        let statusColor: String
        switch s.run.status.verdict {
        case .passed: statusColor = "32"
        case .failed: statusColor = "31"
        case .running, .unknown: statusColor = "33"
        }
        let derived = (s.run.statusDerived || s.run.completionStateDerived) ? " (derived)" : ""
        lines.append(
            "run \(Format.terminalSafe(s.run.runId))  \(paint(Format.terminalSafe(s.run.status.description), "1;" + statusColor)) · \(Format.terminalSafe(s.run.completionState.description))\(derived)"
        )
        var facts: [String] = []
        if let branch = s.run.commit.branch { facts.append("branch \(Format.terminalSafe(branch))") }
        if let sha = s.run.commit.sha { facts.append("commit \(Format.terminalSafe(String(sha.prefix(10))))") }
        if let version = s.run.cypressVersion { facts.append("Cypress \(Format.terminalSafe(version))") }
        facts.append("created \(Format.utc(s.run.createdAt))")
        lines.append("  " + facts.joined(separator: " · "))

        let t = s.totals.tests
        lines.append(
            "  tests    \(Format.count(t.overall)) · passed \(Format.count(t.passes)) · failed \(Format.count(t.failures)) · pending \(Format.count(t.pending)) · skipped \(Format.count(t.skipped)) · flaky \(Format.count(t.flaky))"
        )
        let r = s.totals.rates
        lines.append(
            "  rates    pass \(Format.percent(r.passRate)) · failure \(Format.percent(r.failureRate)) · flaky \(Format.percent(r.flakyRate)) · spec failure \(Format.percent(r.specFailureRate))"
        )
        var byState: [String] = []
        for state in SpecState.allCases {
            let n = s.specs.filter { $0.state == state }.count
            if n > 0 { byState.append("\(state.rawValue) \(n)") }
        }
        lines.append(
            "  specs    \(s.specs.count)" + (byState.isEmpty ? "" : " (" + byState.joined(separator: ", ") + ")")
                + " · wall \(Format.duration(s.totals.wallMs)) · execution p50 \(Format.duration(s.totals.execution.p50Ms)), max \(Format.duration(s.totals.execution.maxMs))"
        )
        if let c = s.comparison { lines.append("  " + comparisonLine(c)) }
        errorLines(s, into: &lines)

        let slowest = s.specsBySlowestExecution.prefix(slowestCount)
        if !slowest.isEmpty {
            lines.append("  slowest specs (execution · claimed→completed)")
            for spec in slowest {
                lines.append(
                    "    \(Format.duration(spec.executionMs).leftPadded(9)) · \(Format.duration(spec.claimToCompleteMs).leftPadded(9))  \(Format.terminalSafe(spec.spec))"
                )
            }
        }
        if !s.warnings.isEmpty {
            lines.append("  " + paint("warnings (\(s.warnings.count))", "33"))
            for warning in s.warnings.prefix(warningLimit) {
                lines.append("    - " + Format.terminalSafe(warning.message))
            }
            if s.warnings.count > warningLimit {
                lines.append("    … and \(s.warnings.count - warningLimit) more in summary.json")
            }
        }
        for path in written { lines.append("  wrote \(path)") }
        for failure in gateFailures { lines.append("  " + paint("gate failed: " + failure, "31")) }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ConsoleRenderer {
    /// What went wrong, first: the largest error groups with their counts, then the first failed
    /// tests with their `spec:line` and error headline.
    func errorLines(_ s: Summary, into lines: inout [String]) {
        if !s.errors.isEmpty {
            lines.append("  " + paint("errors (\(s.errors.count) group\(s.errors.count == 1 ? "" : "s"))", "31"))
            for e in s.errors.prefix(errorGroupCount) {
                lines.append("    \(String(e.tests + e.exceptions).leftPadded(5)) × \(Format.terminalSafe(clip(e.example)))")
                lines.append("            \(e.countsText)")
            }
            if s.errors.count > errorGroupCount { lines.append("    … and \(s.errors.count - errorGroupCount) more in summary.json") }
        }
        var failed = s.tests.filter { $0.state == .failed }
        // With a baseline the new failures come first: they are the ones this change brought.
        let change = { (t: TestSummary) in s.comparison?.change(spec: t.spec, title: t.title) }
        if s.comparison != nil {
            failed = failed.filter { change($0) == .newFailure } + failed.filter { change($0) != .newFailure }
        }
        if !failed.isEmpty {
            lines.append("  " + paint("failed tests (\(failed.count))", "31"))
            for test in failed.prefix(failedTestCount) {
                let mark = s.comparison == nil ? "" : (change(test) == .newFailure ? paint("new", "1;31") + " " : "known ")
                lines.append("    ✗ \(mark)\(Format.terminalSafe(clip(test.specLine + " › " + test.title.joined(separator: " › "))))")
                lines.append("      \(Format.terminalSafe(clip(ErrorGroupAnalysis.headline(test.error))))")
            }
            if failed.count > failedTestCount { lines.append("    … and \(failed.count - failedTestCount) more in the HTML report") }
        }
    }

    /// `vs main (run 1a2b…): 2 new failures, 1 already failing on main · 1 new flake · 1 resolved`.
    func comparisonLine(_ c: Comparison) -> String {
        let base = Format.terminalSafe(c.baseline.branch ?? "the baseline")
        func n(_ change: Comparison.Change) -> Int { c.count(change) }
        func plural(_ k: Int, _ word: String) -> String { "\(Format.count(k)) \(word)\(k == 1 ? "" : "s")" }
        var parts = [plural(n(.newFailure), "new failure") + ", \(Format.count(n(.existingFailure))) already failing on \(base)"]
        if n(.newFlake) + n(.existingFlake) > 0 {
            parts.append(plural(n(.newFlake), "new flake") + ", \(Format.count(n(.existingFlake))) known")
        }
        let resolved = n(.resolvedFailure) + n(.resolvedFlake)
        if resolved > 0 { parts.append("\(Format.count(resolved)) resolved") }
        if n(.notRun) > 0 { parts.append("\(Format.count(n(.notRun))) not run now") }
        let slower = c.specs.filter(\.markedlySlower).count
        if slower > 0 { parts.append(plural(slower, "spec") + " markedly slower") }
        let sha = c.baseline.sha.map { ", " + Format.terminalSafe(String($0.prefix(10))) } ?? ""
        let line = "vs \(base) (run \(Format.terminalSafe(c.baseline.runId))\(sha)): " + parts.joined(separator: " · ")
        return n(.newFailure) > 0 ? paint(line, "31") : line
    }

    /// One line of at most 160 characters.
    private func clip(_ text: String) -> String { Format.oneLine(text, limit: 160) }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
