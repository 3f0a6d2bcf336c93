/// Filters of `GET /projects/:projectId/runs` (the Currents API documentation, List runs).
package struct RunQuery: Sendable {
    package var branches: [String] = []
    package var tags: [String] = []
    /// `AND` or `OR`, for several tags.
    package var tagOperator: String?
    package var authors: [String] = []
    package var search: String?
    package var statuses: [String] = []
    package var completionStates: [String] = []
    /// ISO 8601.
    package var dateStart: String?
    package var dateEnd: String?
    /// How many runs to return in all (pages are fetched until there are this many or no more).
    package var limit = 20

    package init() {}

    func parameters(pageSize: Int, after cursor: String?) -> [(String, String)] {
        var q: [(String, String)] = [("limit", String(pageSize))]
        if let cursor { q.append(("starting_after", cursor)) }
        for b in branches { q.append(("branches[]", b)) }
        for t in tags { q.append(("tags[]", t)) }
        if let tagOperator { q.append(("tag_operator", tagOperator)) }
        for a in authors { q.append(("authors[]", a)) }
        if let search { q.append(("search", search)) }
        for s in statuses { q.append(("status", s)) }
        for c in completionStates { q.append(("completion_state", c)) }
        if let dateStart { q.append(("date_start", dateStart)) }
        if let dateEnd { q.append(("date_end", dateEnd)) }
        return q
    }
}
