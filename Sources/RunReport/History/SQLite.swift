import CSQLite

/// The few libsqlite3 calls the history store makes (https://sqlite.org/cintro.html): a connection,
/// prepared statements with positional parameters, and transactions. Every failure becomes a
/// ``HistoryStoreError`` naming the database file.
final class SQLiteConnection {
    let path: String
    private let handle: OpaquePointer

    /// Opens `path`, creating it only when `create` is set. Opening reads nothing yet: a file that is
    /// not a database is found by the first statement.
    init(path: String, create: Bool, busyTimeoutMs: Int32) throws(HistoryStoreError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw HistoryStoreError.sqlite(file: path, code: rc, message: message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 0)
        sqlite3_busy_timeout(db, busyTimeoutMs)
    }

    deinit {
        // Closing the last connection checkpoints the write-ahead log into the file and removes it,
        // so that a CI cache that saves only the file holds every run.
        sqlite3_close_v2(handle)
    }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws(HistoryStoreError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc) }
    }

    func prepare(_ sql: String) throws(HistoryStoreError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc) }
        return SQLiteStatement(connection: self, handle: statement)
    }

    /// The single integer a query such as `PRAGMA user_version` returns (0 when it returns no row).
    func integer(_ sql: String) throws(HistoryStoreError) -> Int64 {
        let statement = try prepare(sql)
        return try statement.step() ? statement.int64(0) : 0
    }

    /// `body` inside a transaction: committed when it returns, rolled back when it throws. A writer
    /// takes the write lock at once (`IMMEDIATE`), so two writers wait for each other through the
    /// busy timeout instead of one failing when it upgrades a read lock.
    func transaction<T>(writing: Bool, _ body: () throws(HistoryStoreError) -> T) throws(HistoryStoreError) -> T {
        try execute(writing ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }

    var changes: Int { Int(sqlite3_changes(handle)) }

    func error(_ rc: Int32) -> HistoryStoreError {
        .sqlite(file: path, code: rc, message: String(cString: sqlite3_errmsg(handle)))
    }
}

/// A prepared statement: bind, step through the rows, reset to run it again.
final class SQLiteStatement {
    private let connection: SQLiteConnection
    private let handle: OpaquePointer

    fileprivate init(connection: SQLiteConnection, handle: OpaquePointer) {
        self.connection = connection
        self.handle = handle
    }

    deinit { sqlite3_finalize(handle) }

    /// A value for a `?` parameter.
    enum Value {
        case int(Int64?)
        case text(String?)
    }

    /// Resets the statement and binds `values` to its parameters, in order.
    @discardableResult
    func bind(_ values: Value...) throws(HistoryStoreError) -> SQLiteStatement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .int(let v?): rc = sqlite3_bind_int64(handle, index, v)
            case .text(let v?) where v.isEmpty:
                // A null pointer would bind NULL: an empty string gets a real (empty) one.
                rc = csqlite_bind_text(handle, index, "", 0)
            case .text(let v?):
                var v = v
                rc = v.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { csqlite_bind_text(handle, index, $0.baseAddress, Int32($0.count)) }
                }
            case .int(nil), .text(nil): rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw connection.error(rc) }
        }
        return self
    }

    /// The next row (`true`), or the end (`false`).
    func step() throws(HistoryStoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(rc)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws(HistoryStoreError) {
        while try step() {}
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
}
