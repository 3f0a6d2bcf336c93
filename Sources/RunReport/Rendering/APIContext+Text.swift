extension APIContext {
    /// What the API's aggregates say of one test, counts always shown (never a bare percentage):
    /// `Currents, 14 days: on main 5 failed, 2 flaky of 41 runs · all branches 9 failed, 4 flaky of
    /// 300 runs`. Raw text: each renderer escapes it for its format. `nil` when the context has no
    /// figures for the test.
    func line(spec: String, title: [String]) -> String? {
        guard let entry = test(spec: spec, title: title) else { return nil }
        func part(_ f: Figures?, _ name: String) -> String? {
            guard let f, let runs = f.executions else { return nil }
            let failed = f.failures.map { "\(Format.count($0)) failed" }
            let flaky = f.flaky.map { "\(Format.count($0)) flaky" }
            let counts = [failed, flaky].compactMap { $0 }.joined(separator: ", ")
            return "\(name) \(counts.isEmpty ? "" : counts + " of ")\(Format.count(runs)) run\(runs == 1 ? "" : "s")"
        }
        let parts = [part(entry.branch, "on " + (branch ?? "this branch")), part(entry.all, "all branches")].compactMap { $0 }
        guard !parts.isEmpty else { return nil }
        return "Currents, \(days) days: " + parts.joined(separator: " · ")
    }
}
