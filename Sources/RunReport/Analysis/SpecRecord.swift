/// One spec with everything `docs/metrics.md` §4 derives from it and its instance.
struct SpecRecord {
    let spec: Wire.Spec
    let instance: Wire.Instance?
    let inputIndex: Int
    let state: SpecState
    /// `nil` when a time is missing or `completedAt` precedes `claimedAt`.
    let claimToCompleteMs: Int64?
    let executionMs: Int64?
    /// Claimed and completed with a non-negative duration: counts in wall time and machines.
    let isTimed: Bool
    /// `completedAt` before `claimedAt`: bad data, left out of every timing statistic (§4).
    let hasNegativeDuration: Bool
    /// The execution time as timing statistics may use it.
    var statisticalExecutionMs: Int64? { hasNegativeDuration ? nil : executionMs }
    let tests: SpecSummary.SpecTests?
    let warnings: [ReportWarning]

    init(spec: Wire.Spec, instance: Wire.Instance?, inputIndex: Int, completionState: CompletionState) {
        self.spec = spec
        self.instance = instance
        self.inputIndex = inputIndex
        var warnings: [ReportWarning] = []
        let runResults = spec.results
        let instanceResults = instance?.results

        // §9: stats and exception come from the run, else from the instance.
        let statsFromRun = runResults?.stats != nil
        let stats = runResults?.stats ?? instanceResults?.stats
        let exception = runResults?.exception ?? instanceResults?.exception
        let tellsResults =
            runResults?.stats != nil || runResults?.exception != nil || instanceResults?.stats != nil || instanceResults?.tests != nil

        // Times.
        var claimToComplete: Int64?
        var timed = false
        var negative = false
        if let claimed = spec.claimedAt, let completed = spec.completedAt {
            let ms = completed.milliseconds(since: claimed)
            if ms < 0 {
                negative = true
                warnings.append(
                    ReportWarning(
                        .negativeDuration,
                        "spec \(JSONKind.name(spec.spec)) (instance \(spec.instanceId ?? "none")): completedAt \(completed.iso8601) is before claimedAt \(claimed.iso8601); its times are left out of every timing figure.",
                        spec: spec.spec))
            } else {
                claimToComplete = ms
                timed = true
            }
        }
        var execution: Int64?
        if let duration = runResults?.stats?.wallClockDuration ?? instanceResults?.stats?.wallClockDuration {
            if duration < 0 {
                warnings.append(
                    ReportWarning(
                        .negativeExecution,
                        "spec \(JSONKind.name(spec.spec)) (instance \(spec.instanceId ?? "none")): results.stats.wallClockDuration is negative (\(duration) ms); execution time treated as unknown.",
                        spec: spec.spec))
            } else {
                execution = Int64(duration)
            }
        }
        claimToCompleteMs = claimToComplete
        executionMs = execution
        isTimed = timed
        hasNegativeDuration = negative

        // State.
        if spec.claimedAt == nil {
            state = .pending
        } else if spec.completedAt == nil {
            switch completionState {
            case .timeout: state = .timedOut
            case .canceled: state = .cancelled
            case .inProgress, .complete, .other: state = .running
            }
        } else {
            let testFailed =
                instanceResults?.tests?.contains { test in
                    switch test.state {
                    case .failed?, .skipped?: true
                    case .passed?, .pending?, .other?, nil: false
                    }
                } ?? false
            let failed = (stats?.failures ?? 0) > 0 || (stats?.skipped ?? 0) > 0 || exception != nil || testFailed
            state = failed ? .failed : (tellsResults ? .passed : .completed)
        }

        // §9: the spec's own test counts.
        if let stats {
            let flaky = statsFromRun ? (runResults?.flaky ?? stats.flaky) : (instanceResults?.flaky ?? stats.flaky)
            tests = SpecSummary.SpecTests(
                overall: stats.tests, passes: stats.passes, failures: stats.failures, pending: stats.pending,
                skipped: stats.skipped, flaky: flaky)
        } else {
            tests = nil
        }
        self.warnings = warnings
    }

    var summary: SpecSummary {
        SpecSummary(
            groupId: spec.groupId, spec: spec.spec, instanceId: spec.instanceId, machineId: spec.machineId, state: state,
            claimedAt: spec.claimedAt, completedAt: spec.completedAt, claimToCompleteMs: claimToCompleteMs,
            executionMs: executionMs,
            overheadMs: claimToCompleteMs.flatMap { c in executionMs.map { c - $0 } },
            hasNegativeDuration: hasNegativeDuration,
            tests: tests,
            executionStartedAt: spec.results?.stats?.wallClockStartedAt ?? instance?.results?.stats?.wallClockStartedAt,
            exception: (spec.results?.exception ?? instance?.results?.exception).map(TextSanitizer.stripANSI),
            hasTestData: instance?.results?.tests != nil)
    }

    /// §9 order: group order (unknown groups after, by groupId), `claimedAt` (nulls last), spec
    /// path, instanceId, input order.
    static func precedes(_ a: SpecRecord, _ b: SpecRecord, groupOrder: [String: Int], unknownRank: Int) -> Bool {
        let ga = a.spec.groupId.flatMap { groupOrder[$0] } ?? unknownRank
        let gb = b.spec.groupId.flatMap { groupOrder[$0] } ?? unknownRank
        if ga != gb { return ga < gb }
        if ga == unknownRank, a.spec.groupId != b.spec.groupId {
            return (a.spec.groupId ?? "").codePointPrecedes(b.spec.groupId ?? "")
        }
        switch (a.spec.claimedAt, b.spec.claimedAt) {
        case (let x?, let y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        if a.spec.spec.codePointPrecedes(b.spec.spec) { return true }
        if b.spec.spec.codePointPrecedes(a.spec.spec) { return false }
        let ia = a.spec.instanceId ?? "", ib = b.spec.instanceId ?? ""
        if ia.codePointPrecedes(ib) { return true }
        if ib.codePointPrecedes(ia) { return false }
        return a.inputIndex < b.inputIndex
    }
}
