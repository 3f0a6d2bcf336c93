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
/// and only when all are written are they renamed into place, so a failure leaves no half-written
/// report and no mix of old and new.
package enum OutputWriter {
    package static func write(_ files: [OutputFile], to directory: String) throws(OutputError) -> [String] {
        let staging = OutputStaging(directory: directory)
        do {
            for file in files { try staging.stage(file) }
            return try staging.commit(order: files.map(\.name))
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// Writes bytes to a new file with plain POSIX calls. `FileManager.createFile` writes its own
    /// temporary file, renames it and fsyncs (0.75 ms a file here, most of a 1,000-instance fetch's
    /// system time); the caller's rename already makes the result atomic, and a report or a fetched
    /// bundle can be written again, so durability is not worth an fsync per file.
    static func writeFile(_ bytes: [UInt8], to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        var ok = true
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                #if canImport(Glibc)
                    let n = Glibc.write(fd, base + offset, buffer.count - offset)
                #else
                    let n = Darwin.write(fd, base + offset, buffer.count - offset)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    return
                }
                offset += n
            }
        }
        if close(fd) != 0 { ok = false }
        if !ok { unlink(path) }
        return ok
    }
}

/// Files written under temporary names (`.name.token.tmp`) as they become ready — from any thread —
/// then renamed into place together by ``commit(order:)``, or all removed by ``abandon()``. The
/// report pipeline stages each format as soon as it is rendered, so writing one overlaps rendering
/// the others.
package final class OutputStaging: @unchecked Sendable {
    package let directory: String
    private let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
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
        let base = (final as NSString).lastPathComponent
        if folder != directory {
            do {
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: folder, reason: "the directory cannot be created")
            }
        }
        let temporary = RunSource.join(folder, ".\(base).\(token).tmp")
        guard OutputWriter.writeFile(file.bytes, to: temporary) else {
            throw OutputError(path: final, reason: "the file cannot be created (permissions or disk space)")
        }
        lock.withLock { staged[file.name] = (temporary, final) }
    }

    /// Renames the staged files into place, in `order`; returns their paths.
    package func commit(order: [String]) throws(OutputError) -> [String] {
        let files = lock.withLock { order.compactMap { staged[$0] } }
        var written: [String] = []
        for (temporary, final) in files {
            guard rename(temporary, final) == 0 else {
                abandon()
                throw OutputError(path: final, reason: "the file cannot be replaced")
            }
            written.append(final)
            _ = lock.withLock { staged.removeValue(forKey: (final as NSString).lastPathComponent) }
        }
        return written
    }

    /// Removes every staged file, and the output directory if this staging created it and it is empty.
    package func abandon() {
        let fm = FileManager.default
        let files = lock.withLock {
            let all = Array(staged.values)
            staged.removeAll()
            return all
        }
        for (temporary, _) in files { try? fm.removeItem(atPath: temporary) }
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
        createdDirectory = !existed
        prepared = true
    }
}
