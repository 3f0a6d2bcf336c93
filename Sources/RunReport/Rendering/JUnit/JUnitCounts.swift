/// The counters of a suite, or of the whole document, counted from the cases written.
package struct JUnitCounts: Sendable, Equatable {
    package var tests = 0, failures = 0, errors = 0, skipped = 0
    /// The suites' execution times, whole milliseconds: each suite's `time` is written from it to the
    /// millisecond, so the root's sum matches the suites' exactly.
    package var timeMs: Int64 = 0

    package init() {}

    /// A suite's counters: its cases', with its own time.
    package init(cases: [JUnitCase], timeMs: Int64?) {
        tests = cases.count
        for c in cases {
            switch c.outcome {
            case .passed: break
            case .failure: failures += 1
            case .error: errors += 1
            case .skipped: skipped += 1
            }
        }
        self.timeMs = timeMs ?? 0
    }

    package mutating func add(_ other: JUnitCounts) {
        tests += other.tests
        failures += other.failures
        errors += other.errors
        skipped += other.skipped
        timeMs += other.timeMs
    }
}
