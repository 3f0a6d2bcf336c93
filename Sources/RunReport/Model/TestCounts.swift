package struct TestCounts: Sendable, Equatable {
    package var overall, passes, failures, pending, skipped, retries, flaky: Int?
}
