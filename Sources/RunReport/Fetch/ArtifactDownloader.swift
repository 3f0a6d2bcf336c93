import Foundation

/// `--artifacts failed|all`: saves the run's screenshots, videos and attachments next to the reports
/// (`artifacts/<instanceId>/<attempt>-<name>.<ext>`), before their signed URLs expire.
///
/// The rules (issue 14): no API key and no `Authorization` header ever go to an artifact host (the
/// URLs are pre-signed); only `https`, or `http` to this machine; no redirect is followed (the
/// transport never follows one); the response's content type must be one the artifact's kind
/// allows; the body is bounded while it streams by what is left of `maxBytes`. Whatever fails is a
/// warning, and the artifact stays a link: a download never fails the report.
package struct ArtifactDownloader: Sendable {
    package enum Selection: String, Sendable, CaseIterable {
        /// The artifacts of failed and flaky tests, and the videos and own artifacts of specs with one
        /// (or that failed).
        case failed
        case all
        case none
    }

    package var transport: any HTTPTransport
    package var retry: RetryPolicy
    package var timeout: Duration
    package var concurrency: Int
    /// `--artifacts-max-mb`, in bytes: the most all saved artifacts may hold together.
    package var maxBytes: Int

    package static let defaultMaxMegabytes = 500

    package init(
        transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(60), concurrency: Int = 8,
        maxBytes: Int = defaultMaxMegabytes << 20
    ) {
        self.transport = transport
        self.retry = retry
        self.timeout = timeout
        self.concurrency = concurrency
        self.maxBytes = maxBytes
    }

    /// Where an artifact sits in the summary.
    enum Slot: Sendable, Hashable {
        case test(Int, Int)
        case specVideo(Int)
        case specOther(Int, Int)
    }

    struct Item: Sendable {
        var slot: Slot
        var artifact: Artifact
        var spec: String
        /// `<instance folder>/<file stem>`, safe and unique in the run.
        var stem: String
    }

    /// The artifacts `selection` asks for, in report order, each with its file stem.
    static func plan(_ summary: Summary, selection: Selection) -> [Item] {
        guard selection != .none else { return [] }
        var items: [Item] = []
        for (i, test) in summary.tests.enumerated() {
            guard selection == .all || test.state == .failed || test.flaky else { continue }
            for (j, artifact) in test.artifacts.enumerated() {
                items.append(Item(slot: .test(i, j), artifact: artifact, spec: test.spec, stem: ""))
            }
        }
        let failing = summary.specsWithFailure
        for (i, spec) in summary.specs.enumerated() {
            guard selection == .all || failing[i] else { continue }
            if let video = spec.artifacts.video { items.append(Item(slot: .specVideo(i), artifact: video, spec: spec.spec, stem: "")) }
            for (j, artifact) in spec.artifacts.others.enumerated() {
                items.append(Item(slot: .specOther(i, j), artifact: artifact, spec: spec.spec, stem: ""))
            }
        }
        var taken: Set<String> = []
        for k in items.indices {
            let a = items[k].artifact
            let folder = safeName(a.instanceId ?? "", fallback: "no-instance")
            let base = (a.attempt.map(String.init) ?? "spec") + "-" + safeName(a.name, fallback: a.kind.rawValue)
            var stem = folder + "/" + base
            var n = 2
            while !taken.insert(stem.lowercased()).inserted {
                stem = folder + "/" + base + "-\(n)"
                n += 1
            }
            items[k].stem = stem
        }
        return items
    }

    /// A file name from any text: every character outside `A-Za-z0-9._-` becomes `_`, a leading
    /// dot too (no hidden file, never `.` or `..`), at most 60 characters.
    static func safeName(_ text: String, fallback: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            guard out.unicodeScalars.count < 60 else { break }
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-": out.unicodeScalars.append(scalar)
            case ".": out += out.isEmpty ? "_" : "."
            default: out += "_"
            }
        }
        return out.isEmpty || out.allSatisfy({ $0 == "_" || $0 == "." }) && out.count < 2 ? fallback : out
    }

    /// A URL an artifact may be fetched from: the API's rule (``CurrentsClient/secureURL(_:)``),
    /// a query allowed (signed URLs carry one).
    static func downloadable(_ text: String?) -> URL? {
        text.flatMap(CurrentsClient.secureURL)
    }

    /// The extension a content type is saved under.
    static func fileExtension(contentType: String) -> String {
        switch contentType {
        case "image/png": "png"
        case "image/jpeg": "jpg"
        case "video/mp4": "mp4"
        case "video/webm": "webm"
        case "application/zip": "zip"
        default: "bin"
        }
    }

    /// What remains of the cap, shared by the concurrent downloads.
    final class Cap: @unchecked Sendable {
        private var left: Int
        private let lock = NSLock()
        private(set) var refused = 0
        init(_ bytes: Int) { left = bytes }
        var remaining: Int { lock.withLock { left } }
        func take(_ n: Int) -> Bool {
            lock.withLock {
                guard n <= left else { return false }
                left -= n
                return true
            }
        }
        func refuse() { lock.withLock { refused += 1 } }
    }

    enum Outcome: Sendable {
        case saved(path: String)
        case failed(String)
        case overCap
    }

    /// Downloads what `selection` asks for into a staging folder of `outputDirectory`, sets each
    /// saved artifact's `savedPath` and adds a warning per failure; returns the staging to commit
    /// with the reports (nil when nothing was saved).
    package func save(_ summary: inout Summary, selection: Selection, outputDirectory: String) async throws(OutputError)
        -> ArtifactStaging?
    {
        let items = Self.plan(summary, selection: selection)
        guard !items.isEmpty else { return nil }
        let staging = try ArtifactStaging(outputDirectory: outputDirectory)
        let cap = Cap(maxBytes)
        var outcomes = [Outcome?](repeating: nil, count: items.count)
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            func start() {
                guard next < items.count else { return }
                let index = next
                next += 1
                let item = items[index]
                group.addTask { (index, await self.download(item, into: staging, cap: cap)) }
            }
            for _ in 0..<max(1, concurrency) { start() }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                start()
            }
        }
        var overCap = 0
        var saved = 0
        for (item, outcome) in zip(items, outcomes) {
            switch outcome {
            case .saved(let path)?:
                saved += 1
                switch item.slot {
                case .test(let i, let j): summary.tests[i].artifacts[j].savedPath = path
                case .specVideo(let i): summary.specs[i].artifacts.video?.savedPath = path
                case .specOther(let i, let j): summary.specs[i].artifacts.others[j].savedPath = path
                }
            case .failed(let reason)?:
                summary.warnings.append(
                    ReportWarning(
                        .artifactDownloadFailed,
                        "artifact \(Self.describe(item)): not saved: \(reason); the report keeps only its remote URL, which expires (and is left out with --no-artifact-links).",
                        spec: item.spec))
            case .overCap?, nil:
                overCap += 1
            }
        }
        if overCap > 0 {
            summary.warnings.append(
                ReportWarning(
                    .artifactCapReached,
                    "--artifacts-max-mb \(Self.megabytes(maxBytes)): \(overCap) artifact(s) were not saved (the cap was reached); the reports keep only their remote URLs, which expire (and are left out with --no-artifact-links)."
                ))
        }
        summary.artifactsNotSaved = overCap
        guard saved > 0 else {
            staging.abandon()
            return nil
        }
        return staging
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? String(bytes >> 20) : String(format: "%.1f", Double(bytes) / Double(1 << 20))
    }

    /// `a.spec.js attempt 0 screenshot "name" (host)`: never the URL, whose query is a signature.
    static func describe(_ item: Item) -> String {
        let a = item.artifact
        let host = downloadable(a.url)?.host.map { Format.terminalSafe($0) } ?? "an unusable URL"
        let attempt = a.attempt.map { " attempt \($0)" } ?? ""
        return "\(JSONKind.name(item.spec))\(attempt) \(a.kind.rawValue) \(JSONKind.quote(a.name)) (\(host))"
    }

    static func wrongType(_ type: String, _ accepted: [String]) -> String {
        let shown = type.isEmpty ? "none" : JSONKind.quote(Format.terminalSafe(type))
        return "the host answered content type \(shown), not \(accepted.joined(separator: " or ")); its body was not read"
    }

    private func download(_ item: Item, into staging: ArtifactStaging, cap: Cap) async -> Outcome {
        guard let url = Self.downloadable(item.artifact.url) else {
            return .failed("its URL is not https (nor http to localhost)")
        }
        let accepted = item.artifact.acceptedContentTypes
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        while true {
            attempt += 1
            let left = cap.remaining
            guard left > 0 else { return .overCap }
            // Signed URLs need no authorisation: no Authorization header, no key, no cookie.
            let request = HTTPRequest(
                method: "GET", url: url,
                headers: [
                    "Accept": accepted.isEmpty ? "*/*" : accepted.joined(separator: ", "),
                    "User-Agent": "runreport/\(RunReportVersion.current)",
                ], timeout: timeout, maxBodyBytes: left, acceptedMediaTypes: accepted.isEmpty ? nil : Set(accepted))
            var retryAfter: String?
            let failure: String
            do {
                let response = try await transport.send(request)
                switch response.status {
                case 200..<300:
                    // The transport stops a wrong type at its first body byte; an empty body is
                    // checked here.
                    let type = HTTPResponse.mediaType(response.headers["content-type"])
                    guard accepted.isEmpty || accepted.contains(type) else { return .failed(Self.wrongType(type, accepted)) }
                    guard cap.take(response.body.count) else { return .overCap }
                    let name = item.stem + "." + Self.fileExtension(contentType: type)
                    if let problem = await staging.writeOffPool(response.body, to: name) { return .failed(problem) }
                    return .saved(path: "artifacts/" + name)
                case 300..<400:
                    return .failed(
                        "the host answered a redirect (\(response.status)) to \(CurrentsClient.redirectTarget(response.headers["location"], from: url)), which is never followed"
                    )
                default:
                    failure = "the host answered \(response.status)"
                    guard RetryPolicy.isRetryable(status: response.status) else {
                        return .failed(failure + (response.status == 403 || response.status == 404 ? " (the link has likely expired)" : ""))
                    }
                    retryAfter = response.headers["retry-after"]
                }
            } catch {
                if error.isOverLimit { return .overCap }
                if let type = error.rejectedMediaType { return .failed(Self.wrongType(type, accepted)) }
                failure = error.detail
                guard error.kind != .other else { return .failed(failure) }
            }
            guard attempt < retry.maxAttempts else { return .failed(failure + " after \(attempt) attempts") }
            let wait = retry.delay(beforeRetry: attempt, retryAfter: retryAfter, now: Date())
            guard clock.now - start + wait <= retry.maxTotal else { return .failed(failure + " after \(attempt) attempts") }
            try? await Task.sleep(for: wait)
            if Task.isCancelled { return .failed(failure) }
        }
    }
}

/// The saved artifacts under a temporary folder of the output directory (`.artifacts.TOKEN.tmp`),
/// moved to `artifacts/` by ``commit()`` once the reports are in place, or removed by ``abandon()``.
/// The folder is removed on a termination signal like every temporary file.
package final class ArtifactStaging: @unchecked Sendable {
    package let outputDirectory: String
    let directory: String
    private let registry = TemporaryFiles.shared
    private let lock = NSLock()
    private var folders: Set<String> = []
    private var createdOutput = false

    var finalDirectory: String { FileSystem.join(outputDirectory, "artifacts") }

    init(outputDirectory: String) throws(OutputError) {
        self.outputDirectory = outputDirectory
        directory = FileSystem.join(outputDirectory, ".artifacts.\(TemporaryName.newToken()).tmp")
        let existed = FileManager.default.fileExists(atPath: outputDirectory)
        do {
            try registry.createDirectory(atPath: outputDirectory)
        } catch {
            throw OutputError(path: outputDirectory, reason: "the directory cannot be created")
        }
        if !existed {
            registry.noteCreated(folder: outputDirectory)
            createdOutput = true
        }
        Self.removeStale(in: outputDirectory)
        registry.removeOnTermination(tree: directory)
        do {
            try registry.createDirectory(atPath: directory)
        } catch {
            throw OutputError(path: directory, reason: "the directory cannot be created")
        }
    }

    /// Removes the staging folders (`.artifacts.TOKEN.tmp`) and set-aside old folders
    /// (`.artifacts.TOKEN.old`) that a killed run left, by ``TemporaryName``'s rule for its token:
    /// our shape exactly, a real directory of this user, and its writer gone (or over an hour old).
    static func removeStale(in outputDirectory: String, now: Date = Date()) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: outputDirectory) else { return }
        for entry in entries where entry.hasPrefix(".artifacts.") && (entry.hasSuffix(".tmp") || entry.hasSuffix(".old")) {
            let asTemporary = String(entry.dropLast(4)) + ".tmp"
            guard let writer = TemporaryName.writer(of: asTemporary, names: ["artifacts"]) else { continue }
            let path = FileSystem.join(outputDirectory, entry)
            if TemporaryName.isStale(path, writer: writer, now: now, type: S_IFDIR) { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Writes one file (`name` is `folder/file`, both safe names); nil, or why it failed.
    func write(_ bytes: [UInt8], to name: String) -> String? {
        let path = FileSystem.join(directory, name)
        let folder = (path as NSString).deletingLastPathComponent
        do {
            // Made under the lock: a second download into the same folder waits until it exists.
            try lock.withLock {
                if !folders.contains(folder) {
                    try registry.createDirectory(atPath: folder)
                    folders.insert(folder)
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return nil
        } catch {
            return "it could not be written"
        }
    }

    /// ``write(_:to:)`` on a thread of its own: creating a file can take milliseconds (more on a
    /// file system where many were just deleted), and on the cooperative pool (two threads here)
    /// it would hold up the next requests instead of overlapping with them.
    func writeOffPool(_ bytes: [UInt8], to name: String) async -> String? {
        await OwnThread.run { self.write(bytes, to: name) }
    }

    /// `artifacts/` must be absent or a real directory (not a file, not a link).
    func obstacle() -> String? {
        var info = stat()
        guard lstat(finalDirectory, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR ? nil : "it exists and is not a directory"
    }

    /// Moves the saved files to `artifacts/`, replacing the folder an earlier report left.
    func commit() throws(OutputError) {
        let fm = FileManager.default
        let old = FileSystem.join(outputDirectory, ".artifacts.\(TemporaryName.newToken()).old")
        var moved = false
        if fm.fileExists(atPath: finalDirectory) {
            guard rename(finalDirectory, old) == 0 else {
                abandon()
                throw OutputError(
                    path: finalDirectory, reason: "it cannot be replaced (\(String(cString: strerror(errno)))); the reports were written")
            }
            moved = true
        }
        guard rename(directory, finalDirectory) == 0 else {
            let code = errno
            if moved { _ = rename(old, finalDirectory) }
            abandon()
            throw OutputError(
                path: finalDirectory, reason: "it cannot be written (\(String(cString: strerror(code)))); the reports were written")
        }
        registry.forget(tree: directory)
        if moved { try? fm.removeItem(atPath: old) }
    }

    package func abandon() {
        try? FileManager.default.removeItem(atPath: directory)
        registry.forget(tree: directory)
        if createdOutput, (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: outputDirectory)
        }
    }
}
