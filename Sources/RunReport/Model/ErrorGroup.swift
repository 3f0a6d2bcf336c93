/// The failures of a run grouped by what went wrong (`docs/metrics.md` §12): the failed and flaky tests
/// and the specs that could not run whose error reads the same once numbers, ids and URL queries
/// are set aside.
package struct ErrorGroup: Sendable, Equatable {
    /// FNV-1a of `key`: stable across runs and tools.
    package var fingerprint: String
    /// The headline with its variable parts replaced (`<n>`, `<hex>`, `<uuid>`).
    package var key: String
    /// The headline of the group's first member, as it came.
    package var example: String
    package var failed: Int
    package var flaky: Int
    /// `failed + flaky`.
    package var tests: Int { failed + flaky }
    /// Specs that could not run (`results.exception`).
    package var exceptions: Int
    /// Distinct spec paths, and distinct groups, over all members.
    package var specs: Int
    package var groups: Int
    /// From the history database (`--history-db`): the createdAt of the earliest run of this
    /// project and branch, up to and including this one, with an error group of this fingerprint,
    /// and how many such runs there are. `nil` without a history database.
    package var firstSeen: Timestamp? = nil
    package var runsSeen: Int? = nil
}
