import Foundation
import Testing

/// The binary run as a real child process and sent a signal at a real moment: once a file it writes
/// (a temporary report, a fetched instance) shows up in a directory, found by polling that directory.
struct InterruptedRun {
    /// Whether the awaited file appeared before the process ended by itself.
    var sawTrigger: Bool
    var reason: Process.TerminationReason
    var status: Int32
    var stderr: String

    /// Starts `runreport arguments`, polls `directory` every millisecond until a name not there at
    /// the start satisfies `trigger`, sends `signal`, and waits for the process to end.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], watching directory: URL, until trigger: (String) -> Bool,
        signal: Int32, timeout: Duration = .seconds(120)
    ) throws -> InterruptedRun {
        let fm = FileManager.default
        let before = Set((try? fm.contentsOfDirectory(atPath: directory.path)) ?? [])
        // Standard error goes to a file: a pipe nobody reads while polling could fill and block the child.
        let errorFile = fm.temporaryDirectory.appendingPathComponent("runreport-stderr-\(UUID().uuidString)")
        guard fm.createFile(atPath: errorFile.path, contents: nil), let errorHandle = FileHandle(forWritingAtPath: errorFile.path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? fm.removeItem(at: errorFile) }
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorHandle
        try process.run()
        try errorHandle.close()

        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var saw = false
        while process.isRunning, clock.now < deadline {
            let names = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
            if names.contains(where: { !before.contains($0) && trigger($0) }) {
                saw = true
                kill(process.processIdentifier, signal)
                break
            }
            usleep(1000)
        }
        if !saw, process.isRunning { process.terminate() }
        process.waitUntilExit()
        return InterruptedRun(
            sawTrigger: saw, reason: process.terminationReason, status: process.terminationStatus,
            stderr: String(decoding: fm.contents(atPath: errorFile.path) ?? Data(), as: UTF8.self))
    }

    /// A name the tool writes under before renaming: `.NAME.TOKEN.tmp`.
    static func isTemporary(_ name: String) -> Bool { name.hasPrefix(".") && name.hasSuffix(".tmp") }

    /// Every temporary file anywhere under `directory`, as relative paths.
    static func temporaries(under directory: URL) -> [String] {
        let all = FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []
        return all.filter { isTemporary(($0 as NSString).lastPathComponent) }.sorted()
    }
}
