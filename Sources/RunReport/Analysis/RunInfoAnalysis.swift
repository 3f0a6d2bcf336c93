/// `docs/metrics.md` §3 and §9: the run's headline facts, with status and completion state read or
/// derived (and which one said).
enum RunInfoAnalysis {
    static func runInfo(_ run: Wire.Run) -> RunInfo {
        let anyFailure = run.groups.contains { ($0.tests?.failures ?? 0) > 0 || ($0.instances?.failures ?? 0) > 0 }

        // Read when the run says; derived (and marked so) when it does not.
        let completion = run.completionState ?? derivedCompletion(run)
        let status = run.status ?? derivedStatus(completion: completion, anyFailure: anyFailure)

        let commit = run.meta?.commit
        return RunInfo(
            runId: run.runId,
            projectId: run.projectId,
            createdAt: run.createdAt,
            tags: run.tags,
            cypressVersion: run.cypressVersion,
            status: status,
            statusDerived: run.status == nil,
            completionState: completion,
            completionStateDerived: run.completionState == nil,
            isTimeout: run.timeout?.isTimeout,
            timeoutValueMs: run.timeout?.timeoutValueMs,
            cancellation: run.cancellation.map { RunInfo.Cancellation(actor: $0.actor, canceledAt: $0.canceledAt, reason: $0.reason) },
            ciBuildId: run.meta?.ciBuildId,
            commit: RunInfo.Commit(
                sha: commit?.sha, branch: commit?.branch, authorName: commit?.authorName, authorEmail: commit?.authorEmail,
                message: commit?.message, remoteOrigin: commit?.remoteOrigin, defaultBranch: commit?.defaultBranch),
            dashboardURL: "https://app.currents.dev/run/" + PercentEncoding.encode(run.runId))
    }

    private static func derivedCompletion(_ run: Wire.Run) -> CompletionState {
        if run.timeout?.isTimeout == true { return .timeout }
        if run.cancellation != nil { return .canceled }
        let allComplete = run.groups.allSatisfy { g in
            guard let done = g.instances?.complete, let all = g.instances?.overall else { return false }
            return done == all
        }
        return allComplete ? .complete : .inProgress
    }

    private static func derivedStatus(completion: CompletionState, anyFailure: Bool) -> RunStatus {
        if completion == .complete { return anyFailure ? .failed : .passed }
        return anyFailure ? .failing : .running
    }
}
