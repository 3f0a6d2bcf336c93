import Foundation

/// How much input `report` reads before refusing it. runreport holds a run in memory — peak memory
/// is about 2–3× the input (`bench/run.sh`, `bench/scale.sh`) — so a run too big for the machine is
/// refused up front with a clear message rather than killed half-way for want of memory.
/// Sizes are checked before anything is read (so a huge file costs nothing), and gzip input is
/// checked again as it inflates.
package struct InputLimits: Sendable, Equatable {
    /// One file (run or instance), after decompression.
    package var maxFileBytes: Int
    /// The run file and every instance file together.
    package var maxTotalBytes: Int

    package init(maxFileBytes: Int, maxTotalBytes: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
    }

    /// 1 GiB a file, 4 GiB a run: over 20× the 200,000-test benchmark run (180 MB).
    package static let standard = InputLimits(maxFileBytes: 1 << 30, maxTotalBytes: 4 << 30)

    /// `1073741824` → `1.0 GiB`; `5000` → `5000 bytes`.
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 30 { return String(format: "%.1f GiB", Double(bytes) / Double(1 << 30)) }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        return "\(bytes) bytes"
    }

    /// Reads a stream (standard input) to its end, but never more than `maxFileBytes + 1` bytes: one
    /// byte over is enough for ``RunSource/load(standardInput:)`` to refuse it.
    package func readCapped(_ handle: FileHandle) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count <= maxFileBytes {
            let want = min(1 << 20, maxFileBytes + 1 - bytes.count)
            guard let chunk = try? handle.read(upToCount: want), !chunk.isEmpty else { break }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }
}
