import Testing

@testable import RunReport

/// The real run `real-flaky-c7068a4d`, checked by hand against the data itself
/// (`Fixtures/real-flaky-c7068a4d`, a real run recorded in Currents): these numbers were read off the JSON, not off our output.
@Suite struct RealFixtureTests {
    let s: Summary

    init() throws { s = try Fixtures.summary("real-flaky-c7068a4d") }

    @Test func groupCountersAsSent() throws {
        let g = try #require(s.groups.first)
        #expect(s.groups.count == 1)
        #expect(g.tests == TestCounts(overall: 8, passes: 4, failures: 3, pending: 1, skipped: 0, retries: 1, flaky: 1))
        #expect(g.instances == InstanceCounts(overall: 5, claimed: 5, complete: 5, passes: 2, failures: 3))
        #expect(s.totals.tests == g.tests)
    }

    @Test func rates() {
        // 4 / (4 + 3), 3 / 7, 1 flaky / 4 passes, 3 failed specs / 5 complete.
        #expect(s.totals.rates.passRate == 4.0 / 7.0)
        #expect(s.totals.rates.failureRate == 3.0 / 7.0)
        #expect(s.totals.rates.flakyRate == 0.25)
        #expect(s.totals.rates.specFailureRate == 0.6)
    }

    @Test func statusIsReadNotDerived() {
        #expect(s.run.status == .failed)
        #expect(!s.run.statusDerived)
        #expect(s.run.completionState == .complete)
        #expect(!s.run.completionStateDerived)
        #expect(s.run.dashboardURL == "https://app.currents.dev/run/c7068a4d0aa7e75a")
    }

    @Test func specBQueuedMoreThanItRan() throws {
        // claimedAt 04:42:59.617, completedAt 04:43:41.503 → 41,886 ms; wallClockDuration 17,835 ms.
        let b = try #require(s.specs.first { $0.spec == "cypress/e2e/b.spec.js" })
        #expect(b.claimToCompleteMs == 41_886)
        #expect(b.executionMs == 17_835)
        #expect(b.overheadMs == 24_051)
        #expect(b.state == .failed)
        #expect(b.tests == SpecSummary.SpecTests(overall: 3, passes: 2, failures: 1, pending: 0, skipped: 0, flaky: 1))
    }

    @Test func specStatesAndOrder() {
        // Ordered by claimedAt: a (.417), e (.474), d (.516), c (.612), b (.617).
        #expect(s.specs.map(\.spec) == ["a", "e", "d", "c", "b"].map { "cypress/e2e/\($0).spec.js" })
        #expect(s.specs.map(\.state) == [.failed, .failed, .passed, .passed, .failed])
    }

    @Test func wallAndMachine() throws {
        // First claim 04:42:59.417 (a), last completion 04:43:41.503 (b); run created 04:42:58.900.
        let g = try #require(s.groups.first)
        #expect(g.wallMs == 42_086)
        #expect(g.startDelayMs == 517)
        #expect(g.machines.count == 1)
        #expect(g.machines.first?.busyMs == 42_086)  // every interval overlaps the next
        #expect(g.machines.first?.idleMs == 0)
        #expect(g.parallelEfficiency == 1.0)
        #expect(g.criticalMachineId == "rAA1SgkfccF9")
        #expect(g.tailMs == nil)  // one machine
    }

    @Test func executionStatistics() throws {
        // 13,647 + 17,835 + 47 + 977 + 472 = 32,978; sorted 47, 472, 977, 13,647, 17,835.
        let e = s.totals.execution
        #expect(e.count == 5)
        #expect(e.sumMs == 32_978)
        #expect(e.meanMs == 6_596)  // 6,595.6 rounded
        #expect(e.p50Ms == 977)  // rank ceil(2.5) = 3
        #expect(e.p90Ms == 17_835)  // rank ceil(4.5) = 5
        #expect(e.maxMs == 17_835)
    }

    @Test func testsFromInstances() throws {
        #expect(s.tests.count == 8)
        let flaky = s.tests.filter(\.flaky)
        #expect(flaky.count == 1)
        let f = try #require(flaky.first)
        #expect(f.title.last == "should fail on the first attempt and pass on the second")
        #expect(f.attempts == 2)
        #expect(f.retries == 1)
        #expect(f.durationMs == 4_403)  // 4,276 + 127
        #expect(f.error?.hasPrefix("AssertionError: ") == true)  // the failed attempt's error

        let failing = try #require(s.tests.first { $0.spec == "cypress/e2e/a.spec.js" })
        #expect(failing.state == .failed)
        #expect(!failing.flaky)  // failed on every attempt: failed, not flaky
        #expect(failing.attempts == 3)
        #expect(failing.durationMs == 13_447)  // 4,711 + 4,347 + 4,389

        let pending = try #require(s.tests.first { $0.spec == "cypress/e2e/c.spec.js" })
        #expect(pending.state == .pending)
        #expect(pending.attempts == 0)
        #expect(pending.durationMs == nil)

        let g = try #require(s.groups.first?.fromInstances)
        #expect(g == GroupSummary.FromInstances(passes: 4, failures: 3, pending: 1, skipped: 0, flaky: 1, retryAttempts: 5))
        #expect(s.warnings.isEmpty)  // instances and counters agree
    }
}
