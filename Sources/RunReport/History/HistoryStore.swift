/// Where the runs of a history are kept between reports (`docs/history-db.md`). The SQLite file
/// (``SQLiteHistoryStore``) is the one implementation; a shared server database would be another,
/// and analysis would not change: it sees only records going in and history columns coming out.
package protocol HistoryStore {
    /// Records a run in one transaction, replacing the record of the same runId if there is one.
    func record(_ run: RunRecord) throws(HistoryStoreError)

    /// At most `limit` runs of `run`'s project and branch ordered before it (createdAt, then
    /// runId): the latest ones, oldest first, as history columns with room for `room` more runs
    /// (the subject's, which the caller adds).
    func columns(before run: RunRecord.Identity, limit: Int, room: Int) throws(HistoryStoreError) -> HistoryAnalysis.Columns

    /// What a report needs once its run is analysed: `run` recorded, the columns of at most `limit`
    /// runs before it (with `room` more), and the sightings of `fingerprints` up to it — as
    /// `record`, `columns` and `sightings` give them one after the other; a store that can read
    /// while it writes does it at once.
    func record(_ run: RunRecord, readingColumnsBefore limit: Int, room: Int, sightingsOf fingerprints: [String])
        throws(HistoryStoreError) -> (columns: HistoryAnalysis.Columns, sightings: [String: ErrorSighting])

    /// For each fingerprint, when and in how many runs of `run`'s project and branch, up to and
    /// including `run`, an error group with it was seen. Fingerprints never seen are left out.
    func sightings(of fingerprints: [String], upTo run: RunRecord.Identity) throws(HistoryStoreError) -> [String: ErrorSighting]

    /// The runs held, by project, branch, then createdAt and runId; `nil` filters nothing.
    func runs(project: String?, branch: String?) throws(HistoryStoreError) -> [StoredRun]

    /// Removes runs as `rule` says, in one transaction; returns the removed ones.
    func prune(_ rule: PruneRule) throws(HistoryStoreError) -> [StoredRun]
}

extension HistoryStore {
    package func record(_ run: RunRecord, readingColumnsBefore limit: Int, room: Int, sightingsOf fingerprints: [String])
        throws(HistoryStoreError) -> (columns: HistoryAnalysis.Columns, sightings: [String: ErrorSighting])
    {
        try record(run)
        return (try columns(before: run.identity, limit: limit, room: room), try sightings(of: fingerprints, upTo: run.identity))
    }
}

/// When and how often an error group was seen (§12, from the history database).
package struct ErrorSighting: Sendable, Equatable {
    package var firstSeen: Timestamp
    package var runsSeen: Int
}

/// A run as `runreport history list` shows it.
package struct StoredRun: Sendable, Equatable {
    package var identity: RunRecord.Identity
    package var specs: Int
    package var tests: Int
}

/// Which runs `runreport history prune` removes.
package enum PruneRule: Sendable, Equatable {
    /// All but the `n` latest runs of each project and branch.
    case keep(Int)
    /// Runs created before this time.
    case createdBefore(Timestamp)
}
