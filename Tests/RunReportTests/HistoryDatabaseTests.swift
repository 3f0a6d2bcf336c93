import Foundation
import Testing

@testable import RunReport

/// The history database (`docs/history-db.md`): a real SQLite file in a temporary directory, read
/// back through the store and the `runreport` binary, and checked with the `sqlite3` shell.
@Suite struct HistoryDatabaseTests {
    let cli = CLITests()
    static let fixtureRuns = (1...5).map { "history/run-\($0)" }

    // MARK: Helpers

    /// `summary.json` without the error groups' sightings, which only a database gives.
    static func json(_ summary: Summary) -> String {
        var s = summary
        for i in s.errors.indices {
            s.errors[i].firstSeen = nil
            s.errors[i].runsSeen = nil
        }
        return String(decoding: SummaryJSONRenderer.render(s), as: UTF8.self)
    }

    /// The report of `summary` as `report --history-db` makes it: recorded, then given the history
    /// of the database's earlier runs. A new store each time, as each CI run opens the file anew.
    static func report(_ summary: Summary, database: URL, limit: Int = 30) throws -> Summary {
        var recorder = HistoryRecorder(store: try SQLiteHistoryStore(path: database.path, create: true), limit: limit)
        try recorder.add(summary, name: summary.run.runId)
        return try recorder.finish()
    }

    /// The same runs given as a folder.
    static func folder(_ summaries: [Summary]) throws -> Summary {
        var history = HistoryAnalysis.Accumulator()
        for s in summaries { try history.add(s, name: s.run.runId) }
        return try history.finish()
    }

    /// A deterministic series of `n` runs made from the fixture's last run: a day apart, with
    /// outcomes, spec times, absent tests and error groups varying from run to run.
    static func series(_ n: Int, branch: String? = nil) throws -> [Summary] {
        let base = try Fixtures.summary("history/run-5")
        let start = try #require(base.run.createdAt).millisecondsSinceEpoch
        return (0..<n).map { k in
            var s = base
            s.run.runId = "gen" + String(1000 + k)
            if let branch { s.run.commit.branch = branch }
            s.run.createdAt = Timestamp(millisecondsSinceEpoch: start + Int64(k) * 86_400_000)
            s.tests = s.tests.enumerated().compactMap { i, t in
                if (i + k) % 13 == 0 { return nil }  // absent from this run
                var t = t
                t.fingerprint = nil
                t.flaky = false
                switch (i * 7 + k * 3) % 10 {
                case 0:
                    t.state = .failed
                    t.fingerprint = "f\((i + k) % 3)"
                case 1:
                    t.state = .passed
                    t.flaky = true
                    t.fingerprint = "f\(k % 4)"
                case 2: t.state = .pending
                case 3: t.state = .skipped
                default: t.state = .passed
                }
                t.durationMs = Int64(100 + i * 10 + k)
                return t
            }
            for j in s.specs.indices {
                s.specs[j].executionMs = s.specs[j].executionMs.map { $0 * Int64(8 + (k * (j + 1)) % 5) / 10 }
            }
            var groups: [String: ErrorGroup] = [:]
            for t in s.tests {
                guard let fp = t.fingerprint else { continue }
                var g =
                    groups[fp] ?? ErrorGroup(fingerprint: fp, key: fp, example: fp, failed: 0, flaky: 0, exceptions: 0, specs: 1, groups: 1)
                if t.flaky { g.flaky += 1 } else { g.failed += 1 }
                groups[fp] = g
            }
            s.errors = groups.values.sorted { $0.fingerprint < $1.fingerprint }
            return s
        }
    }

    /// The `sqlite3` shell's output for `sql` on `database`.
    static func sqlite3(_ database: URL, _ sql: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database.path, sql]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every row of every table, in a fixed order: what "the database did not change" compares.
    static func contents(_ database: URL) throws -> String {
        let r = try sqlite3(
            database,
            """
            SELECT * FROM runs ORDER BY id; SELECT * FROM specs ORDER BY run, group_id, path, execution_ms;
            SELECT * FROM test_keys ORDER BY id; SELECT * FROM results ORDER BY run, test;
            SELECT * FROM errors ORDER BY run, fingerprint; PRAGMA user_version;
            """)
        #expect(r.status == 0, "\(r.output)")
        return r.output
    }

    static func integrityCheck(_ database: URL) throws -> String {
        try sqlite3(database, "PRAGMA integrity_check").output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: The same history as a folder

    @Test func thirtyRunsRecordedOneAtATimeGiveTheFolderSummary() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            let runs = try Self.series(30)
            // A run of another branch in between: not part of this branch's history.
            var other = runs[10]
            other.run.runId = "other-branch"
            other.run.commit.branch = "elsewhere"
            var last: Summary?
            for (k, run) in runs.enumerated() {
                last = try Self.report(run, database: db)
                if k == 10 { _ = try Self.report(other, database: db) }
            }
            let fromDatabase = try #require(last)
            let fromFolder = try Self.folder(runs)
            #expect(fromDatabase.history?.runs.count == 30)
            #expect(Self.json(fromDatabase) == Self.json(fromFolder))
            // Sightings: over every run of the branch with the fingerprint.
            for group in fromDatabase.errors {
                let seenIn = runs.filter { $0.errors.contains { $0.fingerprint == group.fingerprint } }
                #expect(group.runsSeen == seenIn.count, "\(group.fingerprint)")
                #expect(group.firstSeen == seenIn.first?.run.createdAt, "\(group.fingerprint)")
            }
            #expect(try Self.integrityCheck(db) == "ok")
        }
    }

    /// The fixture's five runs reported one `runreport report --history-db` at a time: on the fifth,
    /// the summary.json (sightings aside) and the HTML report of the five given as a folder.
    @Test func fixtureRunsReportedOneAtATimeMatchTheFolderReports() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db").path
            for (i, name) in Self.fixtureRuns.enumerated() {
                let r = try cli.run(["report", Fixtures.path(name), "--history-db", db, "--out", dir.path + "/db-\(i + 1)", "--quiet"])
                #expect(r.status == 0, "\(r.stderr)")
            }
            #expect(try cli.run(["report", Fixtures.path("history"), "--out", dir.path + "/folder", "--quiet"]).status == 0)
            func read(_ path: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(path)) }
            // The same page but for the error groups' sightings, which only the database knows.
            let fromDB = try Self.withoutSightingBadges(read("db-5/index.html"))
            #expect(
                fromDB.badges.count == 1 && fromDB.badges.allSatisfy { $0.hasPrefix("seen in 5 runs since 2023-09-11") }, "\(fromDB.badges)"
            )
            #expect(fromDB.page == (try Self.withoutSightingBadges(read("folder/index.html"))).page)
            func withoutSightings(_ data: Data) throws -> NSDictionary {
                var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                var errors = try #require(json["errors"] as? [[String: Any]])
                for i in errors.indices {
                    #expect(errors[i].removeValue(forKey: "firstSeen") != nil)
                    #expect(errors[i].removeValue(forKey: "runsSeen") != nil)
                }
                json["errors"] = errors
                return json as NSDictionary
            }
            #expect(try withoutSightings(read("db-5/summary.json")) == withoutSightings(read("folder/summary.json")))
            let errors = try #require(try JSONSerialization.jsonObject(with: read("db-5/summary.json")) as? [String: Any])["errors"]
            let group = try #require((errors as? [[String: Any]])?.first)
            #expect(group["firstSeen"] as? String == "2023-09-11T04:42:58.900Z")
            #expect(group["runsSeen"] as? Int == 5)
            let markdown = String(decoding: try read("db-5/summary.md"), as: UTF8.self)
            #expect(markdown.contains("· seen in 5 runs since 2023-09-11)"), "\(markdown)")
            let first = String(decoding: try read("db-1/summary.md"), as: UTF8.self)
            #expect(first.contains("· new in this run)"))
        }
    }

    @Test func recordingARunTwiceChangesNothing() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            let runs = try Self.fixtureRuns.map { try Fixtures.summary($0) }
            for run in runs { _ = try Self.report(run, database: db) }
            let before = try Self.contents(db)
            let reportBefore = try Self.report(runs[4], database: db)
            _ = try Self.report(runs[2], database: db)
            let r = try cli.run(["history", "import", "--history-db", db.path, Fixtures.path("history"), "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try Self.contents(db) == before)
            let reportAfter = try Self.report(runs[4], database: db)
            #expect(SummaryJSONRenderer.render(reportAfter) == SummaryJSONRenderer.render(reportBefore))
            #expect(reportAfter.errors.first?.runsSeen == 5)
        }
    }

    // MARK: Limit and prune

    @Test func theLimitTakesTheLatestEarlierRuns() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            let runs = try Self.fixtureRuns.map { try Fixtures.summary($0) }
            // Recorded newest first: the history depends on createdAt, not on the order of recording.
            for run in runs.reversed() { _ = try Self.report(run, database: db, limit: 0) }
            let limited = try Self.report(runs[4], database: db, limit: 2)
            #expect(limited.history?.runs.map(\.runId) == ["hist000000000003", "hist000000000004", "hist000000000005"])
            #expect(Self.json(limited) == Self.json(try Self.folder(Array(runs[2...]))))
            // An earlier run gets only what came before it.
            let third = try Self.report(runs[2], database: db)
            #expect(third.history?.runs.map(\.runId) == ["hist000000000001", "hist000000000002", "hist000000000003"])
            #expect(try Self.report(runs[0], database: db).history == nil)
            #expect(try Self.report(runs[4], database: db, limit: 0).history == nil)
        }
    }

    /// The store records the subject while a second connection reads the runs before it (WAL), so
    /// the reader sees the database as it was. A subject recorded before with an earlier createdAt
    /// (a re-dated run) is still not its own history, as when the record came first.
    @Test func aRunRecordedEarlierUnderAnotherDateIsNotItsOwnHistory() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            let runs = try Self.fixtureRuns.map { try Fixtures.summary($0) }
            for run in runs.prefix(3) { _ = try Self.report(run, database: db) }
            // run-5, first recorded as if it had been created between run-1 and run-2.
            var early = runs[4]
            let first = try #require(runs[0].run.createdAt).millisecondsSinceEpoch
            early.run.createdAt = Timestamp(millisecondsSinceEpoch: first + 1000)
            _ = try Self.report(early, database: db)
            _ = try Self.report(runs[3], database: db)
            let subject = try Self.report(runs[4], database: db)
            #expect(subject.history?.runs.map(\.runId) == runs.map(\.run.runId))
            #expect(Self.json(subject) == Self.json(try Self.folder(runs)))
            // And the database holds run-5 once, under its real date.
            let rows = try Self.sqlite3(db, "SELECT count(*), max(created_at) FROM runs WHERE run_id = '\(runs[4].run.runId)'")
            let created = try #require(runs[4].run.createdAt).millisecondsSinceEpoch
            #expect(rows.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1|\(created)")
        }
    }

    /// Titles come back from `test_keys` as they went in: the hostile fixture's quotes, `<`, NUL and
    /// other controls, escapes, emoji and combining marks (read by the fast reader, and what it
    /// declines by JSONDecoder) give the history a folder of the same two runs gives.
    @Test func hostileTitlesComeBackAsTheyWentIn() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            let first = try Fixtures.summary("hostile-strings")
            var second = first
            second.run.runId = "hostile-second"
            second.run.createdAt = Timestamp(millisecondsSinceEpoch: try #require(first.run.createdAt).millisecondsSinceEpoch + 3_600_000)
            _ = try Self.report(first, database: db)
            let report = try Self.report(second, database: db)
            #expect(report.history?.tests.count == first.tests.count)
            #expect(Self.json(report) == Self.json(try Self.folder([first, second])))
        }
    }

    /// Test key ids are read into an array by id; ids past its limit (a database edited by hand)
    /// are looked up in a dictionary instead, with the same history.
    @Test func testKeyIdsPastTheArrayLimitGiveTheSameHistory() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            let runs = try Self.fixtureRuns.map { try Fixtures.summary($0) }
            for run in runs.prefix(4) { _ = try Self.report(run, database: db) }
            let moved = try Self.sqlite3(
                db, "UPDATE results SET test = test + 10000000; UPDATE test_keys SET id = id + 10000000; SELECT min(id) FROM test_keys;")
            #expect(moved.status == 0 && moved.output.hasPrefix("10000001"), "\(moved.output)")
            let subject = try Self.report(runs[4], database: db)
            #expect(Self.json(subject) == Self.json(try Self.folder(runs)))
        }
    }

    @Test func pruneKeepsTheLatestOrDropsTheOld() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db").path
            #expect(try cli.run(["history", "import", "--history-db", db, Fixtures.path("history"), "--quiet"]).status == 0)
            var other = try Fixtures.summary("history/run-1")
            other.run.runId = "other-branch"
            other.run.commit.branch = "main"
            try SQLiteHistoryStore(path: db, create: false).record(try RunRecord(other, name: "other"))

            let keep = try cli.run(["history", "prune", "--history-db", db, "--keep", "2"])
            #expect(keep.status == 0, "\(keep.stderr)")
            #expect(keep.stdout == "Removed 3 runs from \(db).\n")
            var list = try cli.run(["history", "list", "--history-db", db])
            #expect(
                list.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(16)).trimmingCharacters(in: .whitespaces) } == [
                    "hist000000000004", "hist000000000005", "other-branch",
                ])
            // --older-than 1 from 2023-09-16T00:00Z: the runs created before 2023-09-15T00:00Z go.
            let old = try cli.run(["history", "prune", "--history-db", db, "--older-than", "1", "--now", "2023-09-16T00:00:00Z"])
            #expect(old.status == 0, "\(old.stderr)")
            #expect(old.stdout == "Removed 2 runs from \(db).\n")
            list = try cli.run(["history", "list", "--history-db", db, "--branch", "fix/cypress-13-validation"])
            #expect(list.stdout.split(separator: "\n").count == 2, "\(list.stdout)")
            #expect(list.stdout.contains("hist000000000005  2023-09-15T04:42:58.900Z  2cI1I5"))
            // No test key is left that no result refers to.
            #expect(
                try Self.sqlite3(URL(fileURLWithPath: db), "SELECT count(*) FROM test_keys WHERE id NOT IN (SELECT test FROM results)")
                    .output == "0\n")
            #expect(try Self.integrityCheck(URL(fileURLWithPath: db)) == "ok")

            let usage = try cli.run(["history", "prune", "--history-db", db])
            #expect(usage.status == 2)
            #expect(usage.stderr.contains("Give one of --keep N and --older-than DAYS."))
        }
    }

    // MARK: Refusals

    @Test func aNewerSchemaVersionIsRefused() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            #expect(try cli.run(["history", "import", "--history-db", db.path, Fixtures.path("history/run-1"), "--quiet"]).status == 0)
            #expect(try Self.sqlite3(db, "PRAGMA user_version = 7").status == 0)
            let before = try Data(contentsOf: db)
            let r = try cli.run(["report", Fixtures.path("history/run-2"), "--history-db", db.path, "--out", dir.path + "/out"])
            #expect(r.status == 1)
            #expect(
                r.stderr
                    == "Error: \(db.path): the history database has schema version 7, newer than this runreport knows (1); it was written by a newer runreport. Use that version, or another file; this one is left as it is.\n"
            )
            #expect(try Data(contentsOf: db) == before)
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/summary.json"))
        }
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndKept() throws {
        try cli.withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("notes.txt")
            let text = Data(String(repeating: "not a database, but someone's notes\n", count: 200).utf8)
            try text.write(to: file)
            let r = try cli.run(["report", Fixtures.path("history/run-1"), "--history-db", file.path, "--out", dir.path + "/out"])
            #expect(r.status == 1)
            #expect(
                r.stderr.hasPrefix("Error: \(file.path): not a SQLite database (file is not a database); runreport leaves it as it is."))
            #expect(try Data(contentsOf: file) == text)
            #expect(!FileManager.default.fileExists(atPath: file.path + "-wal"))
        }
    }

    @Test func aCorruptDatabaseIsRefusedAndKept() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            #expect(try cli.run(["history", "import", "--history-db", db.path, Fixtures.path("history"), "--quiet"]).status == 0)
            // The schema's page (page 1, after the 100-byte file header) overwritten.
            var bytes = [UInt8](try Data(contentsOf: db))
            for i in 100..<min(bytes.count, 4096) { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
            try Data(bytes).write(to: db)
            let r = try cli.run(["history", "list", "--history-db", db.path])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("Error: \(db.path): the history database is corrupt ("), "\(r.stderr)")
            #expect(r.stderr.contains("runreport does not repair or overwrite it."))
            #expect(try Data(contentsOf: db) == Data(bytes))
        }
    }

    @Test func aForeignSQLiteDatabaseIsRefused() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("app.db")
            #expect(try Self.sqlite3(db, "CREATE TABLE users (name TEXT)").status == 0)
            let r = try cli.run(["history", "import", "--history-db", db.path, Fixtures.path("history/run-1")])
            #expect(r.status == 1)
            #expect(
                r.stderr
                    == "Error: \(db.path): a SQLite database, but not a runreport history database (it has tables of its own and no runreport schema version); runreport leaves it as it is.\n"
            )
            #expect(try Self.sqlite3(db, ".tables").output == "users\n")
            let missing = try cli.run(["history", "list", "--history-db", dir.path + "/none.db"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("no such history database"))
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/none.db"))
        }
    }

    // MARK: Concurrency and interruption

    /// Two reports recording into the same file at once, the first time creating it: both land.
    @Test func twoProcessesRecordingAtOnceBothLand() throws {
        for attempt in 0..<3 {
            try cli.withTemporaryDirectory { dir in
                let db = dir.appendingPathComponent("history.db").path
                if attempt > 0 {
                    #expect(try cli.run(["history", "import", "--history-db", db, Fixtures.path("history/run-1"), "--quiet"]).status == 0)
                }
                let processes = ["history/run-4", "history/run-5"].map { name -> Process in
                    let p = Process()
                    p.executableURL = CLITests.binary
                    p.arguments = ["report", Fixtures.path(name), "--history-db", db, "--out", dir.path + "/" + name, "--quiet"]
                    p.standardOutput = FileHandle.nullDevice
                    return p
                }
                for p in processes { try p.run() }
                for p in processes {
                    p.waitUntilExit()
                    #expect(p.terminationStatus == 0)
                }
                let list = try cli.run(["history", "list", "--history-db", db])
                #expect(list.stdout.contains("hist000000000004"))
                #expect(list.stdout.contains("hist000000000005"))
                #expect(try Self.integrityCheck(URL(fileURLWithPath: db)) == "ok")
            }
        }
    }

    /// The race of a fresh file, made deterministic: another process holds the write lock on the
    /// new file, half-way through creating its tables, when runreport opens it. Switching to WAL
    /// does not wait through SQLite's busy handler, so runreport failed at once ("database is
    /// locked"), about one time in four when two reports created the same database in CI. Now it
    /// waits, and records its run once the other process lets go (here it rolls back).
    @Test func aFileBeingCreatedByAnotherProcessIsWaitedFor() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            holder.arguments = ["sqlite3", db.path]
            let input = Pipe()
            let output = Pipe()
            holder.standardInput = input
            holder.standardOutput = output
            try holder.run()
            input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE; CREATE TABLE x (y); SELECT 'held';\n".utf8))
            // The line comes back once the lock is held.
            #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) == "held\n")

            let report = Process()
            report.executableURL = CLITests.binary
            report.arguments = ["history", "import", "--history-db", db.path, Fixtures.path("history/run-3"), "--quiet"]
            let errors = Pipe()
            report.standardError = errors
            try report.run()
            Thread.sleep(forTimeInterval: 0.5)
            #expect(report.isRunning, "runreport should wait for the lock, not give up")
            input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            report.waitUntilExit()
            holder.waitUntilExit()
            #expect(report.terminationStatus == 0, "\(stderr)")
            #expect(try Self.sqlite3(db, "SELECT run_id FROM runs").output == "hist000000000003\n")
            #expect(try Self.integrityCheck(db) == "ok")
        }
    }

    /// `history import` of 40 runs killed (SIGKILL) while it writes: the file passes
    /// `PRAGMA integrity_check`, and every run in it is whole.
    @Test func aProcessKilledDuringAWriteLeavesTheDatabaseIntact() throws {
        try cli.withTemporaryDirectory { dir in
            // 40 copies of the fixture's first run, each its own runId and day.
            let source = Fixtures.path("history/run-1")
            let files = try FileManager.default.subpathsOfDirectory(atPath: source).filter { $0.hasSuffix(".json") }
            for k in 0..<40 {
                let runDir = dir.appendingPathComponent("runs/run-\(k)")
                try FileManager.default.createDirectory(at: runDir.appendingPathComponent("instances"), withIntermediateDirectories: true)
                for file in files {
                    var text = try String(contentsOfFile: source + "/" + file, encoding: .utf8)
                    text = text.replacingOccurrences(of: "hist000000000001", with: "kill00000000\(1000 + k)")
                    text = text.replacingOccurrences(of: "2023-09-11T04:42:58.900Z", with: "2023-10-\(10 + k / 2)T0\(k % 2):42:58.900Z")
                    try text.write(to: runDir.appendingPathComponent(file), atomically: false, encoding: .utf8)
                }
            }
            let expected = try Fixtures.summary("history/run-1")
            let record = try RunRecord(expected, name: "run-1")
            var interrupted = 0
            for delayMs in [0, 5, 20, 60] {
                let db = dir.appendingPathComponent("history-\(delayMs).db")
                #expect(try cli.run(["history", "import", "--history-db", db.path, source, "--quiet"]).status == 0)
                let p = Process()
                p.executableURL = CLITests.binary
                p.arguments = ["history", "import", "--history-db", db.path, dir.path + "/runs", "--quiet"]
                try p.run()
                // Once the write-ahead log exists, the import is writing; then a little longer.
                let wal = db.path + "-wal"
                let deadline = Date().addingTimeInterval(20)
                while !FileManager.default.fileExists(atPath: wal), p.isRunning, Date() < deadline { usleep(200) }
                usleep(useconds_t(delayMs * 1000))
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
                #expect(p.terminationReason == .uncaughtSignal || p.terminationStatus == 0)
                #expect(try Self.integrityCheck(db) == "ok")
                let counts = try Self.sqlite3(
                    db,
                    "SELECT (SELECT count(*) FROM specs s WHERE s.run = r.id), (SELECT count(*) FROM results t WHERE t.run = r.id) FROM runs r"
                ).output.split(separator: "\n")
                #expect(counts.count >= 1)
                #expect(Set(counts) == ["\(record.specs.count)|\(record.tests.count)"], "\(counts)")
                if counts.count < 41 { interrupted += 1 }
            }
            // The kills landed before the import's end (else this test would prove nothing).
            #expect(interrupted > 0)
        }
    }
}

extension HistoryDatabaseTests {
    /// `history import --run-id --history N` seeds a database from the API: the subject and the N
    /// runs before it are recorded, and a report from the database then has the fetched history.
    @Test func importSeedsFromTheAPI() throws {
        let bundles = Self.fixtureRuns.flatMap { ["--bundle", Fixtures.path($0)] }
        let server = try FakeCurrentsServer(bundle: Fixtures.path("history/run-5"), extraArguments: bundles, runsList: false)
        try cli.withTemporaryDirectory { dir in
            let env = ["CURRENTS_API_URL": server.baseURL, "CURRENTS_API_KEY": FakeCurrentsServer.key]
            let db = dir.path + "/history.db"
            let r = try cli.run(
                ["history", "import", "--history-db", db, "--run-id", "hist000000000005", "--history", "4", "--retry-delay", "0.01"],
                environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "Recorded 5 runs in \(db).\n")
            let list = try cli.run(["history", "list", "--history-db", db])
            #expect(list.stdout.split(separator: "\n").count == 6, "\(list.stdout)")
            let report = try cli.run(["report", Fixtures.path("history/run-5"), "--history-db", db, "--out", dir.path + "/a", "--quiet"])
            #expect(report.status == 0, "\(report.stderr)")
            #expect(try cli.run(["report", Fixtures.path("history"), "--out", dir.path + "/b", "--quiet"]).status == 0)
            let a = try Self.withoutSightingBadges(Data(contentsOf: URL(fileURLWithPath: dir.path + "/a/index.html")))
            let b = try Self.withoutSightingBadges(Data(contentsOf: URL(fileURLWithPath: dir.path + "/b/index.html")))
            #expect(!a.badges.isEmpty && b.badges.isEmpty)
            #expect(a.page == b.page)
        }
    }

    /// The page with the error groups' sighting badges (`new in this run`, `seen in N runs since …`)
    /// cut out, and their texts.
    static func withoutSightingBadges(_ data: Data) throws -> (page: String, badges: [String]) {
        let html = String(decoding: data, as: UTF8.self)
        let pattern = try NSRegularExpression(
            pattern: #" <span class="badge( t-new-failure)?">((new in this run)|(seen in [0-9,]+ runs since [0-9-]+))</span>"#)
        let range = NSRange(html.startIndex..., in: html)
        let badges = pattern.matches(in: html, range: range).compactMap { Range($0.range(at: 2), in: html).map { String(html[$0]) } }
        return (pattern.stringByReplacingMatches(in: html, range: range, withTemplate: ""), badges)
    }
}

extension HistoryDatabaseTests {
    @Test func aRunWithoutCreatedAtIsNotRecorded() throws {
        try cli.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("history.db")
            var run = try Fixtures.summary("history/run-1")
            run.run.createdAt = nil
            var recorder = HistoryRecorder(store: try SQLiteHistoryStore(path: db.path, create: true), limit: 30)
            let error = #expect(throws: HistoryStoreError.self) { try recorder.add(run, name: "runs/x.json") }
            #expect(
                error?.description
                    == "runs/x.json: the run has no valid createdAt; the runs of a history are ordered by it, so it cannot be recorded in the history database."
            )
            #expect(try SQLiteHistoryStore(path: db.path, create: false).runs(project: nil, branch: nil).isEmpty)
        }
    }
}
