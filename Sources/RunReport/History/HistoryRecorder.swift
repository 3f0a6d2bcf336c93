/// `report --history-db`: records each analysed run in the store as it comes, keeps the newest in
/// full, then gives it the history of the store's runs before it (`docs/metrics.md` §7, §11) — the
/// history the same runs given as a folder would have — and its error groups' sightings (§12).
package struct HistoryRecorder {
    private let store: any HistoryStore
    private let limit: Int
    /// The newest run so far, recorded only in ``finish()``: there the store records it while it
    /// reads the runs before it.
    private var subject: (summary: Summary, record: RunRecord)?

    /// `limit`: how many earlier runs the history holds at most (`--history-limit`).
    package init(store: any HistoryStore, limit: Int) {
        self.store = store
        self.limit = limit
    }

    /// Records `summary` (each in its own transaction), or keeps it unrecorded if it is the newest
    /// so far (recording the one it replaces); `name` names the run's file in errors.
    package mutating func add(_ summary: Summary, name: String) throws(HistoryStoreError) {
        let record = try RunRecord(summary, name: name)
        if let current = subject {
            guard current.record.identity.precedes(record.identity) else {
                try store.record(record)
                return
            }
            try store.record(current.record)
        }
        subject = (summary, record)
    }

    /// Records the newest run, and gives it its history (when the store holds earlier runs of its
    /// project and branch) and its error groups' first sightings.
    package func finish() throws -> Summary {
        guard let (summary, record) = subject else { throw HistoryAnalysis.HistoryError(description: "no run to report on") }
        var newest = summary
        // The sightings are read after the record: they count the newest run too.
        let read = try store.record(record, readingColumnsBefore: limit, room: 1, sightingsOf: newest.errors.map(\.fingerprint))
        var columns = read.columns
        let seen = read.sightings
        if !columns.runs.isEmpty {
            columns.append(record.digest)
            newest.history = try HistoryAnalysis.compute(columns)
        }
        for i in newest.errors.indices {
            guard let sighting = seen[newest.errors[i].fingerprint] else { continue }
            newest.errors[i].firstSeen = sighting.firstSeen
            newest.errors[i].runsSeen = sighting.runsSeen
        }
        return newest
    }
}
