import Foundation

/// The temporary name a file is written under before it is renamed into place — `.NAME.TOKEN.tmp`
/// beside `NAME`, TOKEN being `PID-RANDOM` — and the rule by which a later run recognises one that
/// a killed process (SIGKILL, an out-of-memory kill, a power cut) left behind, and removes it.
///
/// The rule, built so that it cannot take a file of the user's or a live writer's:
/// - NAME is one of the names the run itself writes into that folder (the four reports; `run.json`
///   and the run's instance files in a bundle; the template files);
/// - TOKEN has exactly our shape: a process id (1–10 digits), `-`, 13 characters of `0-9a-z`;
///   or, for files left by versions before the process id was added, 11–13 characters of `0-9a-z`;
/// - it is a regular file (never a folder or a link) owned by the user running us;
/// - and its writer is gone: the process id names no running process (`kill(pid, 0)` fails with
///   ESRCH) — or, whatever the id (ids are reused; older files carry none), it was last modified
///   over an hour ago, far longer than any write takes.
package enum TemporaryName {
    /// How old a temporary file must be to be removed when its writer cannot be proven gone.
    static let staleAge: TimeInterval = 3600

    /// `PID-RANDOM`: the process id lets a later run tell whether the writer still runs; the 13
    /// random base-36 digits keep two stagings (of this process or another) from ever colliding.
    static func newToken() -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return "\(getpid())-" + String(repeating: "0", count: 13 - random.count) + random
    }

    /// The temporary path for the file at `final`.
    static func path(for final: String, token: String) -> String {
        let folder = (final as NSString).deletingLastPathComponent
        return FileSystem.join(folder, ".\((final as NSString).lastPathComponent).\(token).tmp")
    }

    /// Who wrote a temporary file, as far as its name says.
    enum Writer: Equatable {
        case process(Int32)
        case unknown
    }

    /// The writer of `fileName` when it is a temporary name of ours for one of `names`; nil otherwise.
    static func writer(of fileName: String, names: Set<String>) -> Writer? {
        guard fileName.hasPrefix("."), fileName.hasSuffix(".tmp") else { return nil }
        let core = fileName.dropFirst().dropLast(".tmp".count)
        guard let dot = core.lastIndex(of: ".") else { return nil }
        guard names.contains(String(core[..<dot])) else { return nil }
        let token = core[core.index(after: dot)...].utf8
        func isBase36(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) }
        if let dash = token.firstIndex(of: UInt8(ascii: "-")) {
            let pid = token[..<dash], random = token[token.index(after: dash)...]
            guard (1...10).contains(pid.count), pid.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), pid.first != UInt8(ascii: "0"),
                random.count == 13, random.allSatisfy(isBase36), let id = Int32(String(decoding: pid, as: UTF8.self))
            else { return nil }
            return .process(id)
        }
        guard (11...13).contains(token.count), token.allSatisfy(isBase36) else { return nil }
        return .unknown
    }

    /// Removes the stale temporary files (see the type's rule) of `names` — paths relative to
    /// `directory`, possibly in sub-folders — and returns the relative paths removed. A folder that
    /// does not exist or cannot be read has nothing to remove.
    @discardableResult
    package static func removeStale(in directory: String, names: some Sequence<String>, now: Date = Date()) -> [String] {
        var byFolder: [String: Set<String>] = [:]
        for name in names {
            let folder = (name as NSString).deletingLastPathComponent
            byFolder[folder, default: []].insert((name as NSString).lastPathComponent)
        }
        var removed: [String] = []
        for (folder, bases) in byFolder.sorted(by: { $0.key < $1.key }) {
            let path = folder.isEmpty ? directory : FileSystem.join(directory, folder)
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
            for entry in entries.sorted() {
                guard let writer = writer(of: entry, names: bases) else { continue }
                let file = FileSystem.join(path, entry)
                guard isStale(file, writer: writer, now: now), unlink(file) == 0 else { continue }
                removed.append(folder.isEmpty ? entry : folder + "/" + entry)
            }
        }
        return removed
    }

    /// `type`: what the path must be, a regular file (`S_IFREG`) or, for a staging folder such as
    /// the artifacts', a directory (`S_IFDIR`); never a link.
    static func isStale(_ path: String, writer: Writer, now: Date, type: mode_t = S_IFREG) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == type, info.st_uid == geteuid() else { return false }
        #if canImport(Glibc)
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #else
            let modified = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #endif
        // This process's own files are never stale: it is writing them.
        if case .process(let pid) = writer, pid == getpid() { return false }
        if now.timeIntervalSince1970 - modified >= staleAge { return true }
        guard case .process(let pid) = writer else { return false }
        // EPERM means the process exists (another user's): not gone.
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
