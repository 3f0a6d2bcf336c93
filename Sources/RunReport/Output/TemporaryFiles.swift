import Foundation

/// Every file this process has under a temporary name, and every temporary folder it means to
/// remove, so that a termination signal (see ``TerminationHandler``) can remove them before the
/// process exits.
///
/// This is process-wide state because a signal is process-wide. One lock guards the creation of
/// every temporary file, the final renames and the cleanup: ``terminate(signal:)`` takes it and
/// never gives it back, so the cleanup sees every temporary file that exists, a file created after
/// it cannot appear (its creation waits for the lock until the process is gone), and a set of
/// renames is done either wholly before the cleanup or not at all — never half a set of reports.
package final class TemporaryFiles: @unchecked Sendable {
    package static let shared = TemporaryFiles()

    private let lock = NSLock()
    private var files: Set<String> = []
    private var folders: [String] = []
    private var trees: Set<String> = []

    init() {}

    /// Writes `bytes` to a new file at `path` and registers it. Returns 0, or the `errno` of the
    /// failure (the file is then gone).
    ///
    /// Plain POSIX calls: `FileManager.createFile` writes its own temporary file, renames it and
    /// fsyncs (0.75 ms a file here, most of a 1,000-instance fetch's system time); the caller's
    /// rename already makes the result atomic, and a report or a fetched bundle can be written
    /// again, so durability is not worth an fsync per file.
    func write(_ bytes: [UInt8], to path: String) -> Int32 {
        // Creating under the lock is what lets the cleanup see every file; the write itself (up to
        // hundreds of MB) happens outside it, so stagings on several threads still overlap.
        // O_EXCL | O_NOFOLLOW: a file or link planted at the name is never written through.
        let (fd, openError): (Int32, Int32) = lock.withLock {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 { files.insert(path) }
            return (fd, errno)
        }
        guard fd >= 0 else { return openError }
        var failure: Int32 = bytes.withUnsafeBytes { writeAll(fd, $0) }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 { remove(path) }
        return failure
    }

    /// Creates a directory and its parents under the lock, like every temporary file: a directory
    /// made while a signal's cleanup removes a temporary tree could outlive it (seen: a fetched
    /// bundle's `instances/` left behind); once the cleanup has begun, this waits for the exit.
    func createDirectory(atPath path: String) throws {
        try lock.withLock { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    }

    /// Removes a temporary file and forgets it.
    func remove(_ path: String) {
        lock.withLock {
            unlink(path)
            files.remove(path)
        }
    }

    /// Notes a folder this process created to hold reports, to be removed on termination if it is
    /// still empty then.
    func noteCreated(folder: String) {
        lock.withLock { folders.append(folder) }
    }

    /// A temporary folder (a fetched bundle nobody asked to keep) to remove, with all it holds, on
    /// termination; ``forget(tree:)`` once it is removed normally.
    package func removeOnTermination(tree path: String) {
        _ = lock.withLock { trees.insert(path) }
    }

    package func forget(tree path: String) {
        _ = lock.withLock { trees.remove(path) }
    }

    /// How a set of renames ended.
    enum RenameOutcome: Equatable {
        case renamed
        /// `moves[index]` failed with `errno`; the moves before it were made, the others not.
        case failed(index: Int, errno: Int32)
    }

    /// Renames each temporary file into place, in order, under the lock (so not at all once a
    /// termination has begun), forgetting each one renamed. Stops at the first failure.
    func rename(_ moves: [(temporary: String, final: String)]) -> RenameOutcome {
        lock.withLock {
            for (index, move) in moves.enumerated() {
                #if canImport(Glibc)
                    let status = Glibc.rename(move.temporary, move.final)
                #else
                    let status = Darwin.rename(move.temporary, move.final)
                #endif
                guard status == 0 else { return .failed(index: index, errno: errno) }
                files.remove(move.temporary)
            }
            return .renamed
        }
    }

    /// Removes every temporary file, the empty folders created for reports and the temporary
    /// folders, says so on standard error, and exits with 128 + `signal` (the shell's convention:
    /// 143 for SIGTERM, 130 for SIGINT). Called from a dispatch queue, not in signal context, so it
    /// may take a lock and allocate.
    package func terminate(signal: Int32) -> Never {
        // Taken and never released: see the type's comment.
        lock.lock()
        var removed = 0
        for path in files where unlink(path) == 0 { removed += 1 }
        for folder in folders.reversed() { rmdir(folder) }
        for tree in trees { try? FileManager.default.removeItem(atPath: tree) }
        let name = [SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGHUP: "SIGHUP"][signal] ?? "signal \(signal)"
        let message = "runreport: stopped by \(name); \(removed) temporary file(s) removed.\n"
        message.utf8CString.withUnsafeBufferPointer { text in
            guard let base = text.baseAddress else { return }
            #if canImport(Glibc)
                _ = Glibc.write(STDERR_FILENO, base, text.count - 1)
            #else
                _ = Darwin.write(STDERR_FILENO, base, text.count - 1)
            #endif
        }
        // _exit, not exit: other threads are still running, and exit's atexit handlers and static
        // destructors would run under their feet; there is nothing buffered worth flushing.
        _exit(128 + signal)
    }
}
