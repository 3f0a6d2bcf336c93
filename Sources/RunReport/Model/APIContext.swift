/// What the Currents API's aggregate endpoints say about the subject's tests and specs over the last
/// days (`report --api-context DAYS`, when the run is fetched): per failed or flaky test its
/// executions, failures and flakes on the run's branch and on all branches (`GET /tests/:projectId`),
/// per spec its average duration (`GET /spec-files/:projectId`). The figures are the service's own
/// (its rates are not `docs/metrics.md`'s), so the reports show them with their counts and name
/// the source.
package struct APIContext: Sendable {
    /// The window: `days` days before the subject's `createdAt` (never the clock: the same run gives
    /// the same request), to `createdAt`.
    package var days: Int
    package var from: Timestamp
    package var to: Timestamp
    package var branch: String?
    /// The subject's failed and flaky tests the API knows, in the subject's order.
    package var tests: [Test] {
        didSet { index = Self.index(tests) }
    }
    /// The subject's specs the API knows, by path.
    package var specs: [Spec]
    /// Per group with a balance, the what-if simulation again with each spec's average duration
    /// over the window where the API knows it (this run's execution time where not): one run's
    /// times are noisy, the averages less so (`docs/metrics.md` §10).
    package var whatIf: [GroupEstimate] = []
    /// Calls made, and whether the request cap left some tests or specs out.
    package var requests: Int
    package var capped: Bool

    /// One test's figures over the window, as the API counts them.
    package struct Figures: Sendable, Equatable {
        package var executions: Int?
        package var passes: Int?
        package var failures: Int?
        package var flaky: Int?
        package var failureRate: Double?
        package var flakinessRate: Double?
    }

    package struct Test: Sendable {
        package var spec: String
        package var title: [String]
        /// On the subject's branch; nil when the API lists it on no run of the branch.
        package var branch: Figures?
        /// On every branch.
        package var all: Figures?
    }

    package struct GroupEstimate: Sendable {
        package var groupId: String
        /// Specs of the group timed by their average (the others by this run).
        package var averaged: Int
        package var specs: Int
        package var whatIf: [Balance.WhatIf]
    }

    package struct Spec: Sendable {
        package var spec: String
        package var avgDurationMs: Int64?
        package var executions: Int?
    }

    /// The test's figures, by spec path and title path.
    package func test(spec: String, title: [String]) -> Test? { index[Key(spec: spec, title: title)].map { tests[$0] } }

    private struct Key: Hashable, Sendable {
        var spec: String
        var title: [String]
    }

    /// Key → position in `tests` (the first listing).
    private var index: [Key: Int] = [:]

    private static func index(_ tests: [Test]) -> [Key: Int] {
        var index: [Key: Int] = [:]
        for (i, t) in tests.enumerated() where index[Key(spec: t.spec, title: t.title)] == nil {
            index[Key(spec: t.spec, title: t.title)] = i
        }
        return index
    }

    package init(
        days: Int, from: Timestamp, to: Timestamp, branch: String?, tests: [Test], specs: [Spec], requests: Int, capped: Bool
    ) {
        self.days = days
        self.from = from
        self.to = to
        self.branch = branch
        self.tests = tests
        self.specs = specs
        self.requests = requests
        self.capped = capped
        index = Self.index(tests)
    }
}
