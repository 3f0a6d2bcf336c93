import CSQLite
import Foundation

/// The history database as one SQLite file (`docs/history-db.md`, which documents every table,
/// column and index). The schema is versioned with `PRAGMA user_version` and migrated forward in
/// a transaction; a newer version, a file that is not SQLite, a corrupt file, or a SQLite database
/// of someone else's is refused and left as it is. WAL mode and a busy timeout let two reports
/// record at once; every write is one transaction, so a process killed mid-write changes nothing.
package final class SQLiteHistoryStore: HistoryStore {
    /// The schema this runreport writes: `migrations[v - 1]` takes a database from version v - 1 to v.
    package static var schemaVersion: Int64 { Int64(migrations.count) }

    static let migrations: [String] = [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL UNIQUE,
            project TEXT,
            branch TEXT,
            sha TEXT,
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL
        );
        CREATE INDEX runs_by_project_branch ON runs (project, branch, created_at, run_id);
        CREATE TABLE specs (
            run INTEGER NOT NULL REFERENCES runs (id),
            group_id TEXT,
            path TEXT NOT NULL,
            execution_ms INTEGER,
            claim_to_complete_ms INTEGER
        );
        CREATE INDEX specs_by_run ON specs (run);
        CREATE TABLE test_keys (
            id INTEGER PRIMARY KEY,
            spec TEXT NOT NULL,
            title TEXT NOT NULL,
            UNIQUE (spec, title)
        );
        CREATE TABLE outcomes (
            code INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        INSERT INTO outcomes (code, name) VALUES (0, 'pending'), (1, 'skipped'), (2, 'passed'), (3, 'flaky'), (4, 'failed');
        CREATE TABLE results (
            run INTEGER NOT NULL REFERENCES runs (id),
            test INTEGER NOT NULL REFERENCES test_keys (id),
            outcome INTEGER NOT NULL REFERENCES outcomes (code),
            duration_ms INTEGER,
            fingerprint TEXT,
            PRIMARY KEY (run, test)
        ) WITHOUT ROWID;
        CREATE TABLE errors (
            run INTEGER NOT NULL REFERENCES runs (id),
            fingerprint TEXT NOT NULL,
            project TEXT,
            branch TEXT,
            created_at INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            flaky INTEGER NOT NULL,
            exceptions INTEGER NOT NULL,
            PRIMARY KEY (run, fingerprint)
        ) WITHOUT ROWID;
        CREATE INDEX errors_by_fingerprint ON errors (fingerprint, project, branch, created_at);
        """
    ]

    /// How long a statement waits for another process's write lock before giving up.
    package static let busyTimeoutMs: Int32 = 60_000

    package let path: String
    private let db: SQLiteConnection

    /// Opens the database at `path`, creating it (and its schema) when `create` is set and the file
    /// does not exist or is empty; migrates an older schema forward.
    package init(path: String, create: Bool) throws(HistoryStoreError) {
        self.path = path
        if !create && !FileManager.default.fileExists(atPath: path) { throw .missing(file: path) }
        db = try SQLiteConnection(path: path, create: create, busyTimeoutMs: Self.busyTimeoutMs)
        // The first read: a file that is not SQLite, or whose header is damaged, fails here. One
        // read transaction, so that the version and the tables come from the same snapshot: read
        // apart, another process creating the schema in between looks like a foreign database.
        let version = try db.transaction(writing: false) { () throws(HistoryStoreError) in try checkedVersion() }
        if try db.prepare("PRAGMA journal_mode").stepText() != "wal" { try switchToWAL() }
        // In WAL mode NORMAL loses no committed transaction when the process dies, only on power loss.
        try db.execute("PRAGMA synchronous = NORMAL")
        if version < Self.schemaVersion { try migrate() }
    }

    /// Switching a file to WAL takes an exclusive lock and, unlike every other statement, does not
    /// wait through the busy handler: while another process reads or creates the fresh file,
    /// SQLite answers `SQLITE_BUSY` at once (two reports creating the same database hit it about
    /// one time in five). So it is retried, every 10 ms, for as long as the busy timeout.
    private func switchToWAL() throws(HistoryStoreError) {
        var waitedMs: Int32 = 0
        while true {
            do {
                if try db.prepare("PRAGMA journal_mode = WAL").stepText() == "wal" { return }
                // SQLite answers with the mode it kept when it could not change it; another
                // process may have changed it meanwhile, which is as good.
                if try db.prepare("PRAGMA journal_mode").stepText() == "wal" { return }
            } catch .sqlite(_, let code, _) where code & 0xFF == SQLITE_BUSY && waitedMs < Self.busyTimeoutMs {
            }
            guard waitedMs < Self.busyTimeoutMs else {
                throw .sqlite(file: path, code: SQLITE_BUSY, message: "it could not be switched to WAL mode")
            }
            usleep(10_000)
            waitedMs += 10
        }
    }

    /// The schema version, refusing a newer one and a database of someone else's (version 0 with
    /// tables). Called inside a transaction, so both reads see the same state of the file.
    private func checkedVersion() throws(HistoryStoreError) -> Int64 {
        let version = try db.integer("PRAGMA user_version")
        if version > Self.schemaVersion { throw .newerVersion(file: path, version: version, known: Self.schemaVersion) }
        if version == 0, try db.integer("SELECT count(*) FROM sqlite_schema") > 0 { throw .foreignDatabase(file: path) }
        return version
    }

    /// Applies the missing migrations in one transaction; the version is read again inside it,
    /// since another process may have migrated in the meantime.
    private func migrate() throws(HistoryStoreError) {
        try db.transaction(writing: true) { () throws(HistoryStoreError) in
            let version = try checkedVersion()
            for v in Int(version)..<Self.migrations.count {
                try db.execute(Self.migrations[v])
            }
            try db.execute("PRAGMA user_version = \(Self.schemaVersion)")
        }
    }

    // MARK: Recording

    package func record(_ run: RunRecord) throws(HistoryStoreError) {
        try db.transaction(writing: true) { () throws(HistoryStoreError) in
            let id = try upsertRun(run.identity)
            for table in ["specs", "results", "errors"] {
                try db.prepare("DELETE FROM \(table) WHERE run = ?").bind(.int(id)).run()
            }
            let spec = try db.prepare(
                "INSERT INTO specs (run, group_id, path, execution_ms, claim_to_complete_ms) VALUES (?, ?, ?, ?, ?)")
            for s in run.specs {
                try spec.bind(.int(id), .text(s.groupId), .text(s.path), .int(s.executionMs), .int(s.claimToCompleteMs)).run()
            }
            let findKey = try db.prepare("SELECT id FROM test_keys WHERE spec = ? AND title = ?")
            let insertKey = try db.prepare("INSERT INTO test_keys (spec, title) VALUES (?, ?) RETURNING id")
            let result = try db.prepare(
                "INSERT INTO results (run, test, outcome, duration_ms, fingerprint) VALUES (?, ?, ?, ?, ?)")
            for t in run.tests {
                let title = Self.titleJSON(t.key.title)
                var key: Int64
                if try findKey.bind(.text(t.key.spec), .text(title)).step() {
                    key = findKey.int64(0)
                } else {
                    guard try insertKey.bind(.text(t.key.spec), .text(title)).step() else { throw db.error(0) }
                    key = insertKey.int64(0)
                    try insertKey.run()
                }
                try result.bind(.int(id), .int(key), .int(Self.code(t.outcome)), .int(t.durationMs), .text(t.fingerprint)).run()
            }
            // The run's project, branch and createdAt repeated: the sightings of a fingerprint are then
            // one range of the index, not a lookup in `runs` for each of a thousand runs.
            let error = try db.prepare(
                """
                INSERT INTO errors (run, fingerprint, project, branch, created_at, failed, flaky, exceptions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let r = run.identity
            for e in run.errors {
                try error.bind(
                    .int(id), .text(e.fingerprint), .text(r.project), .text(r.branch), .int(r.createdAt.millisecondsSinceEpoch),
                    .int(Int64(e.failed)), .int(Int64(e.flaky)), .int(Int64(e.exceptions))
                ).run()
            }
        }
    }

    /// The run's row id: its row updated in place when the runId is there (so that recording a run
    /// again leaves every id as it was), inserted otherwise.
    private func upsertRun(_ r: RunRecord.Identity) throws(HistoryStoreError) -> Int64 {
        let statement = try db.prepare(
            """
            INSERT INTO runs (run_id, project, branch, sha, created_at, status) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id) DO UPDATE SET project = excluded.project, branch = excluded.branch, sha = excluded.sha,
                created_at = excluded.created_at, status = excluded.status
            RETURNING id
            """)
        try statement.bind(
            .text(r.runId), .text(r.project), .text(r.branch), .text(r.sha), .int(r.createdAt.millisecondsSinceEpoch),
            .text(r.status.description))
        guard try statement.step() else { throw db.error(0) }
        let id = statement.int64(0)
        try statement.run()
        return id
    }

    /// A title path as a JSON array of strings: readable in `sqlite3`, and unambiguous whatever the
    /// titles hold.
    static func titleJSON(_ title: [String]) -> String {
        var w = JSONWriter(capacity: 128, compact: true)
        w.strings(title)
        return String(decoding: w.finish(), as: UTF8.self)
    }

    /// `outcomes.code`: the severity order of §11.
    static func code(_ outcome: HistorySummary.Outcome) -> Int64 {
        switch outcome {
        case .pending: 0
        case .skipped: 1
        case .passed: 2
        case .flaky: 3
        case .failed: 4
        }
    }

    static func outcome(code: Int64) -> HistorySummary.Outcome? {
        switch code {
        case 0: .pending
        case 1: .skipped
        case 2: .passed
        case 3: .flaky
        case 4: .failed
        default: nil
        }
    }

    // MARK: Reading

    /// The condition "same project and branch" on `runs`, parameters 1 and 2.
    private static let sameLine = "project IS ?1 AND branch IS ?2"

    package func columns(before run: RunRecord.Identity, limit: Int, room: Int) throws(HistoryStoreError) -> HistoryAnalysis.Columns {
        try Self.columns(in: db, path: path, before: run, limit: limit, room: room)
    }

    /// Records `run` on this connection, then reads the sightings, while a second connection reads
    /// the runs before it: in WAL mode a reader sees the last commit while a writer writes, and the
    /// runs before `run` never include it (the query leaves its runId out, whatever createdAt an
    /// earlier record of it had), so the columns are those `record` then `columns` give. Reading
    /// 30 runs of 20,000 tests took 0.28 s, recording one 0.1 s and the sightings 0.03 s, one after
    /// the other while the other core waited.
    package func record(_ run: RunRecord, readingColumnsBefore limit: Int, room: Int, sightingsOf fingerprints: [String])
        throws(HistoryStoreError) -> (columns: HistoryAnalysis.Columns, sightings: [String: ErrorSighting])
    {
        guard limit > 0 else {
            try record(run)
            return (HistoryAnalysis.Columns(capacity: room), try sightings(of: fingerprints, upTo: run.identity))
        }
        let read = PendingColumns(try SQLiteConnection(path: path, create: false, busyTimeoutMs: Self.busyTimeoutMs))
        let path = path
        DispatchQueue.global().async {
            read.result = Result { () throws(HistoryStoreError) in
                try Self.columns(in: read.connection, path: path, before: run.identity, limit: limit, room: room)
            }
            read.group.leave()
        }
        // The reader is waited for even when recording fails: its connection is in use until then.
        let recorded = Result { () throws(HistoryStoreError) in
            try record(run)
            return try sightings(of: fingerprints, upTo: run.identity)
        }
        read.group.wait()
        let seen = try recorded.get()
        guard let columns = read.result else { throw .sqlite(file: path, code: SQLITE_MISUSE, message: "the history was not read") }
        return (try columns.get(), seen)
    }

    /// Each test key id's row in the columns. Ids are `test_keys`' integer primary key, dense from
    /// 1, so an array by id answers the 600,000 lookups of a 30-run history without hashing; a
    /// database whose ids run past a few million (hand-edited) gets a dictionary instead.
    private struct RowIndex {
        private var byId: [Int32] = []
        private var sparse: [Int64: Int] = [:]
        private static let arrayLimit: Int64 = 1 << 22

        init(largestId: Int64) {
            if largestId >= 0 && largestId < Self.arrayLimit { byId = Array(repeating: -1, count: Int(largestId) + 1) }
        }

        subscript(id: Int64) -> Int? {
            get {
                if id >= 0 && id < Int64(byId.count) {
                    let row = byId[Int(id)]
                    if row >= 0 { return Int(row) }
                }
                return sparse[id]
            }
            set {
                if id >= 0 && id < Int64(byId.count), let newValue, newValue <= Int(Int32.max) {
                    byId[Int(id)] = Int32(newValue)
                } else {
                    sparse[id] = newValue
                }
            }
        }
    }

    /// The reader: its connection, used by its thread alone, and its result, written before that
    /// thread leaves the group and read only after.
    private final class PendingColumns: @unchecked Sendable {
        let group = DispatchGroup()
        let connection: SQLiteConnection
        var result: Result<HistoryAnalysis.Columns, HistoryStoreError>?
        init(_ connection: SQLiteConnection) {
            self.connection = connection
            group.enter()
        }
    }

    private static func columns(
        in db: SQLiteConnection, path: String, before run: RunRecord.Identity, limit: Int, room: Int
    ) throws(HistoryStoreError) -> HistoryAnalysis.Columns {
        guard limit > 0 else { return HistoryAnalysis.Columns(capacity: room) }
        // One read transaction: the runs and their rows come from the same state of the file.
        return try db.transaction(writing: false) { () throws(HistoryStoreError) in
            let runs = try db.prepare(
                """
                SELECT id, run_id, created_at, status FROM runs
                WHERE \(Self.sameLine) AND (created_at < ?3 OR (created_at = ?3 AND run_id < ?4)) AND run_id <> ?4
                ORDER BY created_at DESC, run_id DESC LIMIT ?5
                """)
            try runs.bind(
                .text(run.project), .text(run.branch), .int(run.createdAt.millisecondsSinceEpoch), .text(run.runId), .int(Int64(limit)))
            var found: [(id: Int64, run: HistorySummary.Run)] = []
            while try runs.step() {
                found.append(
                    (
                        runs.int64(0),
                        HistorySummary.Run(
                            runId: runs.text(1), createdAt: Timestamp(millisecondsSinceEpoch: runs.int64(2)),
                            status: RunStatus(reading: runs.text(3)))
                    ))
            }
            found.reverse()  // oldest first
            var columns = HistoryAnalysis.Columns(capacity: found.count + room)
            let specs = try db.prepare("SELECT path, execution_ms, claim_to_complete_ms FROM specs WHERE run = ?")
            // The rows without a join: the runs share almost all their keys, each read from
            // test_keys once, and a key's row is found by its id (an integer) rather than by hashing
            // its title path.
            let results = try db.prepare("SELECT test, outcome FROM results WHERE run = ?")
            let key = try db.prepare("SELECT spec, title FROM test_keys WHERE id = ?")
            let keysOfRun = try db.prepare(
                "SELECT k.id, k.spec, k.title FROM results r JOIN test_keys k ON k.id = r.test WHERE r.run = ?")
            var rows = RowIndex(largestId: try db.integer("SELECT max(id) FROM test_keys"))
            for (id, header) in found {
                let column = columns.addRun(header)
                try specs.bind(.int(id))
                while try specs.step() {
                    columns.set(
                        spec: specs.text(0), executionMs: specs.optionalInt64(1), claimToCompleteMs: specs.optionalInt64(2), run: column)
                }
                try results.bind(.int(id))
                var pending: [(id: Int64, outcome: HistorySummary.Outcome)] = []
                while try results.step() {
                    let test = results.int64(0)
                    guard let outcome = Self.outcome(code: results.int64(1)) else {
                        throw .sqlite(file: path, code: 11, message: "results.outcome \(results.int64(1)) is no outcome")
                    }
                    if let row = rows[test] {
                        columns.set(outcome, row: row, run: column)
                    } else {
                        pending.append((test, outcome))
                    }
                }
                var newKeys: [(id: Int64, spec: String, title: String)] = []
                newKeys.reserveCapacity(pending.count)
                if pending.count > 64 {
                    // Most of the run's keys are new (the first run read): one pass over its keys in
                    // id order, rather than a lookup per key (20,000 of them cost more than the rows).
                    let wanted = Set(pending.lazy.map(\.id))
                    try keysOfRun.bind(.int(id))
                    while try keysOfRun.step() {
                        let test = keysOfRun.int64(0)
                        guard wanted.contains(test) else { continue }
                        newKeys.append((test, keysOfRun.text(1), keysOfRun.text(2)))
                    }
                } else {
                    for (test, _) in pending {
                        guard try key.bind(.int(test)).step() else { continue }
                        newKeys.append((test, key.text(0), key.text(1)))
                    }
                }
                guard newKeys.count == pending.count else {
                    let known = Set(newKeys.lazy.map(\.id))
                    let missing = pending.first { !known.contains($0.id) }?.id ?? 0
                    throw .sqlite(file: path, code: 11, message: "results.test \(missing) is in no row of test_keys")
                }
                var decoded: [Int64: HistoryAnalysis.TestKey] = [:]
                try decodeKeys(newKeys, into: &decoded, path: path)
                for (test, outcome) in pending {
                    guard let testKey = decoded[test] else { continue }
                    // Two ids of one key (a database edited by hand) share a row.
                    let row = columns.row(of: testKey)
                    rows[test] = row
                    columns.set(outcome, row: row, run: column)
                }
            }
            return columns
        }
    }

    /// Decodes the JSON title paths of `newKeys`: each with the input's fast reader (strict JSON,
    /// the same strings as `JSONDecoder`, which took 50 ms for the first run's 20,000 keys), and
    /// what it declines in one `JSONDecoder` pass (one call for thousands of keys costs a fraction
    /// of one call each), which judges them as before.
    private static func decodeKeys(
        _ newKeys: [(id: Int64, spec: String, title: String)], into keys: inout [Int64: HistoryAnalysis.TestKey], path: String
    ) throws(HistoryStoreError) {
        var declined: [(id: Int64, spec: String, title: String)] = []
        for key in newKeys {
            var title = key.title
            let read: [String]? = title.withUTF8 { utf8 in
                guard var reader = try? FastJSONReader(utf8), let strings = try? reader.strings(), (try? reader.end()) != nil
                else { return nil }
                return strings
            }
            if let read { keys[key.id] = HistoryAnalysis.TestKey(spec: key.spec, title: read) } else { declined.append(key) }
        }
        guard !declined.isEmpty else { return }
        let newKeys = declined
        let json = "[" + newKeys.map(\.title).joined(separator: ",") + "]"
        let titles: [[String]]
        do {
            titles = try JSONDecoder().decode([[String]].self, from: Data(json.utf8))
        } catch {
            throw .sqlite(file: path, code: 11, message: "test_keys.title is not a JSON array of strings")
        }
        for (key, title) in zip(newKeys, titles) {
            keys[key.id] = HistoryAnalysis.TestKey(spec: key.spec, title: title)
        }
    }

    package func sightings(of fingerprints: [String], upTo run: RunRecord.Identity) throws(HistoryStoreError) -> [String: ErrorSighting] {
        try db.transaction(writing: false) { () throws(HistoryStoreError) in
            let statement = try db.prepare(
                """
                SELECT min(e.created_at), count(*) FROM errors e
                WHERE e.fingerprint = ?5 AND e.project IS ?1 AND e.branch IS ?2
                    AND (e.created_at < ?3 OR (e.created_at = ?3 AND (SELECT r.run_id FROM runs r WHERE r.id = e.run) <= ?4))
                """)
            var seen: [String: ErrorSighting] = [:]
            for fingerprint in fingerprints {
                try statement.bind(
                    .text(run.project), .text(run.branch), .int(run.createdAt.millisecondsSinceEpoch), .text(run.runId),
                    .text(fingerprint))
                guard try statement.step(), !statement.isNull(0) else { continue }
                seen[fingerprint] = ErrorSighting(
                    firstSeen: Timestamp(millisecondsSinceEpoch: statement.int64(0)), runsSeen: Int(statement.int64(1)))
            }
            return seen
        }
    }

    package func runs(project: String?, branch: String?) throws(HistoryStoreError) -> [StoredRun] {
        let statement = try db.prepare(
            """
            SELECT r.run_id, r.project, r.branch, r.sha, r.created_at, r.status,
                (SELECT count(*) FROM specs s WHERE s.run = r.id), (SELECT count(*) FROM results t WHERE t.run = r.id)
            FROM runs r
            WHERE (?1 IS NULL OR r.project = ?1) AND (?2 IS NULL OR r.branch = ?2)
            ORDER BY r.project, r.branch, r.created_at, r.run_id
            """)
        try statement.bind(.text(project), .text(branch))
        var runs: [StoredRun] = []
        while try statement.step() {
            runs.append(
                StoredRun(
                    identity: RunRecord.Identity(
                        runId: statement.text(0), project: statement.optionalText(1), branch: statement.optionalText(2),
                        sha: statement.optionalText(3), createdAt: Timestamp(millisecondsSinceEpoch: statement.int64(4)),
                        status: RunStatus(reading: statement.text(5))),
                    specs: Int(statement.int64(6)), tests: Int(statement.int64(7))))
        }
        return runs
    }

    package func prune(_ rule: PruneRule) throws(HistoryStoreError) -> [StoredRun] {
        try db.transaction(writing: true) { () throws(HistoryStoreError) in
            let all = try runs(project: nil, branch: nil)
            var removed: [StoredRun] = []
            switch rule {
            case .keep(let n):
                // `all` is ordered by project and branch, then oldest first: each line's last n stay.
                var start = 0
                while start < all.count {
                    var end = start
                    while end < all.count, all[end].identity.project == all[start].identity.project,
                        all[end].identity.branch == all[start].identity.branch
                    {
                        end += 1
                    }
                    removed += all[start..<max(start, end - n)]
                    start = end
                }
            case .createdBefore(let cutoff):
                removed = all.filter { $0.identity.createdAt < cutoff }
            }
            let id = try db.prepare("SELECT id FROM runs WHERE run_id = ?")
            for run in removed {
                guard try id.bind(.text(run.identity.runId)).step() else { continue }
                let rowId = id.int64(0)
                for table in ["specs", "results", "errors"] {
                    try db.prepare("DELETE FROM \(table) WHERE run = ?").bind(.int(rowId)).run()
                }
                try db.prepare("DELETE FROM runs WHERE id = ?").bind(.int(rowId)).run()
            }
            // Test keys no run refers to any more.
            if !removed.isEmpty {
                try db.execute("DELETE FROM test_keys WHERE id NOT IN (SELECT DISTINCT test FROM results)")
            }
            return removed
        }
    }
}

extension SQLiteStatement {
    /// The first column of the first row as text (`nil` when there is no row).
    func stepText() throws(HistoryStoreError) -> String? {
        try step() ? text(0) : nil
    }
}
