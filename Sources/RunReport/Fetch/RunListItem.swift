/// One run of a list, as much as a table shows; `json` is the item as the API sent it (keys sorted).
package struct RunListItem: Sendable {
    package var runId: String
    package var cursor: String?
    package var createdAt: String?
    package var status: String?
    package var completionState: String?
    package var branch: String?
    package var sha: String?
    package var ciBuildId: String?
    package var tags: [String]
    package var passes: Int?
    package var failures: Int?
    package var flaky: Int?
    package var json: String
}
