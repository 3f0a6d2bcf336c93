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
            guard fm.createFile(atPath: temporary, contents: Data(file.bytes)) else {
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
}
