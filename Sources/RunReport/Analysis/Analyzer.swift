import Foundation

/// Computes every figure of `docs/metrics.md` §1–6 from a ``RunInput``: a pure function, no I/O.
package enum Analyzer {
    package static func analyze(_ input: RunInput, generatorVersion: String) -> Summary {
        var warnings = input.warnings
        let run = input.run
        let runInfo = RunInfoAnalysis.runInfo(run)

        // §4: one record per spec, then the stable order of §9.
        var records: [SpecRecord] = []
        records.reserveCapacity(run.specs.count)
        for (index, spec) in run.specs.enumerated() {
            records.append(
                SpecRecord(spec: spec, instance: input.instances[index], inputIndex: index, completionState: runInfo.completionState))
        }
        let groupOrder = Dictionary(
            run.groups.enumerated().compactMap { i, g in g.groupId.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        // Indices are sorted, not the records: moving 20,000 records of a dozen references each cost
        // more retains than the comparisons. Ties (none: `precedes` ends on the input index) keep
        // input order either way.
        let order = records.indices.sorted { i, j in
            SpecRecord.precedes(records[i], records[j], groupOrder: groupOrder, unknownRank: run.groups.count)
        }
        records = order.map { records[$0] }
        for record in records { warnings.append(contentsOf: record.warnings) }

        // Specs whose group the run does not list.
        var unknownGroups: [String: Int] = [:]
        for record in records where record.spec.groupId.map({ groupOrder[$0] == nil }) ?? true {
            unknownGroups[record.spec.groupId ?? "(none)", default: 0] += 1
        }
        for (groupId, count) in unknownGroups.sorted(by: { $0.key.codePointPrecedes($1.key) }) {
            warnings.append(
                ReportWarning(
                    .unknownGroup,
                    "\(count) spec(s) name group \(JSONKind.name(groupId)), which the run's groups[] does not list; they count in the run's totals only."
                ))
        }

        // §6: tests, per spec in title-path order; the run's list follows spec order.
        // Specs are independent: their tests are summarised in parallel, in chunks of specs.
        // §14: each spec's artifacts go to its tests, the rest stay with the spec.
        let perRecord = Self.parallelMap(records) { record -> (tests: [TestSummary], artifacts: SpecArtifacts) in
            let collected = ArtifactAnalysis.collect(spec: record.spec, instance: record.instance)
            guard let instanceTests = record.instance?.results?.tests else { return ([], collected.spec) }
            var specTests = instanceTests.map { TestRecord.summary(of: $0, record: record) }
            for i in specTests.indices where i < collected.perTest.count { specTests[i].artifacts = collected.perTest[i] }
            func precedes(_ a: [String], _ b: [String]) -> Bool { a.lexicographicallyPrecedes(b) { $0.codePointPrecedes($1) } }
            // Instances usually list tests in an order that is already sorted or nearly so.
            if specTests.indices.dropFirst().allSatisfy({ !precedes(specTests[$0].title, specTests[$0 - 1].title) }) {
                return (specTests, collected.spec)
            }
            let order = specTests.indices.sorted { i, j in
                if precedes(specTests[i].title, specTests[j].title) { return true }
                if precedes(specTests[j].title, specTests[i].title) { return false }
                return i < j
            }
            return (order.map { specTests[$0] }, collected.spec)
        }
        let testsPerRecord = perRecord.map(\.tests)

        // Groups: each spec belongs to the first listing of its groupId.
        var memberIndices: [Int: [Int]] = [:]
        for (i, record) in records.enumerated() {
            guard let id = record.spec.groupId, let g = groupOrder[id] else { continue }
            memberIndices[g, default: []].append(i)
        }
        var groups: [GroupSummary] = []
        for (index, group) in run.groups.enumerated() {
            let members = (memberIndices[index] ?? []).map { records[$0] }
            let memberTests = (memberIndices[index] ?? []).map { testsPerRecord[$0] }
            let summary = GroupAnalysis.summarize(group: group, members: members, memberTests: memberTests, runCreatedAt: run.createdAt)
            warnings.append(contentsOf: GroupAnalysis.reconcile(summary, members: members))
            groups.append(summary)
        }
        var tests = testsPerRecord.flatMap { $0 }
        warnings.append(contentsOf: oddities(run: run, tests: tests))
        var specs = records.map(\.summary)
        for i in specs.indices { specs[i].artifacts = perRecord[i].artifacts }
        let errors = ErrorGroupAnalysis.groups(tests: &tests, specs: specs)

        let timed = records.filter(\.isTimed)
        let totals = Totals(
            instances: InstanceCounts.total(groups.map(\.instances)),
            tests: TestCounts.total(groups.map(\.tests)),
            rates: .zero,
            claimToComplete: DurationStats(records.compactMap(\.claimToCompleteMs)),
            execution: DurationStats(records.compactMap(\.statisticalExecutionMs)),
            wallMs: Wall.span(timed)
        )
        var withRates = totals
        withRates.rates = Rates(instances: totals.instances, tests: totals.tests)

        return Summary(
            generatorVersion: generatorVersion,
            run: runInfo,
            totals: withRates,
            groups: groups,
            specs: specs,
            tests: tests,
            errors: errors,
            warnings: warnings
        )
    }
}

extension Analyzer {
    /// `items.map(transform)` on every core, in order; serial for small inputs.
    static func parallelMap<T, U>(_ items: [T], _ transform: (T) -> U) -> [U] {
        let chunks = items.count < 256 ? 1 : min(64, ProcessInfo.processInfo.activeProcessorCount * 8)
        if chunks == 1 { return items.map(transform) }
        let results = ConcurrentResults<[U]>(count: chunks)
        let size = (items.count + chunks - 1) / chunks
        // Read-only input and a pure transform (the wire model is not marked Sendable, but nothing
        // here mutates it); each chunk writes only its own slot.
        nonisolated(unsafe) let items = items
        nonisolated(unsafe) let transform = transform
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let range = (c * size)..<min(items.count, (c + 1) * size)
            results[c] = range.isEmpty ? [] : items[range].map(transform)
        }
        var out: [U] = []
        out.reserveCapacity(items.count)
        for c in 0..<chunks { out.append(contentsOf: results[c] ?? []) }
        return out
    }
}

extension String {
    /// Ordering by Unicode code point (`docs/metrics.md` §9), not Swift's canonical-equivalence order.
    func codePointPrecedes(_ other: String) -> Bool {
        // UTF-8 byte order is code point order, so a memcmp of the bytes decides it.
        var a = self
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                if n > 0, let p = x.baseAddress, let q = y.baseAddress {
                    let c = memcmp(p, q, n)
                    if c != 0 { return c < 0 }
                }
                return x.count < y.count
            }
        }
    }
}

extension Rates {
    static let zero = Rates(passRate: nil, failureRate: nil, flakyRate: nil, specFailureRate: nil)

    /// `docs/metrics.md` §2: fractions, `nil` on a zero or unknown denominator.
    init(instances: InstanceCounts, tests: TestCounts) {
        func ratio(_ a: Int?, _ b: Int?) -> Double? {
            guard let a, let b, b != 0 else { return nil }
            return Double(a) / Double(b)
        }
        let decided: Int? = {
            guard let p = tests.passes, let f = tests.failures else { return nil }
            return p + f
        }()
        self.init(
            passRate: ratio(tests.passes, decided),
            failureRate: ratio(tests.failures, decided),
            flakyRate: ratio(tests.flaky, tests.passes),
            specFailureRate: ratio(instances.failures, instances.complete)
        )
    }
}

extension InstanceCounts {
    init(_ wire: Wire.InstanceCounters?) {
        self.init(overall: wire?.overall, claimed: wire?.claimed, complete: wire?.complete, passes: wire?.passes, failures: wire?.failures)
    }

    /// §9: the sum over groups; 0 with no groups; `nil` if any group lacks the counter.
    static func total(_ all: [InstanceCounts]) -> InstanceCounts {
        InstanceCounts(
            overall: sumAll(all.map(\.overall)), claimed: sumAll(all.map(\.claimed)), complete: sumAll(all.map(\.complete)),
            passes: sumAll(all.map(\.passes)), failures: sumAll(all.map(\.failures)))
    }
}

extension TestCounts {
    init(_ wire: Wire.TestCounters?) {
        self.init(
            overall: wire?.overall, passes: wire?.passes, failures: wire?.failures, pending: wire?.pending,
            skipped: wire?.skipped, retries: wire?.retries, flaky: wire?.flaky)
    }

    static func total(_ all: [TestCounts]) -> TestCounts {
        TestCounts(
            overall: sumAll(all.map(\.overall)), passes: sumAll(all.map(\.passes)), failures: sumAll(all.map(\.failures)),
            pending: sumAll(all.map(\.pending)), skipped: sumAll(all.map(\.skipped)), retries: sumAll(all.map(\.retries)),
            flaky: sumAll(all.map(\.flaky)))
    }
}

private func sumAll(_ values: [Int?]) -> Int? {
    var total = 0
    for value in values {
        guard let value else { return nil }
        let (sum, overflow) = total.addingReportingOverflow(value)
        if overflow { return nil }
        total = sum
    }
    return total
}

extension Analyzer {
    /// Values the data may hold but should not: unknown states (one warning per distinct value, with
    /// its count, not one per test) and instance ids shared by several specs. Nothing changes in the
    /// figures; the reports say what they met.
    static func oddities(run: Wire.Run, tests: [TestSummary]) -> [ReportWarning] {
        var warnings: [ReportWarning] = []
        func known(_ list: [some CustomStringConvertible]) -> String { list.map(\.description).joined(separator: ", ") }
        if case .other(let status) = run.status {
            warnings.append(
                ReportWarning(
                    .unknownStatus,
                    "status: \(JSONKind.name(status)) is not a known run status (\(known(RunStatus.known))); it is kept as it came."))
        }
        if case .other(let state) = run.completionState {
            warnings.append(
                ReportWarning(
                    .unknownCompletionState,
                    "completionState: \(JSONKind.name(state)) is not a known completion state (\(known(CompletionState.known))); it is kept as it came."
                ))
        }
        var unknownStates: [String: (count: Int, spec: String)] = [:]
        var order: [String] = []
        for test in tests {
            guard case .other(let state) = test.state else { continue }
            if unknownStates[state] == nil { order.append(state) }
            unknownStates[state, default: (0, test.spec)].count += 1
        }
        for state in order {
            guard let seen = unknownStates[state] else { continue }
            warnings.append(
                ReportWarning(
                    .unknownTestState,
                    "\(seen.count) test(s) have state \(JSONKind.name(state)) (the first in \(JSONKind.name(seen.spec))), which is not a known test state (\(known(TestState.known))); kept as it came, counted as none of them.",
                    spec: seen.spec))
        }
        var firstSpec: [String: Int] = [:]
        var shared: [String: [Int]] = [:]
        var sharedOrder: [String] = []
        for (index, spec) in run.specs.enumerated() {
            guard let id = spec.instanceId, !id.isEmpty else { continue }
            if let first = firstSpec[id] {
                if shared[id] == nil {
                    shared[id] = [first]
                    sharedOrder.append(id)
                }
                shared[id, default: []].append(index)
            } else {
                firstSpec[id] = index
            }
        }
        for id in sharedOrder {
            let indices = (shared[id] ?? []).map { "specs[\($0)]" }.joined(separator: ", ")
            warnings.append(
                ReportWarning(
                    .sharedInstanceId,
                    "\(indices) share instanceId \(JSONKind.name(id)); its instance is matched to one of them only."))
        }
        return warnings
    }
}
