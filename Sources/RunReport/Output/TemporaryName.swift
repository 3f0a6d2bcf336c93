import Foundation

/// The temporary name a file is written under before it is renamed into place: `.NAME.TOKEN.tmp`
/// beside `NAME`, TOKEN being `PID-RANDOM`.
package enum TemporaryName {
    /// `PID-RANDOM`: the process id says which process wrote the file; the 13 random base-36
    /// digits keep two stagings (of this process or another) from ever colliding.
    static func newToken() -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return "\(getpid())-" + String(repeating: "0", count: 13 - random.count) + random
    }

    /// The temporary path for the file at `final`.
    static func path(for final: String, token: String) -> String {
        let folder = (final as NSString).deletingLastPathComponent
        return RunSource.join(folder, ".\((final as NSString).lastPathComponent).\(token).tmp")
    }
}
