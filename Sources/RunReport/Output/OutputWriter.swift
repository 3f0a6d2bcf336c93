import Foundation

/// A report could not be written.
package struct OutputError: Error, CustomStringConvertible {
    package var path: String
    package var reason: String
    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    package var description: String { "\(path): cannot write: \(reason)." }
}

/// Writes reports atomically: every file goes to a temporary name in the output directory first,
/// and only when all are written, and every target has been checked, are they renamed into place,
/// so a failure leaves no half-written report and no mix of old and new.
package enum OutputWriter {
    /// Writes `files` into `directory`. With `removingStale`, first removes the temporary files a
    /// killed earlier run left for these names (``TemporaryName``); the bundle fetcher, writing one
    /// instance at a time, does that once for all instead.
    package static func write(
        _ files: [OutputFile], to directory: String, removingStale: Bool = true
    ) throws(OutputError) -> [String] {
        if removingStale { TemporaryName.removeStale(in: directory, names: files.map(\.name)) }
        let staging = OutputStaging(directory: directory)
        do {
            for file in files { try staging.stage(file) }
            return try staging.commit(order: files.map(\.name))
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// Why a staged file could not replace `path`, or nil if it can: checked for every target before
    /// the first rename, so that a target that is, say, a directory stops the whole set rather than
    /// leaving it half replaced. A symbolic link is replaced itself (rename never follows it), but
    /// not when it points to a directory or a special file: whoever made it meant something else.
    static func obstacle(replacing path: String) -> String? {
        var info = stat()
        if lstat(path, &info) != 0 {
            return errno == ENOENT ? writableFolderObstacle(of: path) : "it cannot be inspected (\(String(cString: strerror(errno))))"
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return "it is a directory"
        case S_IFLNK:
            var target = stat()
            // A dangling link is replaced like a file: nothing is lost.
            if stat(path, &target) == 0 {
                switch target.st_mode & S_IFMT {
                case S_IFREG: break
                case S_IFDIR: return "it is a symbolic link to a directory"
                default: return "it is a symbolic link to something that is not a regular file"
                }
            }
        default: return "it is not a regular file (a FIFO, socket or device)"
        }
        return writableFolderObstacle(of: path)
    }

    private static func writableFolderObstacle(of path: String) -> String? {
        access((path as NSString).deletingLastPathComponent, W_OK | X_OK) == 0 ? nil : "its directory is not writable"
    }
}

/// Files written under temporary names (``TemporaryName``) as they become ready — from any thread —
/// then renamed into place together by ``commit(order:)``, or all removed by ``abandon()``. The
/// report pipeline stages each format as soon as it is rendered, so writing one overlaps rendering
/// the others. Every temporary file is known to ``TemporaryFiles``, so that a termination signal
/// removes it and stops the renames.
package final class OutputStaging: @unchecked Sendable {
    package let directory: String
    private let token = TemporaryName.newToken()
    private let registry = TemporaryFiles.shared
    private let lock = NSLock()
    private var staged: [String: (temporary: String, final: String)] = [:]
    private var prepared = false
    private var createdDirectory = false

    package init(directory: String) { self.directory = directory }

    package func stage(_ file: OutputFile) throws(OutputError) {
        let fm = FileManager.default
        try prepare()
        let final = RunSource.join(directory, file.name)
        // A name may hold folders (`templates export` writes `html/report.html.mustache`).
        let folder = (final as NSString).deletingLastPathComponent
        if folder != directory {
            do {
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: folder, reason: "the directory cannot be created")
            }
        }
        let temporary = TemporaryName.path(for: final, token: token)
        let failure = registry.write(file.bytes, to: temporary)
        guard failure == 0 else {
            throw OutputError(path: final, reason: "the file cannot be created (\(String(cString: strerror(failure))))")
        }
        lock.withLock { staged[file.name] = (temporary, final) }
    }

    /// Checks every target, then renames the staged files into place, in `order`; returns their paths.
    /// A target that cannot be replaced stops it before the first rename, with nothing replaced. A
    /// rename that still fails (the target changed after the check) stops the rest, and the error
    /// says which files were replaced and which were not.
    package func commit(order: [String]) throws(OutputError) -> [String] {
        try commit(order: order, afterChecks: {})
    }

    /// `afterChecks` runs between the checks and the renames: tests change a target there, as a
    /// concurrent process could.
    func commit(order: [String], afterChecks: () -> Void) throws(OutputError) -> [String] {
        let files = lock.withLock {
            order.compactMap { name in staged[name].map { (name: name, temporary: $0.temporary, final: $0.final) } }
        }
        for file in files {
            if let obstacle = OutputWriter.obstacle(replacing: file.final) {
                abandon()
                throw OutputError(path: file.final, reason: "\(obstacle); nothing was replaced")
            }
        }
        afterChecks()
        switch registry.rename(files.map { ($0.temporary, $0.final) }) {
        case .renamed:
            lock.withLock { for file in files { staged[file.name] = nil } }
            return files.map(\.final)
        case .failed(let index, let code):
            lock.withLock { for file in files[..<index] { staged[file.name] = nil } }
            abandon()
            let replaced = files[..<index].map(\.name), kept = files[index...].map(\.name)
            let outcome =
                replaced.isEmpty
                ? "nothing was replaced"
                : "replaced: \(replaced.joined(separator: ", ")); not replaced: \(kept.joined(separator: ", "))"
            throw OutputError(path: files[index].final, reason: "it cannot be replaced (\(String(cString: strerror(code)))); \(outcome)")
        }
    }

    /// Removes every staged file, and the output directory if this staging created it and it is empty.
    package func abandon() {
        let fm = FileManager.default
        let files = lock.withLock {
            let all = Array(staged.values)
            staged.removeAll()
            return all
        }
        for (temporary, _) in files { registry.remove(temporary) }
        if lock.withLock({ createdDirectory }), (try? fm.contentsOfDirectory(atPath: directory))?.isEmpty == true {
            try? fm.removeItem(atPath: directory)
        }
    }

    private func prepare() throws(OutputError) {
        lock.lock()
        defer { lock.unlock() }
        guard !prepared else { return }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = fm.fileExists(atPath: directory, isDirectory: &isDirectory)
        if existed && !isDirectory.boolValue {
            throw OutputError(path: directory, reason: "it is a file, not a directory")
        }
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory, reason: "the directory cannot be created")
        }
        if !existed { registry.noteCreated(folder: directory) }
        createdDirectory = !existed
        prepared = true
    }
}
