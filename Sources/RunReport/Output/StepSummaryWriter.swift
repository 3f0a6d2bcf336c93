import Foundation

/// Appends Markdown to the file GitHub Actions names in `$GITHUB_STEP_SUMMARY`.
package enum StepSummaryWriter {
    package static func append(_ markdown: [UInt8], to path: String) throws(OutputError) {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            // The runner creates the file; create it when it does not exist (e.g. a local test).
            guard FileManager.default.createFile(atPath: path, contents: Data(markdown)) else {
                throw OutputError(path: path, reason: "the step summary file cannot be created")
            }
            return
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(markdown))
        } catch {
            throw OutputError(path: path, reason: "the step summary cannot be appended to")
        }
    }
}
