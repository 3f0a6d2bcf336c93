/// Per-group figures (`docs/metrics.md` §1, §2, §5, §6) and the reconciliation of the group's counters
/// with what its instances say.
enum GroupAnalysis {
    static func summarize(group: Wire.Group, members: [SpecRecord], memberTests: [[TestSummary]], runCreatedAt: Timestamp?) -> GroupSummary
    {
        let instances = InstanceCounts(group.instances)
        let tests = TestCounts(group.tests)
        let timed = members.filter(\.isTimed)
        let wallMs = Wall.span(timed)
        let machines = Wall.machines(timed, wallMs: wallMs)

        let startDelay: Int64? = {
            guard let created = runCreatedAt, let first = timed.compactMap(\.spec.claimedAt).min() else { return nil }
            return first.milliseconds(since: created)
        }()
        let efficiency: Double? = {
            guard let wallMs, wallMs > 0, !machines.isEmpty else { return nil }
            let busy = machines.reduce(Int64(0)) { $0 + $1.busyMs }
            return Double(busy) / (Double(machines.count) * Double(wallMs))
        }()
        // The machine finishing last; ties to the first in machine order.
        var critical: MachineSummary?
        for machine in machines {
            if let current = critical, machine.lastCompletedAt <= current.lastCompletedAt { continue }
            critical = machine
        }
        let tail: Int64? = {
            guard let critical, machines.count >= 2 else { return nil }
            let others = machines.filter { $0.machineId != critical.machineId }.map(\.lastCompletedAt)
            guard let second = others.max() else { return nil }
            return critical.lastCompletedAt.milliseconds(since: second)
        }()

        var fromInstances: GroupSummary.FromInstances?
        if members.contains(where: { $0.instance != nil }) {
            var counts = GroupSummary.FromInstances(passes: 0, failures: 0, pending: 0, skipped: 0, flaky: 0, retryAttempts: 0)
            for test in memberTests.joined() {
                switch test.state {
                case .passed?: counts.passes += 1
                case .failed?: counts.failures += 1
                case .pending?: counts.pending += 1
                case .skipped?: counts.skipped += 1
                case .other?, nil: break
                }
                if test.flaky { counts.flaky += 1 }
                counts.retryAttempts += test.retries
            }
            fromInstances = counts
        }

        return GroupSummary(
            groupId: group.groupId ?? "",
            platform: Platform(
                osName: group.platform?.osName, osVersion: group.platform?.osVersion,
                browserName: group.platform?.browserName, browserVersion: group.platform?.browserVersion),
            figures: Totals(
                instances: instances,
                tests: tests,
                rates: Rates(instances: instances, tests: tests),
                claimToComplete: DurationStats(members.compactMap(\.claimToCompleteMs)),
                execution: DurationStats(members.compactMap(\.statisticalExecutionMs)),
                wallMs: wallMs),
            startDelayMs: startDelay,
            parallelEfficiency: efficiency,
            criticalMachineId: critical?.machineId,
            tailMs: tail,
            machines: machines,
            fromInstances: fromInstances,
            balance: BalanceAnalysis.balance(
                jobs: members.compactMap { m in m.statisticalExecutionMs.map { BalanceAnalysis.Job(spec: m.spec.spec, executionMs: $0) } },
                machines: machines, earliestClaim: timed.compactMap(\.spec.claimedAt).min(), actualWallMs: wallMs))
    }

    /// §6 reconciliation: where the instances' counts differ from the group's counters, a warning
    /// shows both (the report never silently prefers one); likewise a spec count that differs from
    /// `instances.overall`, and spec counters that differ from the specs' states.
    static func reconcile(_ summary: GroupSummary, members: [SpecRecord]) -> [ReportWarning] {
        var warnings: [ReportWarning] = []
        let name = JSONKind.name(summary.groupId)
        if let overall = summary.instances.overall, overall != members.count {
            warnings.append(
                ReportWarning(
                    .specCountMismatch, "group \(name): instances.overall is \(overall) but the run lists \(members.count) spec(s) for it.")
            )
        } else if let detail = mismatches([
            ("instances.passes", summary.instances.passes, members.filter { $0.state == .passed }.count),
            ("instances.failures", summary.instances.failures, members.filter { $0.state == .failed }.count),
        ]) {
            warnings.append(
                ReportWarning(
                    .countMismatch,
                    "group \(name): the run's spec counters and the states of its specs disagree: \(detail) (counter vs specs); both are reported."
                ))
        }
        if let counted = summary.fromInstances,
            let detail = mismatches([
                ("passes", summary.tests.passes, counted.passes),
                ("failures", summary.tests.failures, counted.failures),
                ("pending", summary.tests.pending, counted.pending),
                ("skipped", summary.tests.skipped, counted.skipped),
                ("flaky", summary.tests.flaky, counted.flaky),
            ])
        {
            let read = members.filter { $0.instance != nil }.count
            warnings.append(
                ReportWarning(
                    .countMismatch,
                    "group \(name): the run's test counters and its instances (read for \(read) of \(members.count) specs) disagree: \(detail) (run vs instances); both are reported."
                ))
        }
        return warnings
    }

    /// `name counter vs counted, …` for the pairs whose counter is present and differs; `nil` when none does.
    private static func mismatches(_ pairs: [(name: String, counter: Int?, counted: Int)]) -> String? {
        let differing = pairs.filter { $0.counter != nil && $0.counter != $0.counted }
        guard !differing.isEmpty else { return nil }
        return differing.map { "\($0.name) \($0.counter.map(String.init) ?? "—") vs \($0.counted)" }.joined(separator: ", ")
    }
}
