/// `metrics.md` §3 and §9: the run's headline facts, with status and completion state read or
/// derived (and which one said).
enum RunInfoAnalysis {
    static let statuses = ["RUNNING", "FAILING", "FAILED", "PASSED"]
    static let completionStates = ["IN_PROGRESS", "COMPLETE", "CANCELED", "TIMEOUT"]

    /// Known values compare case-insensitively and come out upper-case; unknown ones are kept.
    static func normalized(_ value: String, known: [String]) -> String {
        var upper = value.uppercased()
        if upper == "CANCELLED" { upper = "CANCELED" }
        return known.contains(upper) ? upper : value
    }

    static func runInfo(_ run: Wire.Run) -> RunInfo {
        let anyFailure = run.groups.contains { ($0.tests?.failures ?? 0) > 0 || ($0.instances?.failures ?? 0) > 0 }

        let completion: String
        let completionDerived: Bool
        if let read = run.completionState {
            completion = normalized(read, known: completionStates)
            completionDerived = false
        } else {
            completionDerived = true
            if run.timeout?.isTimeout == true {
                completion = "TIMEOUT"
            } else if run.cancellation != nil {
                completion = "CANCELED"
            } else if run.groups.allSatisfy({ g in
                guard let done = g.instances?.complete, let all = g.instances?.overall else { return false }
                return done == all
            }) {
                completion = "COMPLETE"
            } else {
                completion = "IN_PROGRESS"
            }
        }

        let status: String
        let statusDerived: Bool
        if let read = run.status {
            status = normalized(read, known: statuses)
            statusDerived = false
        } else {
            statusDerived = true
            if completion == "COMPLETE" {
                status = anyFailure ? "FAILED" : "PASSED"
            } else {
                status = anyFailure ? "FAILING" : "RUNNING"
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
