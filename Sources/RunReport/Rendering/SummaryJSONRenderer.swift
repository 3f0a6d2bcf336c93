/// Writes `summary.json`, schema version 1 (the README's `summary.json` section; the golden files
/// are complete examples): every key present, in a fixed order, `null` where the data does not
/// allow a figure.
package enum SummaryJSONRenderer {
    package static let schemaVersion = 1

    package static func render(_ s: Summary) -> [UInt8] {
        var w = JSONWriter(capacity: JSONWriter.chunkCapacity)
        w.beginObject()
        w.key("schemaVersion"); w.int(schemaVersion)
        w.key("generator")
        w.beginObject()
        w.key("name"); w.string("runreport")
        w.key("version"); w.string(s.generatorVersion)
        w.endObject()
        w.key("run"); writeRun(&w, s.run)
        w.key("totals"); writeTotals(&w, s.totals)
        w.key("groups")
        w.array(s.groups, writeGroup)
        w.key("specs")
        w.array(s.specs, writeSpec)
        w.key("tests")
        w.array(s.tests, writeTest)
        w.key("errors")
        w.objects(s.errors) { w, e in
            w.key("fingerprint"); w.string(e.fingerprint)
            w.key("key"); w.string(e.key)
            w.key("example"); w.string(e.example)
            w.key("failed"); w.int(e.failed)
            w.key("flaky"); w.int(e.flaky)
            w.key("tests"); w.int(e.tests)
            w.key("exceptions"); w.int(e.exceptions)
            w.key("specs"); w.int(e.specs)
            w.key("groups"); w.int(e.groups)
            w.key("firstSeen"); w.timestamp(e.firstSeen)
            w.key("runsSeen"); w.int(e.runsSeen)
        }
        w.key("warnings")
        w.objects(s.warnings) { w, warning in
            w.key("code"); w.string(warning.code.rawValue)
            w.key("message"); w.string(warning.message)
            w.key("spec"); w.string(warning.spec)
        }
        w.key("history")
        if let history = s.history { writeHistory(&w, history) } else { w.null() }
        w.key("comparison")
        w.object(s.comparison) { w, c in writeComparison(&w, c) }
        w.key("apiContext")
        w.object(s.apiContext) { w, c in writeAPIContext(&w, c) }
        w.endObject()
        return w.finish(appending: [0x0A])
    }

    /// Each outcome's name as a JSON string, by severity: a 30-run history of 20,000 tests writes
    /// 600,000 of them.
    private static let outcomeJSON: [[UInt8]] = HistorySummary.Outcome.allCases.sorted { $0.severity < $1.severity }.map {
        Array("\"\($0.rawValue)\"".utf8)
    }

    /// `history`, as `docs/summary-json.md` lays it out (`docs/metrics.md` §7, §11).
    private static func writeHistory(_ w: inout JSONWriter, _ h: HistorySummary) {
        w.beginObject()
        w.key("runs")
        w.objects(h.runs) { w, run in
            w.key("runId"); w.string(run.runId)
            w.key("createdAt"); w.timestamp(run.createdAt)
            w.key("status"); w.string(run.status.description)
        }
        w.key("tests")
        w.objects(h.tests) { w, t in
            w.key("spec"); w.string(t.spec)
            w.key("title")
            w.strings(t.title)
            w.key("executed"); w.int(t.executed)
            w.key("passes"); w.int(t.passes)
            w.key("failures"); w.int(t.failures)
            w.key("flaky"); w.int(t.flaky)
            w.key("flakyRate"); w.double(t.flakyRate)
            w.key("failureRate"); w.double(t.failureRate)
            w.key("firstSeen"); w.timestamp(t.firstSeen)
            w.key("lastSeen"); w.timestamp(t.lastSeen)
            w.key("outcomes")
            w.beginArray()
            for o in t.outcomes {
                if let o { w.encodedString(Self.outcomeJSON[o.severity]) } else { w.null() }
            }
            w.endArray()
            w.key("transition"); w.string(t.transition?.rawValue)
        }
        w.key("specs")
        w.objects(h.specs) { w, spec in
            w.key("spec"); w.string(spec.spec)
            w.key("runs"); w.int(spec.runs)
            w.key("medianExecutionMs"); w.int(spec.medianExecutionMs)
            w.key("medianClaimToCompleteMs"); w.int(spec.medianClaimToCompleteMs)
            w.key("latestExecutionMs"); w.int(spec.latestExecutionMs)
            w.key("trend"); w.double(spec.trend)
        }
        w.endObject()
    }

    /// `comparison`, as `docs/summary-json.md` lays it out (`docs/metrics.md` §13).
    private static func writeComparison(_ w: inout JSONWriter, _ c: Comparison) {
        w.key("baseline")
        w.beginObject()
        w.key("runId"); w.string(c.baseline.runId)
        w.key("createdAt"); w.timestamp(c.baseline.createdAt)
        w.key("branch"); w.string(c.baseline.branch)
        w.key("sha"); w.string(c.baseline.sha)
        w.key("status"); w.string(c.baseline.status.description)
        w.endObject()
        w.key("counts")
        w.beginObject()
        for change in Comparison.Change.allCases {
            w.key(change.rawValue); w.int(c.count(change))
        }
        w.endObject()
        w.key("tests")
        w.objects(c.tests) { w, t in
            w.key("spec"); w.string(t.spec)
            w.key("title"); w.strings(t.title)
            w.key("now"); w.string(t.now?.rawValue)
            w.key("baseline"); w.string(t.baseline?.rawValue)
            w.key("change"); w.string(t.change.rawValue)
        }
        w.key("specs")
        w.objects(c.specs) { w, spec in
            w.key("spec"); w.string(spec.spec)
            w.key("executionMs"); w.int(spec.executionMs)
            w.key("baselineExecutionMs"); w.int(spec.baselineExecutionMs)
            w.key("ratio"); w.double(spec.ratio)
            w.key("markedlySlower"); w.bool(spec.markedlySlower)
        }
    }

    /// `apiContext`: the API's aggregates as it counted them (`docs/summary-json.md`).
    private static func writeAPIContext(_ w: inout JSONWriter, _ c: APIContext) {
        w.key("source"); w.string("currents")
        w.key("days"); w.int(c.days)
        w.key("from"); w.timestamp(c.from)
        w.key("to"); w.timestamp(c.to)
        w.key("branch"); w.string(c.branch)
        w.key("requests"); w.int(c.requests)
        w.key("capped"); w.bool(c.capped)
        func figures(_ w: inout JSONWriter, _ f: APIContext.Figures) {
            w.key("executions"); w.int(f.executions)
            w.key("passes"); w.int(f.passes)
            w.key("failures"); w.int(f.failures)
            w.key("flaky"); w.int(f.flaky)
            w.key("failureRate"); w.double(f.failureRate)
            w.key("flakinessRate"); w.double(f.flakinessRate)
        }
        w.key("tests")
        w.objects(c.tests) { w, t in
            w.key("spec"); w.string(t.spec)
            w.key("title"); w.strings(t.title)
            w.key("branch"); w.object(t.branch, figures)
            w.key("all"); w.object(t.all, figures)
        }
        w.key("specs")
        w.objects(c.specs) { w, spec in
            w.key("spec"); w.string(spec.spec)
            w.key("avgDurationMs"); w.int(spec.avgDurationMs)
            w.key("executions"); w.int(spec.executions)
        }
        w.key("whatIf")
        w.objects(c.whatIf) { w, g in
            w.key("groupId"); w.string(g.groupId)
            w.key("averaged"); w.int(g.averaged)
            w.key("specs"); w.int(g.specs)
            w.key("whatIf")
            w.objects(g.whatIf) { w, option in
                w.key("machines"); w.int(option.machines)
                w.key("predictedWallMs"); w.int(option.predictedWallMs)
            }
        }
    }

    private static func writeRun(_ w: inout JSONWriter, _ r: RunInfo) {
        w.beginObject()
        w.key("runId"); w.string(r.runId)
        w.key("projectId"); w.string(r.projectId)
        w.key("createdAt"); w.timestamp(r.createdAt)
        w.key("tags")
        if let tags = r.tags {
            w.strings(tags)
        } else {
            w.null()
        }
        w.key("cypressVersion"); w.string(r.cypressVersion)
        w.key("status"); w.string(r.status.description)
        w.key("statusDerived"); w.bool(r.statusDerived)
        w.key("completionState"); w.string(r.completionState.description)
        w.key("completionStateDerived"); w.bool(r.completionStateDerived)
        w.key("timeout")
        w.beginObject()
        w.key("isTimeout"); w.bool(r.isTimeout)
        w.key("timeoutValueMs"); w.int(r.timeoutValueMs)
        w.endObject()
        w.key("cancellation")
        w.object(r.cancellation) { w, c in
            w.key("actor"); w.string(c.actor)
            w.key("canceledAt"); w.timestamp(c.canceledAt)
            w.key("reason"); w.string(c.reason)
        }
        w.key("ciBuildId"); w.string(r.ciBuildId)
        w.key("commit")
        w.beginObject()
        w.key("sha"); w.string(r.commit.sha)
        w.key("branch"); w.string(r.commit.branch)
        w.key("authorName"); w.string(r.commit.authorName)
        w.key("authorEmail"); w.string(r.commit.authorEmail)
        w.key("message"); w.string(r.commit.message)
        w.key("remoteOrigin"); w.string(r.commit.remoteOrigin)
        w.key("defaultBranch"); w.string(r.commit.defaultBranch)
        w.endObject()
        w.key("dashboardUrl"); w.string(r.dashboardURL)
        w.endObject()
    }

    private static func writeInstances(_ w: inout JSONWriter, _ c: InstanceCounts) {
        w.beginObject()
        w.key("overall"); w.int(c.overall)
        w.key("claimed"); w.int(c.claimed)
        w.key("complete"); w.int(c.complete)
        w.key("passes"); w.int(c.passes)
        w.key("failures"); w.int(c.failures)
        w.endObject()
    }

    private static func writeTests(_ w: inout JSONWriter, _ c: TestCounts) {
        w.beginObject()
        w.key("overall"); w.int(c.overall)
        w.key("passes"); w.int(c.passes)
        w.key("failures"); w.int(c.failures)
        w.key("pending"); w.int(c.pending)
        w.key("skipped"); w.int(c.skipped)
        w.key("retries"); w.int(c.retries)
        w.key("flaky"); w.int(c.flaky)
        w.endObject()
    }

    private static func writeRates(_ w: inout JSONWriter, _ r: Rates) {
        w.key("passRate"); w.double(r.passRate)
        w.key("failureRate"); w.double(r.failureRate)
        w.key("flakyRate"); w.double(r.flakyRate)
        w.key("specFailureRate"); w.double(r.specFailureRate)
    }

    private static func writeStats(_ w: inout JSONWriter, _ s: DurationStats) {
        w.beginObject()
        w.key("count"); w.int(s.count)
        w.key("sumMs"); w.int(s.sumMs)
        w.key("meanMs"); w.int(s.meanMs)
        w.key("p50Ms"); w.int(s.p50Ms)
        w.key("p90Ms"); w.int(s.p90Ms)
        w.key("p95Ms"); w.int(s.p95Ms)
        w.key("maxMs"); w.int(s.maxMs)
        w.endObject()
    }

    private static func writeTotals(_ w: inout JSONWriter, _ t: Totals) {
        w.beginObject()
        writeFigures(&w, t)
        w.endObject()
        w.endObject()
    }

    /// The keys a run's totals and a group share, up to inside `timing`, which the caller closes
    /// (a group adds its own timing figures).
    private static func writeFigures(_ w: inout JSONWriter, _ t: Totals) {
        w.key("instances"); writeInstances(&w, t.instances)
        w.key("tests"); writeTests(&w, t.tests)
        writeRates(&w, t.rates)
        w.key("timing")
        w.beginObject()
        w.key("claimToComplete"); writeStats(&w, t.claimToComplete)
        w.key("execution"); writeStats(&w, t.execution)
        w.key("wallMs"); w.int(t.wallMs)
    }

    private static func writeGroup(_ w: inout JSONWriter, _ g: GroupSummary) {
        w.beginObject()
        w.key("groupId"); w.string(g.groupId)
        w.key("platform")
        w.beginObject()
        w.key("osName"); w.string(g.platform.osName)
        w.key("osVersion"); w.string(g.platform.osVersion)
        w.key("browserName"); w.string(g.platform.browserName)
        w.key("browserVersion"); w.string(g.platform.browserVersion)
        w.endObject()
        writeFigures(&w, g.figures)
        w.key("startDelayMs"); w.int(g.startDelayMs)
        w.key("parallelEfficiency"); w.double(g.parallelEfficiency)
        w.key("criticalMachineId"); w.string(g.criticalMachineId)
        w.key("tailMs"); w.int(g.tailMs)
        w.endObject()
        w.key("machines")
        w.objects(g.machines) { w, m in
            w.key("machineId"); w.string(m.machineId)
            w.key("specs"); w.int(m.specs)
            w.key("busyMs"); w.int(m.busyMs)
            w.key("idleMs"); w.int(m.idleMs)
            w.key("utilization"); w.double(m.utilization)
            w.key("firstClaimedAt"); w.timestamp(m.firstClaimedAt)
            w.key("lastCompletedAt"); w.timestamp(m.lastCompletedAt)
        }
        w.key("fromInstances")
        w.object(g.fromInstances) { w, f in
            w.key("passes"); w.int(f.passes)
            w.key("failures"); w.int(f.failures)
            w.key("pending"); w.int(f.pending)
            w.key("skipped"); w.int(f.skipped)
            w.key("flaky"); w.int(f.flaky)
            w.key("retryAttempts"); w.int(f.retryAttempts)
        }
        w.key("balance"); writeBalance(&w, g.balance)
        w.endObject()
    }

    /// `groups[].balance` (`docs/metrics.md` §10).
    private static func writeBalance(_ w: inout JSONWriter, _ b: Balance?) {
        guard let b else { return w.null() }
        w.beginObject()
        w.key("machines"); w.int(b.machines)
        w.key("actualWallMs"); w.int(b.actualWallMs)
        w.key("lowerBoundMs"); w.int(b.lowerBoundMs)
        w.key("gapMs"); w.int(b.gapMs)
        w.key("whatIf")
        w.objects(b.whatIf) { w, option in
            w.key("machines"); w.int(option.machines)
            w.key("predictedWallMs"); w.int(option.predictedWallMs)
        }
        w.key("splitCandidates")
        w.objects(b.splitCandidates) { w, split in
            w.key("spec"); w.string(split.spec)
            w.key("executionMs"); w.int(split.executionMs)
        }
        w.key("lateMachines")
        w.objects(b.lateMachines) { w, late in
            w.key("machineId"); w.string(late.machineId)
            w.key("startDelayMs"); w.int(late.startDelayMs)
        }
        w.endObject()
    }

    private static func writeSpec(_ w: inout JSONWriter, _ s: SpecSummary) {
        w.beginObject()
        w.key("groupId"); w.string(s.groupId)
        w.key("spec"); w.string(s.spec)
        w.key("instanceId"); w.string(s.instanceId)
        w.key("machineId"); w.string(s.machineId)
        w.key("state"); w.string(s.state.rawValue)
        w.key("claimedAt"); w.timestamp(s.claimedAt)
        w.key("completedAt"); w.timestamp(s.completedAt)
        w.key("claimToCompleteMs"); w.int(s.claimToCompleteMs)
        w.key("executionMs"); w.int(s.executionMs)
        w.key("overheadMs"); w.int(s.overheadMs)
        w.key("tests")
        w.object(s.tests) { w, t in
            w.key("overall"); w.int(t.overall)
            w.key("passes"); w.int(t.passes)
            w.key("failures"); w.int(t.failures)
            w.key("pending"); w.int(t.pending)
            w.key("skipped"); w.int(t.skipped)
            w.key("flaky"); w.int(t.flaky)
        }
        w.key("video")
        w.object(s.artifacts.video) { w, v in
            w.key("url"); w.string(v.url)
            w.key("savedPath"); w.string(v.savedPath)
        }
        w.key("artifacts")
        w.array(s.artifacts.others, writeArtifact)
        w.endObject()
    }

    /// `{attempt, kind, name, url, savedPath}` (`docs/summary-json.md`, artifacts).
    private static func writeArtifact(_ w: inout JSONWriter, _ a: Artifact) {
        w.beginObject()
        w.key("attempt"); w.int(a.attempt)
        w.key("kind"); w.string(a.kind.rawValue)
        w.key("name"); w.string(a.name)
        w.key("url"); w.string(a.url)
        w.key("savedPath"); w.string(a.savedPath)
        w.endObject()
    }

    private static func writeTest(_ w: inout JSONWriter, _ t: TestSummary) {
        w.beginObject()
        w.key("groupId"); w.string(t.groupId)
        w.key("spec"); w.string(t.spec)
        w.key("instanceId"); w.string(t.instanceId)
        w.key("title")
        w.strings(t.title)
        w.key("state"); w.string(t.state?.description)
        w.key("attempts"); w.int(t.attempts)
        w.key("flaky"); w.bool(t.flaky)
        w.key("retries"); w.int(t.retries)
        w.key("durationMs"); w.int(t.durationMs)
        w.key("error"); w.string(t.error)
        w.key("fingerprint"); w.string(t.fingerprint)
        w.key("artifacts")
        w.array(t.artifacts, writeArtifact)
        w.endObject()
    }
}
