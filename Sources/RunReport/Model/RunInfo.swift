package struct RunInfo: Sendable {
    package var runId: String
    package var projectId: String?
    package var createdAt: Timestamp?
    package var tags: [String]?
    package var cypressVersion: String?
    package var status: RunStatus
    package var statusDerived: Bool
    package var completionState: CompletionState
    package var completionStateDerived: Bool
    package var isTimeout: Bool?
    package var timeoutValueMs: Int?
    package var cancellation: Cancellation?
    package var ciBuildId: String?
    package var commit: Commit
    package var dashboardURL: String

    package struct Cancellation: Sendable {
        package var actor: String?
        package var canceledAt: Timestamp?
        package var reason: String?
    }

    package struct Commit: Sendable {
        package var sha, branch, authorName, authorEmail, message, remoteOrigin, defaultBranch: String?
    }
}
