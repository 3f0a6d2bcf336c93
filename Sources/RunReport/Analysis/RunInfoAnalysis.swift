/// `metrics.md` §3 and §9: the run's headline facts, with status and completion state read or
/// derived (and which one said).
enum RunInfoAnalysis {
    static func runInfo(_ run: Wire.Run) -> RunInfo {
        let anyFailure = run.groups.contains { ($0.tests?.failures ?? 0) > 0 || ($0.instances?.failures ?? 0) > 0 }

        let completion: CompletionState
        let completionDerived: Bool
        if let read = run.completionState {
            completion = read
            completionDerived = false
        } else {
            completionDerived = true
            if run.timeout?.isTimeout == true {
                completion = .timeout
            } else if run.cancellation != nil {
                completion = .canceled
            } else if run.groups.allSatisfy({ g in
                guard let done = g.instances?.complete, let all = g.instances?.overall else { return false }
                return done == all
            }) {
                completion = .complete
            } else {
                completion = .inProgress
            }
        }

        let status: RunStatus
        let statusDerived: Bool
        if let read = run.status {
            status = read
            statusDerived = false
        } else {
            statusDerived = true
            if completion == .complete {
                status = anyFailure ? .failed : .passed
            } else {
                status = anyFailure ? .failing : .running
            }
        }

        let commit = run.meta?.commit
        return RunInfo(
            runId: run.runId,
            projectId: run.projectId,
            createdAt: run.createdAt,
            tags: run.tags,
            cypressVersion: run.cypressVersion,
            status: status,
            statusDerived: statusDerived,
            completionState: completion,
            completionStateDerived: completionDerived,
            isTimeout: run.timeout?.isTimeout,
            timeoutValueMs: run.timeout?.timeoutValueMs,
            cancellation: run.cancellation.map { RunInfo.Cancellation(actor: $0.actor, canceledAt: $0.canceledAt, reason: $0.reason) },
            ciBuildId: run.meta?.ciBuildId,
            commit: RunInfo.Commit(
                sha: commit?.sha, branch: commit?.branch, authorName: commit?.authorName, authorEmail: commit?.authorEmail,
                message: commit?.message, remoteOrigin: commit?.remoteOrigin, defaultBranch: commit?.defaultBranch),
            dashboardURL: "https://app.currents.dev/run/" + PercentEncoding.encode(run.runId))
    }
}
