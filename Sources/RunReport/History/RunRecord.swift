/// What the history database keeps of one analysed run (`docs/history-db.md`): its identity, per
/// spec listing its timings, per test key its outcome, and its error groups. It holds everything a
/// ``HistoryAnalysis/Digest`` needs, so a history read back from the database is the history of the
/// same runs given as a folder.
package struct RunRecord: Sendable, Equatable {
    package var identity: Identity
    /// One per (group, spec path), the largest timings of its listings (§11).
    package var specs: [Spec]
    /// One per (spec path, title path): the worst outcome (§11); tests with no known state are left out.
    package var tests: [Test]
    /// The run's error groups (§12).
    package var errors: [ErrorCount]

    /// Which run, and where it belongs: the history of a run is the runs of its project and branch.
    package struct Identity: Sendable, Equatable {
        package var runId: String
        package var project: String?
        package var branch: String?
        package var sha: String?
        package var createdAt: Timestamp
        package var status: RunStatus

        /// Ordered as the runs of a history are: createdAt, then runId.
        package func precedes(_ other: Identity) -> Bool {
            createdAt != other.createdAt ? createdAt < other.createdAt : runId.codePointPrecedes(other.runId)
        }
    }

    package struct Spec: Sendable, Equatable {
        package var groupId: String?
        package var path: String
        package var executionMs: Int64?
        package var claimToCompleteMs: Int64?
    }

    package struct Test: Sendable, Equatable {
        package var key: HistoryAnalysis.TestKey
        package var outcome: HistorySummary.Outcome
        /// The duration and error group of the listing that gave the outcome.
        package var durationMs: Int64?
        package var fingerprint: String?
    }

    package struct ErrorCount: Sendable, Equatable {
        package var fingerprint: String
        package var failed, flaky, exceptions: Int
    }

    /// The record of an analysed run; a run without a valid createdAt has no place in a history.
    /// `name` names the run's file in errors.
    package init(_ s: Summary, name: String) throws(HistoryStoreError) {
        guard let createdAt = s.run.createdAt else { throw .noCreatedAt(file: name) }
        identity = Identity(
            runId: s.run.runId, project: s.run.projectId, branch: s.run.commit.branch, sha: s.run.commit.sha, createdAt: createdAt,
            status: s.run.status)

        let larger = HistoryAnalysis.larger
        struct SpecKey: Hashable {
            var groupId: String?
            var path: String
        }
        var specIndex: [SpecKey: Int] = [:]
        specs = []
        for spec in s.specs {
            let key = SpecKey(groupId: spec.groupId, path: spec.spec)
            if let i = specIndex[key] {
                specs[i].executionMs = larger(specs[i].executionMs, spec.executionMs)
                specs[i].claimToCompleteMs = larger(specs[i].claimToCompleteMs, spec.claimToCompleteMs)
            } else {
                specIndex[key] = specs.count
                specs.append(
                    Spec(groupId: spec.groupId, path: spec.spec, executionMs: spec.executionMs, claimToCompleteMs: spec.claimToCompleteMs))
            }
        }

        var testIndex: [HistoryAnalysis.TestKey: Int] = [:]
        tests = []
        for test in s.tests {
            guard let outcome = HistoryAnalysis.outcome(of: test) else { continue }
            let key = HistoryAnalysis.TestKey(spec: test.spec, title: test.title)
            let record = Test(key: key, outcome: outcome, durationMs: test.durationMs, fingerprint: test.fingerprint)
            if let i = testIndex[key] {
                if outcome > tests[i].outcome { tests[i] = record }
            } else {
                testIndex[key] = tests.count
                tests.append(record)
            }
        }
        errors = s.errors.map { ErrorCount(fingerprint: $0.fingerprint, failed: $0.failed, flaky: $0.flaky, exceptions: $0.exceptions) }
    }

    /// The digest history analysis takes: the same as ``HistoryAnalysis/digest(_:createdAt:)`` of
    /// the summary this record was made from.
    package var digest: HistoryAnalysis.Digest {
        var digest = HistoryAnalysis.Digest(
            runId: identity.runId, createdAt: identity.createdAt, status: identity.status, specs: [:], tests: [:])
        for spec in specs { digest.merge(spec: spec.path, executionMs: spec.executionMs, claimToCompleteMs: spec.claimToCompleteMs) }
        for test in tests { digest.merge(test: test.key, outcome: test.outcome) }
        return digest
    }
}

extension HistoryAnalysis.Digest {
    /// Adds a listing of a spec: a spec listed more than once keeps its largest timings (§11).
    package mutating func merge(spec path: String, executionMs: Int64?, claimToCompleteMs: Int64?) {
        HistoryAnalysis.merge(&specs[path], executionMs: executionMs, claimToCompleteMs: claimToCompleteMs)
    }

    /// Adds a test's outcome: a key seen twice takes the worst (§11).
    package mutating func merge(test key: HistoryAnalysis.TestKey, outcome: HistorySummary.Outcome) {
        if let previous = tests[key], previous >= outcome { return }
        tests[key] = outcome
    }
}
