import Foundation

/// The bundles a ``RemoteRunSource`` fetched, and the temporary directory they are in, if any.
package struct FetchedRuns: Sendable {
    /// The subject's bundle first, then its history's, newest first.
    package var bundles: [String]
    /// Nil when the data directory is kept.
    package var temporaryDirectory: URL?

    /// Removes the temporary directory, which a termination signal then no longer has to. Nothing
    /// for a data directory that is kept.
    package func removeTemporaryDirectory() {
        guard let temporaryDirectory else { return }
        try? FileManager.default.removeItem(at: temporaryDirectory)
        TemporaryFiles.shared.forget(tree: temporaryDirectory.path)
    }
}
