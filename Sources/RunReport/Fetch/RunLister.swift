import Foundation

/// Lists a project's runs, following the cursor while `has_more` says there are more.
package enum RunLister {
    package static func list(client: CurrentsClient, projectId: String, query: RunQuery) async throws -> [RunListItem] {
        var items: [RunListItem] = []
        var seen: Set<String> = []
        var cursor: String?
        while items.count < query.limit {
            let pageSize = min(50, query.limit - items.count)
            let endpoint = Endpoint.projectRuns(projectId, query: query.parameters(pageSize: pageSize, after: cursor))
            let body = try await client.send(endpoint)
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
                let data = object["data"] as? [[String: Any]]
            else {
                throw APIError(
                    kind: .invalidResponse, endpoint: endpoint, message: "expected {\"data\": [runs…]}", attempts: 1, elapsedSeconds: 0)
            }
            var last: String?
            for raw in data {
                guard let item = parse(raw) else { continue }
                last = item.cursor ?? last
                // A run that moved between pages while we paged is listed once.
                if seen.insert(item.runId).inserted, items.count < query.limit { items.append(item) }
            }
            let hasMore = object["has_more"] as? Bool ?? false
            guard hasMore, let next = last, next != cursor, !data.isEmpty else { break }
            cursor = next
        }
        // "Do not assume an order inside a page": newest first, ties by run id.
        return items.enumerated().sorted { a, b in
            let x = a.element.createdAt ?? "", y = b.element.createdAt ?? ""
            if x != y { return x > y }
            return a.offset < b.offset
        }.map(\.element)
    }

    static func parse(_ raw: [String: Any]) -> RunListItem? {
        guard let runId = raw["runId"] as? String else { return nil }
        let meta = raw["meta"] as? [String: Any]
        let commit = meta?["commit"] as? [String: Any]
        var passes: Int? = 0, failures: Int? = 0, flaky: Int? = 0
        let groups = raw["groups"] as? [[String: Any]] ?? []
        if groups.isEmpty { (passes, failures, flaky) = (nil, nil, nil) }
        for group in groups {
            let tests = group["tests"] as? [String: Any]
            func add(_ total: Int?, _ key: String) -> Int? {
                guard let total, let n = tests?[key] as? Int else { return nil }
                return total + n
            }
            passes = add(passes, "passes")
            failures = add(failures, "failures")
            flaky = add(flaky, "flaky")
        }
        let json =
            (try? JSONSerialization.data(withJSONObject: raw, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return RunListItem(
            runId: runId, cursor: raw["cursor"] as? String, createdAt: raw["createdAt"] as? String,
            status: (raw["status"] as? String).map(RunStatus.init(reading:)),
            completionState: (raw["completionState"] as? String).map(CompletionState.init(reading:)), branch: commit?["branch"] as? String,
            sha: commit?["sha"] as? String,
            ciBuildId: meta?["ciBuildId"] as? String, tags: raw["tags"] as? [String] ?? [], passes: passes, failures: failures,
            flaky: flaky, json: json)
    }
}
