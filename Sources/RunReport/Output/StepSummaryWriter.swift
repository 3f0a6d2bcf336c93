import Foundation

/// Appends Markdown to the file GitHub Actions names in `$GITHUB_STEP_SUMMARY`.
///
/// Opened before the reports are written, so that an unusable path is an error with nothing
/// written; an append that fails part-way (a full disk, a file size limit) is cut back to the
/// file's earlier length, so the summary never ends in half a report.
package final class StepSummaryWriter {
    package let path: String
    /// Nil when the file does not exist yet: the runner creates it, a local run may not have.
    private var fd: Int32?

    package init(path: String) throws(OutputError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        if fd >= 0 {
            self.fd = fd
            return
        }
        guard errno == ENOENT else {
            throw OutputError(path: path, reason: "the step summary cannot be opened (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        let folder = (path as NSString).deletingLastPathComponent
        guard stat(folder.isEmpty ? "." : folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
            access(folder.isEmpty ? "." : folder, W_OK | X_OK) == 0
        else {
            throw OutputError(path: path, reason: "the step summary cannot be created: its directory is missing or not writable")
        }
    }

    deinit {
        if let fd { close(fd) }
    }

    package func append(_ markdown: [UInt8]) throws(OutputError) {
        var created = false
        if fd == nil {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw OutputError(path: path, reason: "the step summary cannot be created (\(String(cString: strerror(errno))))")
            }
            self.fd = fd
            created = true
        }
        guard let fd else { return }
        var info = stat()
        let length: off_t? = fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? info.st_size : nil
        let failure: Int32 = markdown.withUnsafeBytes { writeAll(fd, $0) }
        guard failure != 0 else { return }
        let kept: String
        if created {
            unlink(path)
            kept = "it was not created"
        } else if let length, ftruncate(fd, length) == 0 {
            kept = "it was left as it was"
        } else {
            kept = "part of it may have been appended"
        }
        throw OutputError(path: path, reason: "the step summary cannot be appended to (\(String(cString: strerror(failure)))); \(kept)")
    }
}
