/// Per-group figures (`metrics.md` §1, §2, §5, §6) and the reconciliation of the group's counters
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
                case "passed": counts.passes += 1
                case "failed": counts.failures += 1
                case "pending": counts.pending += 1
                case "skipped": counts.skipped += 1
                default: break
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
            instances: instances,
            tests: tests,
            rates: Rates(instances: instances, tests: tests),
            claimToComplete: DurationStats(members.compactMap(\.claimToCompleteMs)),
            execution: DurationStats(members.compactMap(\.statisticalExecutionMs)),
            wallMs: wallMs,
            startDelayMs: startDelay,
            parallelEfficiency: efficiency,
            criticalMachineId: critical?.machineId,
            tailMs: tail,
            machines: machines,
            fromInstances: fromInstances)
    }

    /// §6 reconciliation: where the instances' counts differ from the group's counters, a warning
    /// shows both (the report never silently prefers one); likewise a spec count that differs from
    /// `instances.overall`.
    static func reconcile(_ summary: GroupSummary, group: Wire.Group, members: [SpecRecord]) -> [ReportWarning] {
        var warnings: [ReportWarning] = []
        let name = JSONKind.name(summary.groupId)
        if let overall = summary.instances.overall, overall != members.count {
            warnings.append(
                ReportWarning(
                    .specCountMismatch, "group \(name): instances.overall is \(overall) but the run lists \(members.count) spec(s) for it.")
            )
        }
        if summary.instances.overall == nil || summary.instances.overall == members.count {
            // The spec counters against the states of the specs the run lists.
            let passed = members.filter { $0.state == .passed }.count
            let failed = members.filter { $0.state == .failed }.count
            let specPairs: [(String, Int?, Int)] = [
                ("instances.passes", summary.instances.passes, passed), ("instances.failures", summary.instances.failures, failed),
            ]
            let differing = specPairs.filter { $0.1 != nil && $0.1 != $0.2 }
            if !differing.isEmpty {
                let detail = differing.map { "\($0.0) \($0.1.map(String.init) ?? "—") vs \($0.2)" }.joined(separator: ", ")
                warnings.append(
                    ReportWarning(
                        .countMismatch,
                        "group \(name): the run's spec counters and the states of its specs disagree: \(detail) (counter vs specs); both are reported."
                    ))
            }
        }
        guard let counted = summary.fromInstances else { return warnings }
        let pairs: [(String, Int?, Int)] = [
            ("passes", summary.tests.passes, counted.passes),
            ("failures", summary.tests.failures, counted.failures),
            ("pending", summary.tests.pending, counted.pending),
            ("skipped", summary.tests.skipped, counted.skipped),
            ("flaky", summary.tests.flaky, counted.flaky),
        ]
        let differing = pairs.filter { $0.1 != nil && $0.1 != $0.2 }
        guard !differing.isEmpty else { return warnings }
        let read = members.filter { $0.instance != nil }.count
        let detail = differing.map { "\($0.0) \($0.1.map(String.init) ?? "—") vs \($0.2)" }.joined(separator: ", ")
        warnings.append(
            ReportWarning(
                .countMismatch,
                "group \(name): the run's test counters and its instances (read for \(read) of \(members.count) specs) disagree: \(detail) (run vs instances); both are reported."
            ))
        return warnings
    }
}
