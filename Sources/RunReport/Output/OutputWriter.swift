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
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory, reason: "the directory cannot be created")
        }
        var temporaries: [(String, String)] = []
        func cleanUp() { for (tmp, _) in temporaries { try? fm.removeItem(atPath: tmp) } }
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        for file in files {
            let final = RunSource.join(directory, file.name)
            // A name may hold folders (`templates export` writes `html/report.html.mustache`).
            let folder = (final as NSString).deletingLastPathComponent
            let base = (final as NSString).lastPathComponent
            if folder != directory {
                do {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    cleanUp()
                    throw OutputError(path: folder, reason: "the directory cannot be created")
                }
            }
            let temporary = RunSource.join(folder, ".\(base).\(token).tmp")
            guard writeFile(file.bytes, to: temporary) else {
                cleanUp()
                throw OutputError(path: final, reason: "the file cannot be created (permissions or disk space)")
            }
            temporaries.append((temporary, final))
        }
        var written: [String] = []
        for (temporary, final) in temporaries {
            guard rename(temporary, final) == 0 else {
                cleanUp()
                throw OutputError(path: final, reason: "the file cannot be replaced")
            }
            written.append(final)
        }
        return written
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
