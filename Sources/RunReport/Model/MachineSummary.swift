package struct MachineSummary: Sendable, Equatable {
    package var machineId: String
    package var specs: Int
    package var busyMs: Int64
    package var idleMs: Int64
    package var utilization: Double?
    package var firstClaimedAt: Timestamp
    package var lastCompletedAt: Timestamp
}
