package struct InstanceCounts: Sendable, Equatable {
    package var overall, claimed, complete, passes, failures: Int?
}
