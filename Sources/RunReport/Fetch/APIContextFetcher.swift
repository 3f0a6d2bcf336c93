import Foundation

/// Reads the API's aggregates for a fetched run (`report --api-context DAYS`): for every spec with a
/// failed or flaky test, `GET /tests/:projectId?spec=…` on the run's branch and on all branches;
/// then `GET /spec-files/:projectId` on the branch, page by page. Bounded by `maxRequests` (the
/// cap is said in the result); concurrency, retries and the key's rules are the client's. It
/// degrades, never fails: an API error turns the context off with one warning naming the call and
/// its status, and the report goes on without it.
package struct APIContextFetcher: Sendable {
    package var client: CurrentsClient
    package var days: Int
    package var concurrency: Int
    package var maxRequests: Int
    /// Items a page asks for (the API allows up to 50).
    package var pageSize = 50

    package init(client: CurrentsClient, days: Int, concurrency: Int, maxRequests: Int = 300) {
        self.client = client
        self.days = days
        self.concurrency = concurrency
        self.maxRequests = maxRequests
    }

    /// One entry of a list: its spec, title and numeric metrics (what the context reads of it;
    /// unknown fields are left).
    struct Item: Sendable {
        var spec: String?
        var title: String?
        var metrics: [String: Double]

        init(_ raw: [String: Any]) {
            spec = raw["spec"] as? String
            title = raw["title"] as? String
            var m: [String: Double] = [:]
            for (k, v) in raw["metrics"] as? [String: Any] ?? [:] {
                if let d = APIContextFetcher.number(v) { m[k] = d }
            }
            metrics = m
        }
    }

    package enum Outcome: Sendable {
        case context(APIContext)
        case unavailable(ReportWarning)
    }

    /// The context of `subject` (analysed), whose run is in `projectId`.
    package func fetch(_ subject: Summary, projectId: String) async -> Outcome {
        guard let to = subject.run.createdAt else {
            return .unavailable(
                ReportWarning(
                    .apiContextUnavailable,
                    "--api-context: the run has no createdAt to count the last \(days) days from; the report has no API context."))
        }
        let from = Timestamp(millisecondsSinceEpoch: to.millisecondsSinceEpoch - Int64(days) * 86_400_000)
        let window = [("date_start", from.iso8601), ("date_end", to.iso8601)]
        let branch = subject.run.commit.branch
        let failing = subject.tests.filter { $0.state == .failed || $0.flaky }
        var specsToAsk: [String] = []
        var seen = Set<String>()
        for t in failing where seen.insert(t.spec).inserted { specsToAsk.append(t.spec) }
        var requests = 0
        var capped = false
        do {
            // Tests: per spec, the branch and all branches (two calls, one page each: a spec holds
            // fewer than 50 tests as a rule; more pages are followed within the cap).
            let perSpec = branch == nil ? 1 : 2
            let affordable = max(0, (maxRequests / 2) / perSpec)
            if specsToAsk.count > affordable {
                capped = true
                specsToAsk = Array(specsToAsk.prefix(affordable))
            }
            var onBranch: [String: [Item]] = [:]
            var onAll: [String: [Item]] = [:]
            let jobs: [(spec: String, branch: String?)] = specsToAsk.flatMap { spec in
                branch.map { [(spec, $0), (spec, nil)] } ?? [(spec, nil)]
            }
            let answers = try await concurrently(jobs) { job in
                var query = window + [("spec", job.spec)]
                if let b = job.branch { query.append(("branches[]", b)) }
                return try await self.pages(query: query, limit: 4) { .testsExplorer(projectId, query: $0) }
            }
            for (job, answer) in zip(jobs, answers) {
                requests += answer.requests
                if job.branch != nil { onBranch[job.spec] = answer.items } else { onAll[job.spec] = answer.items }
            }
            var tests: [APIContext.Test] = []
            for t in failing where onAll[t.spec] != nil {
                let b = Self.match(t, in: onBranch[t.spec] ?? [])
                let a = Self.match(t, in: onAll[t.spec] ?? [])
                if b != nil || a != nil { tests.append(APIContext.Test(spec: t.spec, title: t.title, branch: b, all: a)) }
            }
            // Spec files: the branch's (or all) specs, page by page, within what is left of the cap.
            var query = window
            if let branch { query.append(("branches[]", branch)) }
            let left = max(1, maxRequests - requests)
            let specPages = try await pages(query: query, limit: left) { .specFiles(projectId, query: $0) }
            requests += specPages.requests
            capped = capped || specPages.truncated
            let paths = Set(subject.specs.map(\.spec))
            var specs: [String: APIContext.Spec] = [:]
            for item in specPages.items {
                guard let spec = item.spec, paths.contains(spec), specs[spec] == nil else { continue }
                specs[spec] = APIContext.Spec(
                    spec: spec, avgDurationMs: item.metrics["avgDuration"].flatMap { $0 >= 0 && $0 < 1e15 ? Int64($0.rounded()) : nil },
                    executions: Self.int(item.metrics["overallExecutions"]))
            }
            var context = APIContext(
                days: days, from: from, to: to, branch: branch, tests: tests,
                specs: specs.values.sorted { $0.spec.codePointPrecedes($1.spec) }, requests: requests, capped: capped)
            context.whatIf = BalanceAnalysis.estimatesByAverages(subject, averages: specs.compactMapValues(\.avgDurationMs))
            return .context(context)
        } catch let error as APIError {
            let status = error.status.map { " (\($0))" } ?? ""
            return .unavailable(
                ReportWarning(
                    .apiContextUnavailable,
                    "--api-context: \(error.call) failed\(status), so the report has no \(days)-day context from the API: \(error.description)"
                ))
        } catch {
            return .unavailable(ReportWarning(.apiContextUnavailable, "--api-context: \(error); the report has no API context."))
        }
    }

    /// The items of up to `limit` pages (`page` from 0, while `nextPage` names the next).
    private func pages(query: [(String, String)], limit: Int, endpoint: ([(String, String)]) -> Endpoint) async throws
        -> (items: [Item], requests: Int, truncated: Bool)
    {
        var items: [Item] = []
        var page = 0
        var requests = 0
        while true {
            if requests >= limit { return (items, requests, true) }
            let call = endpoint(query + [("page", String(page)), ("limit", String(pageSize))])
            let body = try await client.send(call)
            requests += 1
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
                let data = object["data"] as? [String: Any], let list = data["list"] as? [[String: Any]]
            else {
                throw APIError(
                    kind: .invalidResponse, endpoint: call, message: "expected {\"data\": {\"list\": […]}}", attempts: 1, elapsedSeconds: 0)
            }
            items += list.map(Item.init)
            guard let next = Self.int(data["nextPage"]), next > page, !list.isEmpty else { return (items, requests, false) }
            page = next
        }
    }

    /// `work` on every job, `concurrency` at a time, results in the jobs' order.
    private func concurrently<Job: Sendable, Result: Sendable>(_ jobs: [Job], _ work: @escaping @Sendable (Job) async throws -> Result)
        async throws -> [Result]
    {
        var results: [Result?] = Array(repeating: nil, count: jobs.count)
        var start = 0
        while start < jobs.count {
            let end = min(jobs.count, start + max(1, concurrency))
            try await withThrowingTaskGroup(of: (Int, Result).self) { group in
                for i in start..<end {
                    let job = jobs[i]
                    group.addTask { (i, try await work(job)) }
                }
                for try await (i, r) in group { results[i] = r }
            }
            start = end
        }
        return results.compactMap { $0 }
    }

    /// The API's entry for a test: by spec, then by title — the full title path joined by spaces
    /// (Cypress' full title), ` > `, or its last part alone.
    static func match(_ t: TestSummary, in items: [Item]) -> APIContext.Figures? {
        let names = [t.title.joined(separator: " "), t.title.joined(separator: " > "), t.title.last ?? ""]
        for name in names where !name.isEmpty {
            guard let item = items.first(where: { $0.spec == t.spec && $0.title == name }) else { continue }
            let m = item.metrics
            return APIContext.Figures(
                executions: int(m["executions"]), passes: int(m["passes"]), failures: int(m["failures"]), flaky: int(m["flaky"]),
                failureRate: m["failureRate"], flakinessRate: m["flakinessRate"])
        }
        return nil
    }

    static func int(_ value: Any?) -> Int? {
        guard let d = number(value) else { return nil }
        return d.rounded() == d && d >= 0 && d < 1e15 ? Int(d) : nil
    }

    static func number(_ value: Any?) -> Double? {
        // JSONSerialization gives true and false as NSNumber too (`is Bool` holds for 0 and 1 as
        // well): only their class tells them from numbers.
        guard let n = value as? NSNumber, String(describing: type(of: n)) != "__NSCFBoolean", n.doubleValue.isFinite else { return nil }
        return n.doubleValue
    }
}
