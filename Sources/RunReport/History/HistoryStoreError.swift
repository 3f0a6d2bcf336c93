import CSQLite

/// Why the history database cannot be used. Each message names the file and reads well after
/// `Error: `; none of them leaves the file changed.
package enum HistoryStoreError: Error, Equatable, CustomStringConvertible {
    /// A SQLite call failed; `code` is its primary result code.
    case sqlite(file: String, code: Int32, message: String)
    /// `PRAGMA user_version` is newer than the schema this runreport knows.
    case newerVersion(file: String, version: Int64, known: Int64)
    /// A SQLite database, but not one runreport made.
    case foreignDatabase(file: String)
    /// `--history-db FILE` for a command that reads an existing database only.
    case missing(file: String)
    /// A run without a valid createdAt cannot take its place in a history.
    case noCreatedAt(file: String)

    package var description: String {
        switch self {
        case .sqlite(let file, let code, let message):
            switch code & 0xFF {
            case SQLITE_NOTADB:
                return
                    "\(file): not a SQLite database (\(message)); runreport leaves it as it is. Give --history-db a new file name or a history database."
            case SQLITE_CORRUPT:
                return
                    "\(file): the history database is corrupt (\(message)); runreport does not repair or overwrite it. Restore it from a copy, or start a new file."
            case SQLITE_BUSY, SQLITE_LOCKED:
                return
                    "\(file): the history database stayed locked by another process for longer than the busy timeout (\(message)); try again."
            case SQLITE_CANTOPEN:
                return "\(file): cannot open the history database (\(message)); check that its directory exists and is writable."
            case SQLITE_READONLY:
                return "\(file): the history database is read-only (\(message)); recording a run needs write access."
            default:
                return "\(file): history database error: \(message) (SQLite code \(code))."
            }
        case .newerVersion(let file, let version, let known):
            return
                "\(file): the history database has schema version \(version), newer than this runreport knows (\(known)); it was written by a newer runreport. Use that version, or another file; this one is left as it is."
        case .foreignDatabase(let file):
            return
                "\(file): a SQLite database, but not a runreport history database (it has tables of its own and no runreport schema version); runreport leaves it as it is."
        case .missing(let file):
            return "\(file): no such history database; `runreport report --history-db` or `runreport history import` creates one."
        case .noCreatedAt(let file):
            return
                "\(file): the run has no valid createdAt; the runs of a history are ordered by it, so it cannot be recorded in the history database."
        }
    }
}
