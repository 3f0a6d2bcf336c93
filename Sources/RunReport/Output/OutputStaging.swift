import Foundation

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
        try prepare()
        let final = FileSystem.join(directory, file.name)
        // A name may hold folders (`templates export` writes `html/report.html.mustache`).
        let folder = (final as NSString).deletingLastPathComponent
        if folder != directory {
            do {
                try registry.createDirectory(atPath: folder)
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
            try registry.createDirectory(atPath: directory)
        } catch {
            throw OutputError(path: directory, reason: "the directory cannot be created")
        }
        if !existed { registry.noteCreated(folder: directory) }
        createdDirectory = !existed
        prepared = true
    }
}
