/// One run of a list, as much as a table shows; `json` is the item as the API sent it (keys sorted).
package struct RunListItem: Sendable {
    package var runId: String
    package var cursor: String?
    package var createdAt: String?
    package var status: RunStatus?
    package var completionState: CompletionState?
    package var branch: String?
    package var sha: String?
    package var ciBuildId: String?
    package var tags: [String]
    package var passes: Int?
    package var failures: Int?
    package var flaky: Int?
    package var json: String
}
