import Foundation

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
