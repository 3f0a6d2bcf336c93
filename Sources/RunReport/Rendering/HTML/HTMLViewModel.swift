/// What `html/report.html` receives: stored, pre-formatted strings (cleaned of characters HTML
/// forbids; the template escapes them), booleans and Optionals for sections, arrays of structs for
/// lists. The large blocks — `timelineSVG`, `overviewSVG`, `specsJSON`, `testsJSON` and the two
/// embedded data blocks — are markup and JSON this tool produced (escaped as they were built) and go
/// in raw with `{{{ }}}`. Typed values: a name a template uses that is not a property here fails
/// `TemplateVariablesTests` instead of blanking a section. Every variable is listed in
/// `Templates/html/VARIABLES.md`.
package struct HTMLViewModel {
    /// How many of the slowest tests the report lists.
    package static let slowestCount = 20

    // The run: the status line and the folded run details.
    var runId: String?
    var generatorVersion: String?
    var status: String?
    var statusClass: String
    var statusDerived: Bool
    var completionState: String?
    var completionDerived: Bool
    var branch: String
    var commitSHA: String
    var commitShort: String
    var commitURL: String?
    var commitMessage: String?
    var commitAuthor: String?
    var remoteOrigin: String
    var ciBuildId: String
    var tags: [Tag]
    var hasTags: Bool
    var cypressVersion: String
    var createdAt: String
    var createdAtISO: String?
    var timeout: String
    var cancellation: String
    var dashboardURL: String?
    var dashboardText: String

    // Figures, groups and balance.
    var totals: Figures
    var groups: [Group]
    var multipleGroups: Bool
    var hasGroups: Bool
    var fromInstances: [FromInstances]
    var hasFromInstances: Bool
    var balance: [BalanceGroup]
    var hasBalance: Bool

    // The timeline.
    var timelineSVG: String
    var hasTimeline: Bool
    var overviewSVG: String
    var hasOverview: Bool
    var laneCount: String

    // The specs table and the tests (the script renders both from the data blocks).
    var specsJSON: String
    var specCount: String
    var states: [StateOption]
    var hasTests: Bool
    var testsJSON: String
    var failedCount: String
    var flakyCount: String
    var hasFailed: Bool
    var hasFlaky: Bool
    var slowest: [Slowest]
    var triage: HTMLTriage
    var testDetails: HTMLData.Embedded
    var otherTests: HTMLData.Embedded

    var warnings: [Warning]
    var hasWarnings: Bool
    var warningCount: String

    /// The history section (several runs), entered with `{{#history}}`.
    var history: HTMLHistory?
    var hasHistory: Bool

    struct Tag { var tag: String }

    struct StateOption {
        var state: String
        var label: String
    }

    struct Warning {
        var code: String
        var message: String
        var spec: String?
    }

    /// The run's figures (`totals` in `summary.json`), formatted.
    struct Figures {
        var specsListed, instancesOverall, instancesComplete, instancesFailures: String
        var testsOverall, testsPasses, testsFailures, testsPending, testsSkipped, testsFlaky: String
        var passRate, passRateTitle, failureRate, flakyRate, flakyRateTitle, specFailureRate: String
        var wall, c2cMean, c2cP50, c2cP90, c2cMax, execMean, execP50, execP90, execMax: String
    }

    /// One group's row in the groups table.
    struct Group {
        var name: String
        var platform: String
        var instancesOverall, instancesComplete, instancesFailures: String
        var testsOverall, testsPasses, testsFailures, testsPending, testsSkipped, testsFlaky: String
        var passRate, failureRate, flakyRate, specFailureRate: String
        var wall, startDelay, machines, efficiency, criticalMachine, tail: String
        var c2cMean, c2cP50, c2cP90, c2cMax, execMean, execP50, execP90, execMax: String
    }

    /// A group's tests as its instances tell them.
    struct FromInstances {
        var name, passes, failures, pending, skipped, flaky, retryAttempts: String
    }

    struct Slowest {
        var title, spec, group, state, attempts, duration: String
    }

    init(
        _ s: Summary, timelineSVG: String?, overviewSVG: String?, laneCount: Int, specsJSON: String, testsJSON: String,
        index: HTMLTestIndex, triage: HTMLTriage, testDetails: HTMLData.Embedded, otherTests: HTMLData.Embedded
    ) {
        let run = s.run
        runId = Self.text(run.runId)
        generatorVersion = Self.text(s.generatorVersion)
        status = Self.text(run.status.description)
        statusClass = Self.cssClass(run.status)
        statusDerived = run.statusDerived
        completionState = Self.text(run.completionState.description)
        completionDerived = run.completionStateDerived
        branch = Self.text(run.commit.branch) ?? "—"
        let sha = Self.text(run.commit.sha)
        commitSHA = sha ?? "—"
        commitShort = sha.map { String($0.prefix(12)) } ?? "—"
        commitURL = SafeLink.commitURL(remoteOrigin: run.commit.remoteOrigin, sha: run.commit.sha)
        commitMessage = Self.text(run.commit.message)
        commitAuthor = Self.text(run.commit.authorName)
        remoteOrigin = Self.text(run.commit.remoteOrigin) ?? "—"
        ciBuildId = Self.text(run.ciBuildId) ?? "—"
        tags = (run.tags ?? []).map { Tag(tag: HTMLText.clean($0)) }
        hasTags = !(run.tags ?? []).isEmpty
        cypressVersion = Self.text(run.cypressVersion) ?? "—"
        createdAt = Format.utc(run.createdAt)
        createdAtISO = run.createdAt?.iso8601
        let limit = run.timeoutValueMs.map { " (limit \(Format.duration(Int64($0))))" } ?? ""
        switch run.isTimeout {
        case true?: timeout = "timed out" + limit
        case false?: timeout = "no" + limit
        case nil: timeout = "—"
        }
        if let cancel = run.cancellation {
            var parts = ["cancelled"]
            if let actor = Self.text(cancel.actor) { parts.append("by " + actor) }
            if cancel.canceledAt != nil { parts.append("at " + Format.utc(cancel.canceledAt)) }
            if let reason = Self.text(cancel.reason) { parts.append("(" + reason + ")") }
            cancellation = parts.joined(separator: " ")
        } else {
            cancellation = "no"
        }
        dashboardURL = SafeLink.httpsURL(run.dashboardURL)
        dashboardText = Self.text(run.dashboardURL) ?? "—"

        totals = Self.figures(s.totals, specs: s.specs.count)
        groups = s.groups.map(Self.group)
        multipleGroups = s.groups.count > 1
        hasGroups = !s.groups.isEmpty
        fromInstances = s.groups.compactMap(Self.fromInstances)
        hasFromInstances = s.groups.contains { $0.fromInstances != nil }
        balance = Self.balance(s)
        hasBalance = s.groups.contains { $0.balance != nil }

        self.timelineSVG = timelineSVG ?? ""
        hasTimeline = timelineSVG != nil
        self.overviewSVG = overviewSVG ?? ""
        hasOverview = overviewSVG != nil
        self.laneCount = Format.count(laneCount)

        self.specsJSON = specsJSON
        specCount = String(s.specs.count)
        states = SpecState.allCases.map { StateOption(state: $0.rawValue, label: Self.label($0)) }
        hasTests = !s.tests.isEmpty
        self.testsJSON = testsJSON
        failedCount = String(index.failed.count)
        flakyCount = String(index.flaky.count)
        hasFailed = !index.failed.isEmpty
        hasFlaky = !index.flaky.isEmpty
        slowest = Self.slowest(s)
        self.triage = triage
        self.testDetails = testDetails
        self.otherTests = otherTests

        warnings = s.warnings.map { w in Warning(code: w.code.rawValue, message: HTMLText.clean(w.message), spec: HTMLText.clean(w.spec)) }
        hasWarnings = !s.warnings.isEmpty
        warningCount = String(s.warnings.count)
        history = s.history.map(HTMLHistory.init)
        hasHistory = s.history != nil
    }

    private static func figures(_ t: Totals, specs: Int) -> Figures {
        Figures(
            specsListed: String(specs),
            instancesOverall: Format.count(t.instances.overall),
            instancesComplete: Format.count(t.instances.complete),
            instancesFailures: Format.count(t.instances.failures),
            testsOverall: Format.count(t.tests.overall),
            testsPasses: Format.count(t.tests.passes),
            testsFailures: Format.count(t.tests.failures),
            testsPending: Format.count(t.tests.pending),
            testsSkipped: Format.count(t.tests.skipped),
            testsFlaky: Format.count(t.tests.flaky),
            passRate: Format.percent(t.rates.passRate),
            passRateTitle: t.passRateTitle,
            failureRate: Format.percent(t.rates.failureRate),
            flakyRate: Format.percent(t.rates.flakyRate),
            flakyRateTitle: t.flakyRateTitle,
            specFailureRate: Format.percent(t.rates.specFailureRate),
            wall: Format.duration(t.wallMs),
            c2cMean: Format.duration(t.claimToComplete.meanMs),
            c2cP50: Format.duration(t.claimToComplete.p50Ms),
            c2cP90: Format.duration(t.claimToComplete.p90Ms),
            c2cMax: Format.duration(t.claimToComplete.maxMs),
            execMean: Format.duration(t.execution.meanMs),
            execP50: Format.duration(t.execution.p50Ms),
            execP90: Format.duration(t.execution.p90Ms),
            execMax: Format.duration(t.execution.maxMs))
    }

    private static func group(_ g: GroupSummary) -> Group {
        Group(
            name: HTMLText.clean(g.groupId),
            platform: HTMLText.clean(g.platform.label) ?? "—",
            instancesOverall: Format.count(g.instances.overall),
            instancesComplete: Format.count(g.instances.complete),
            instancesFailures: Format.count(g.instances.failures),
            testsOverall: Format.count(g.tests.overall),
            testsPasses: Format.count(g.tests.passes),
            testsFailures: Format.count(g.tests.failures),
            testsPending: Format.count(g.tests.pending),
            testsSkipped: Format.count(g.tests.skipped),
            testsFlaky: Format.count(g.tests.flaky),
            passRate: Format.percent(g.rates.passRate),
            failureRate: Format.percent(g.rates.failureRate),
            flakyRate: Format.percent(g.rates.flakyRate),
            specFailureRate: Format.percent(g.rates.specFailureRate),
            wall: Format.duration(g.wallMs),
            startDelay: Format.duration(g.startDelayMs),
            machines: String(g.machines.count),
            efficiency: Format.percent(g.parallelEfficiency),
            criticalMachine: HTMLText.clean(g.criticalMachineId) ?? "—",
            tail: Format.duration(g.tailMs),
            c2cMean: Format.duration(g.claimToComplete.meanMs),
            c2cP50: Format.duration(g.claimToComplete.p50Ms),
            c2cP90: Format.duration(g.claimToComplete.p90Ms),
            c2cMax: Format.duration(g.claimToComplete.maxMs),
            execMean: Format.duration(g.execution.meanMs),
            execP50: Format.duration(g.execution.p50Ms),
            execP90: Format.duration(g.execution.p90Ms),
            execMax: Format.duration(g.execution.maxMs))
    }

    private static func fromInstances(_ g: GroupSummary) -> FromInstances? {
        guard let f = g.fromInstances else { return nil }
        return FromInstances(
            name: HTMLText.clean(g.groupId), passes: String(f.passes), failures: String(f.failures), pending: String(f.pending),
            skipped: String(f.skipped), flaky: String(f.flaky), retryAttempts: String(f.retryAttempts))
    }

    /// The slowest tests by duration, ties in summary order.
    private static func slowest(_ s: Summary) -> [Slowest] {
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
            return Slowest(
                title: HTMLText.clean(t.title.joined(separator: " › ")), spec: HTMLText.clean(t.spec),
                group: HTMLText.clean(t.groupId) ?? "—", state: HTMLText.clean(t.state?.description) ?? "—",
                attempts: String(t.attempts), duration: Format.duration(t.durationMs))
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
