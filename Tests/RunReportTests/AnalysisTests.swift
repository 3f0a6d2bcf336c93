import Testing

@testable import RunReport

/// The rules of `metrics.md` §3–6 on the scenario fixtures and on small hand-made runs.
@Suite struct AnalysisTests {
    @Test func nearestRankPercentilesAndHalfUpMean() {
        let stats = DurationStats([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 5])
        #expect(stats.count == 11)
        #expect(stats.p50Ms == 50)  // rank ceil(5.5) = 6 of 5,10,…,100
        #expect(stats.p90Ms == 90)  // rank ceil(9.9) = 10
        #expect(stats.p95Ms == 100)  // rank ceil(10.45) = 11
        #expect(DurationStats([1, 2]).meanMs == 2)  // 1.5 rounds half up
        #expect(DurationStats([]).p50Ms == nil)
        #expect(DurationStats([]).count == 0)
    }

    @Test func derivedStatusAndCompletion() throws {
        let cancelled = try Fixtures.summary("cancelled")
        #expect(cancelled.run.completionState == .canceled)
        #expect(cancelled.run.completionStateDerived)
        #expect(cancelled.run.status == .failing)
        #expect(cancelled.run.statusDerived)
        #expect(cancelled.specs.map(\.state).contains(.cancelled))
        #expect(cancelled.run.cancellation?.actor == "api:ci-key")

        let unclaimed = try Fixtures.summary("unclaimed")
        #expect(unclaimed.run.completionState == .inProgress)
        #expect(unclaimed.run.status == .running)
        #expect(unclaimed.run.tags == nil)
        #expect(unclaimed.run.isTimeout == nil)
        #expect(unclaimed.specs.filter { $0.state == .pending }.count == 3)
        #expect(unclaimed.tests.isEmpty)
        #expect(unclaimed.groups.allSatisfy { $0.fromInstances == nil })
    }

    @Test func timedOutRun() throws {
        let s = try Fixtures.summary("timed-out")
        #expect(s.run.completionState == .timeout)
        #expect(s.specs.map(\.state) == [.passed, .failed, .timedOut, .pending])
        let g = try #require(s.groups.first)
        #expect(g.wallMs == 56_350)  // the timed-out claim is not in the wall
        #expect(g.tailMs == 45_560)
    }

    @Test func machinesUnionIdleAndLateClaims() throws {
        let s = try Fixtures.summary("multi-group")
        let chrome = try #require(s.groups.first)
        let batched = try #require(chrome.machines.first { $0.machineId == "cH1aB2cD3eF4" })
        #expect(batched.busyMs == 33_000)  // union of overlapping batched claims, not their sum
        #expect(batched.idleMs == 0)
        #expect(chrome.wallMs == 56_450)
        #expect(chrome.criticalMachineId == "cH5gH6iJ7kL8")
        #expect(chrome.tailMs == 1_350)
        let firefox = s.groups[1]
        #expect(firefox.wallMs == 67_000)  // includes the spec with a null machineId
        #expect(firefox.machines.count == 2)  // …which is in no machine
        #expect(s.totals.rates.passRate == 0.95)
    }

    @Test func negativeDurationsAreWarningsAndLeftOut() throws {
        let s = try Fixtures.summary("negative-durations")
        // …and the spec with the zone-less completedAt is `running`, which its group's counters contradict.
        #expect(s.warnings.map(\.code) == [.invalidTimestamp, .negativeExecution, .negativeDuration, .countMismatch])
        let skew = try #require(s.specs.first { $0.spec.hasSuffix("a-skew.cy.ts") })
        #expect(skew.claimToCompleteMs == nil)
        #expect(s.totals.claimToComplete.count == 3)
        #expect(s.totals.execution.count == 3)  // a-skew's execution is left out too
        #expect(s.totals.execution.sumMs == 35_720)
        let offset = try #require(s.specs.first { $0.claimToCompleteMs == 17_357 })
        #expect(offset.claimedAt?.iso8601 == "2024-05-20T08:15:02.123Z")
        #expect(s.groups[0].wallMs == 32_450)
        let nullAttempt = try #require(s.tests.first { $0.title.last == "retries once" })
        #expect(nullAttempt.durationMs == 850)
        #expect(nullAttempt.flaky)
    }

    @Test func countersThatDisagreeAreBothShown() throws {
        let s = try Fixtures.summary("counters-disagree")
        let mismatches = s.warnings.filter { $0.code == .countMismatch }
        #expect(mismatches.count == 2)
        // Spec counters vs spec states: only alpha passed (delta is pending: invalid claimedAt); beta and gamma failed.
        #expect(mismatches[0].message.contains("instances.passes 3 vs 1, instances.failures 1 vs 2"))
        let mismatch = mismatches[1]
        #expect(mismatch.message.contains("passes 8 vs 6"))
        #expect(mismatch.message.contains("failures 0 vs 1"))
        #expect(s.groups[0].tests.passes == 8)
        #expect(s.groups[0].fromInstances?.passes == 6)
        #expect(s.totals.tests.pending == nil)
        #expect(s.run.status == .failed)  // derived from instances.failures
        let gamma = try #require(s.specs.first { $0.spec.contains("gamma") })
        #expect(gamma.state == .failed)  // by its exception
    }

    @Test func flakyTestErrorComesFromTheFailedAttemptWithoutANSI() throws {
        let s = try Fixtures.summary("flaky-retries")
        let flaky = try #require(s.tests.first { $0.flaky })
        #expect(flaky.attempts == 2)
        #expect(flaky.durationMs == 9_510)
        let error = try #require(flaky.error)
        #expect(error.hasPrefix("AssertionError: "))
        #expect(!error.contains("\u{1B}"))
        #expect(s.groups[0].fromInstances?.retryAttempts == 3)
        #expect(s.totals.execution.meanMs == 13_848)  // 13,847.5 rounded half up
    }

    @Test func specOrderFollowsGroupsThenClaimThenPath() throws {
        let s = try Fixtures.summary(
            runJSON: #"""
                {"runId":"r","groups":[{"groupId":"b"},{"groupId":"a"}],"specs":[
                  {"groupId":"zz","spec":"u.cy.ts"},
                  {"groupId":"a","spec":"y.cy.ts","claimedAt":"2024-01-01T00:00:01.000Z"},
                  {"groupId":"b","spec":"x.cy.ts"},
                  {"groupId":"b","spec":"w.cy.ts","claimedAt":"2024-01-01T00:00:02.000Z"},
                  {"groupId":"b","spec":"v.cy.ts","claimedAt":"2024-01-01T00:00:02.000Z"},
                  {"groupId":"a","spec":"Z.cy.ts"}]}
                """#)
        #expect(s.specs.map(\.spec) == ["v.cy.ts", "w.cy.ts", "x.cy.ts", "y.cy.ts", "Z.cy.ts", "u.cy.ts"])
        #expect(s.warnings.map(\.code).contains(.unknownGroup))
    }

    @Test func criticalMachineTiesGoToTheFirstMachine() throws {
        let s = try Fixtures.summary(
            runJSON: #"""
                {"runId":"r","groups":[{"groupId":"g"}],"specs":[
                  {"groupId":"g","spec":"a","machineId":"m2","claimedAt":"2024-01-01T00:00:00.000Z","completedAt":"2024-01-01T00:00:10.000Z"},
                  {"groupId":"g","spec":"b","machineId":"m1","claimedAt":"2024-01-01T00:00:00.000Z","completedAt":"2024-01-01T00:00:10.000Z"}]}
                """#)
        #expect(s.groups[0].machines.map(\.machineId) == ["m1", "m2"])
        #expect(s.groups[0].criticalMachineId == "m1")
        #expect(s.groups[0].tailMs == 0)
        #expect(s.groups[0].parallelEfficiency == 1.0)
    }

    @Test func zeroDenominatorsGiveNullRates() throws {
        let s = try Fixtures.summary(
            runJSON:
                #"{"runId":"r","groups":[{"groupId":"g","instances":{"complete":0,"failures":0},"tests":{"passes":0,"failures":0,"flaky":0}}],"specs":[]}"#
        )
        #expect(s.totals.rates == Rates(passRate: nil, failureRate: nil, flakyRate: nil, specFailureRate: nil))
    }

    @Test func noGroupsMeansZeroTotals() throws {
        let s = try Fixtures.summary(runJSON: #"{"runId":"r","specs":[]}"#)
        #expect(s.totals.tests.passes == 0)
        #expect(s.run.completionState == .complete)
        #expect(s.run.status == .passed)
    }
}
