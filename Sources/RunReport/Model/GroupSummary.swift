/// One group's figures: those a run has too (`figures`, read through as `group.tests` and so on),
/// then what only a group has.
@dynamicMemberLookup
package struct GroupSummary: Sendable {
    package var groupId: String
    package var platform: Platform
    package var figures: Totals
    package var startDelayMs: Int64?
    package var parallelEfficiency: Double?
    package var criticalMachineId: String?
    package var tailMs: Int64?
    package var machines: [MachineSummary]
    package var fromInstances: FromInstances?
    /// Load-balancing figures (`docs/metrics.md` §10); `nil` when no spec of the group has an execution time.
    package var balance: Balance? = nil

    package subscript<Value>(dynamicMember path: KeyPath<Totals, Value>) -> Value { figures[keyPath: path] }

    /// Test counts of a group as its instances tell them (`docs/metrics.md` §6).
    package struct FromInstances: Sendable, Equatable {
        package var passes, failures, pending, skipped, flaky, retryAttempts: Int
    }
}
