/// What `html/report.html` receives: stored, pre-formatted strings (cleaned of characters HTML
/// forbids; the template escapes them), booleans for sections, arrays of dictionaries for lists.
/// The three large blocks — `timelineSVG`, `specsJSON`, `testsJSON` — are markup and JSON this tool
/// produced (escaped as they were built) and go in raw with `{{{ }}}`. Every variable is listed in
/// `Templates/html/VARIABLES.md`.
package enum HTMLViewModel {
    /// How many of the slowest tests the report lists.
    package static let slowestCount = 20

    package static func context(_ s: Summary, timelineSVG: String?, specsJSON: String, testsJSON: String, failed: Int, flaky: Int)
        -> [String: Any]
    {
        var c: [String: Any] = [:]
        let run = s.run
        c["runId"] = text(run.runId)
        c["generatorVersion"] = text(s.generatorVersion)
        c["status"] = text(run.status.description)
        c["statusClass"] = cssClass(run.status)
        c["statusDerived"] = run.statusDerived
        c["completionState"] = text(run.completionState.description)
        c["completionDerived"] = run.completionStateDerived
        c["branch"] = text(run.commit.branch) ?? "—"
        let sha = text(run.commit.sha)
        c["commitSHA"] = sha ?? "—"
        c["commitShort"] = sha.map { String($0.prefix(12)) } ?? "—"
        c["commitURL"] = SafeLink.commitURL(remoteOrigin: run.commit.remoteOrigin, sha: run.commit.sha) ?? false
        c["commitMessage"] = text(run.commit.message) ?? false
        c["commitAuthor"] = text(run.commit.authorName) ?? false
        c["remoteOrigin"] = text(run.commit.remoteOrigin) ?? "—"
        c["ciBuildId"] = text(run.ciBuildId) ?? "—"
        c["tags"] = run.tags.map { tags in tags.map { ["tag": HTMLText.clean($0)] } } ?? []
        c["hasTags"] = !(run.tags ?? []).isEmpty
        c["cypressVersion"] = text(run.cypressVersion) ?? "—"
        c["createdAt"] = Format.utc(run.createdAt)
        c["createdAtISO"] = run.createdAt?.iso8601 ?? false
        switch run.isTimeout {
        case true?: c["timeout"] = "timed out" + (run.timeoutValueMs.map { " (limit \(Format.duration(Int64($0))))" } ?? "")
        case false?: c["timeout"] = "no" + (run.timeoutValueMs.map { " (limit \(Format.duration(Int64($0))))" } ?? "")
        case nil: c["timeout"] = "—"
        }
        if let cancel = run.cancellation {
            var parts = ["cancelled"]
            if let actor = text(cancel.actor) { parts.append("by " + actor) }
            if cancel.canceledAt != nil { parts.append("at " + Format.utc(cancel.canceledAt)) }
            if let reason = text(cancel.reason) { parts.append("(" + reason + ")") }
            c["cancellation"] = parts.joined(separator: " ")
        } else {
            c["cancellation"] = "no"
        }
        c["dashboardURL"] = SafeLink.httpsURL(run.dashboardURL) ?? false
        c["dashboardText"] = text(run.dashboardURL) ?? "—"

        c["totals"] = totals(s.totals, specs: s.specs.count)
        c["groups"] = s.groups.map(group)
        c["multipleGroups"] = s.groups.count > 1
        c["hasGroups"] = !s.groups.isEmpty
        c["fromInstances"] = s.groups.compactMap(fromInstances)
        c["hasFromInstances"] = s.groups.contains { $0.fromInstances != nil }
        c["balance"] = balance(s)
        c["hasBalance"] = s.groups.contains { $0.balance != nil }

        c["timelineSVG"] = timelineSVG ?? ""
        c["hasTimeline"] = timelineSVG != nil
        c["specsJSON"] = specsJSON
        c["specCount"] = String(s.specs.count)
        c["states"] = SpecState.allCases.map { ["state": $0.rawValue, "label": label($0)] }

        let hasTests = !s.tests.isEmpty
        c["hasTests"] = hasTests
        c["testsJSON"] = testsJSON
        c["failedCount"] = String(failed)
        c["flakyCount"] = String(flaky)
        c["hasFailed"] = failed > 0
        c["hasFlaky"] = flaky > 0
        c["slowest"] = slowest(s)

        c["warnings"] = s.warnings.map { w in
            ["code": w.code.rawValue, "message": HTMLText.clean(w.message), "spec": HTMLText.clean(w.spec) ?? false] as [String: Any]
        }
        c.merge(HTMLHistory.context(s.history)) { a, _ in a }
        c["hasWarnings"] = !s.warnings.isEmpty
        c["warningCount"] = String(s.warnings.count)
        return c
    }

    private static func totals(_ t: Totals, specs: Int) -> [String: Any] {
        [
            "specsListed": String(specs),
            "instancesOverall": Format.count(t.instances.overall),
            "instancesComplete": Format.count(t.instances.complete),
            "instancesFailures": Format.count(t.instances.failures),
            "testsOverall": Format.count(t.tests.overall),
            "testsPasses": Format.count(t.tests.passes),
            "testsFailures": Format.count(t.tests.failures),
            "testsPending": Format.count(t.tests.pending),
            "testsSkipped": Format.count(t.tests.skipped),
            "testsFlaky": Format.count(t.tests.flaky),
            "passRate": Format.percent(t.rates.passRate),
            "passRateTitle": t.passRateTitle,
            "failureRate": Format.percent(t.rates.failureRate),
            "flakyRate": Format.percent(t.rates.flakyRate),
            "flakyRateTitle": t.flakyRateTitle,
            "specFailureRate": Format.percent(t.rates.specFailureRate),
            "wall": Format.duration(t.wallMs),
            "c2cMean": Format.duration(t.claimToComplete.meanMs),
            "c2cP50": Format.duration(t.claimToComplete.p50Ms),
            "c2cP90": Format.duration(t.claimToComplete.p90Ms),
            "c2cMax": Format.duration(t.claimToComplete.maxMs),
            "execMean": Format.duration(t.execution.meanMs),
            "execP50": Format.duration(t.execution.p50Ms),
            "execP90": Format.duration(t.execution.p90Ms),
            "execMax": Format.duration(t.execution.maxMs),
        ]
    }

    private static func group(_ g: GroupSummary) -> [String: Any] {
        return [
            "name": HTMLText.clean(g.groupId),
            "platform": HTMLText.clean(g.platform.label) ?? "—",
            "instancesOverall": Format.count(g.instances.overall),
            "instancesComplete": Format.count(g.instances.complete),
            "instancesFailures": Format.count(g.instances.failures),
            "testsOverall": Format.count(g.tests.overall),
            "testsPasses": Format.count(g.tests.passes),
            "testsFailures": Format.count(g.tests.failures),
            "testsPending": Format.count(g.tests.pending),
            "testsSkipped": Format.count(g.tests.skipped),
            "testsFlaky": Format.count(g.tests.flaky),
            "passRate": Format.percent(g.rates.passRate),
            "failureRate": Format.percent(g.rates.failureRate),
            "flakyRate": Format.percent(g.rates.flakyRate),
            "specFailureRate": Format.percent(g.rates.specFailureRate),
            "wall": Format.duration(g.wallMs),
            "startDelay": Format.duration(g.startDelayMs),
            "machines": String(g.machines.count),
            "efficiency": Format.percent(g.parallelEfficiency),
            "criticalMachine": HTMLText.clean(g.criticalMachineId) ?? "—",
            "tail": Format.duration(g.tailMs),
            "c2cMean": Format.duration(g.claimToComplete.meanMs),
            "c2cP50": Format.duration(g.claimToComplete.p50Ms),
            "c2cP90": Format.duration(g.claimToComplete.p90Ms),
            "c2cMax": Format.duration(g.claimToComplete.maxMs),
            "execMean": Format.duration(g.execution.meanMs),
            "execP50": Format.duration(g.execution.p50Ms),
            "execP90": Format.duration(g.execution.p90Ms),
            "execMax": Format.duration(g.execution.maxMs),
        ]
    }

    private static func fromInstances(_ g: GroupSummary) -> [String: Any]? {
        guard let f = g.fromInstances else { return nil }
        return [
            "name": HTMLText.clean(g.groupId),
            "passes": String(f.passes), "failures": String(f.failures), "pending": String(f.pending),
            "skipped": String(f.skipped), "flaky": String(f.flaky), "retryAttempts": String(f.retryAttempts),
        ]
    }

    /// The slowest tests by duration, ties in summary order.
    private static func slowest(_ s: Summary) -> [[String: Any]] {
        var best: [(ms: Int64, index: Int)] = []
        for (i, t) in s.tests.enumerated() {
            guard let ms = t.durationMs else { continue }
            if best.count == slowestCount, let last = best.last, ms <= last.ms { continue }
            let at = best.firstIndex { ms > $0.ms } ?? best.count
            best.insert((ms, i), at: at)
            if best.count > slowestCount { best.removeLast() }
        }
        return best.map { entry in
            let t = s.tests[entry.index]
            return [
                "title": HTMLText.clean(t.title.joined(separator: " › ")),
                "spec": HTMLText.clean(t.spec),
                "group": HTMLText.clean(t.groupId) ?? "—",
                "state": HTMLText.clean(t.state?.description) ?? "—",
                "attempts": String(t.attempts),
                "duration": Format.duration(t.durationMs),
            ]
        }
    }

    private static func text(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return HTMLText.clean(s)
    }

    /// `passed`, `failed`, `running` or `other`: a class name never taken from the data.
    private static func cssClass(_ status: RunStatus) -> String {
        switch status.verdict {
        case .passed: "passed"
        case .failed: "failed"
        case .running: "running"
        case .unknown: "other"
        }
    }

    static func label(_ state: SpecState) -> String {
        switch state {
        case .timedOut: "timed out"
        default: state.rawValue
        }
    }
}
