import Foundation

/// Fetches a run and every instance of it into a bundle directory — `run.json` plus
/// `instances/<instanceId>.json`, the layout `report` reads — with bounded concurrency.
///
/// Each file is written under a temporary name and renamed, so a failure never leaves half a file;
/// a termination signal removes the temporary files in progress, and a rerun those a killed fetch left.
/// Instances already saved (and readable) are not fetched again if their spec has completed, so a
/// fetch that failed half-way resumes; `run.json` is written last, so a bundle with a `run.json` is
/// complete.
package struct BundleFetcher: Sendable {
    package var client: CurrentsClient
    package var concurrency: Int

    package init(client: CurrentsClient, concurrency: Int) {
        self.client = client
        self.concurrency = max(1, concurrency)
    }

    package struct Outcome: Sendable, Equatable {
        package var runId: String
        package var directory: String
        package var instances: Int
        package var fetched: Int
        package var reused: Int
    }

    package func fetch(runId: String, into directory: String, progress: ProgressMeter?) async throws -> Outcome {
        let endpoint = Endpoint.run(runId)
        let fetched = try await client.sendLeased(endpoint)
        // Held, and counted against the in-flight limit, until it is written last.
        defer { withExtendedLifetime(fetched) {} }
        let runBody = fetched.bytes
        let (run, _) = try DocumentDecoder.run(runBody, file: endpoint.label)
        guard run.runId == runId else {
            throw APIError(
                kind: .invalidResponse, endpoint: endpoint, message: "it holds run \(JSONKind.name(run.runId))", attempts: 1,
                elapsedSeconds: 0)
        }

        // Each instance once, in the run's order.
        var seen: Set<String> = []
        var wanted: [(id: String, complete: Bool)] = []
        for spec in run.specs {
            guard let id = spec.instanceId, !id.isEmpty, seen.insert(id).inserted else { continue }
            wanted.append((id, spec.completedAt != nil))
        }

        let instanceDirectory = FileSystem.join(directory, "instances")
        let names = Self.fileNames(forInstances: wanted.map(\.id))
        // What a killed earlier fetch left under temporary names: once here, not per instance.
        TemporaryName.removeStale(in: instanceDirectory, names: names)
        var toFetch: [(id: String, file: String)] = []
        var reused = 0
        for (item, name) in zip(wanted, names) {
            let path = FileSystem.join(instanceDirectory, name)
            if item.complete, Self.isSavedInstance(at: path, runId: runId, instanceId: item.id) {
                reused += 1
            } else {
                toFetch.append((item.id, name))
            }
        }
        progress?.begin(total: wanted.count, reused: reused)

        // At most `concurrency` requests in flight. After the first failure no new request starts,
        // but those in flight finish (and are saved, for the rerun to resume from); then the first
        // failure is thrown.
        let failure: (any Error)? = await withTaskGroup(of: (any Error)?.self) { group in
            var next = 0
            var first: (any Error)?
            func startNext() {
                guard first == nil, next < toFetch.count else { return }
                let (id, file) = toFetch[next]
                next += 1
                group.addTask {
                    do {
                        try await fetchInstance(id, file: file, into: instanceDirectory, progress: progress)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            for _ in 0..<min(concurrency, toFetch.count) { startNext() }
            while let result = await group.next() {
                if let error = result, first == nil { first = error }
                startNext()
            }
            return first
        }
        if let failure { throw failure }

        _ = try OutputWriter.write([OutputFile(name: "run.json", bytes: runBody)], to: directory)
        progress?.finish()
        return Outcome(runId: runId, directory: directory, instances: wanted.count, fetched: toFetch.count, reused: reused)
    }

    private func fetchInstance(_ id: String, file: String, into directory: String, progress: ProgressMeter?) async throws {
        let endpoint = Endpoint.instance(id)
        let fetched = try await client.sendLeased(endpoint)
        defer { withExtendedLifetime(fetched) {} }
        let body = fetched.bytes
        // Read it as `report` will, so a broken body fails here, not in the report.
        _ = try DocumentDecoder.instance(body, file: endpoint.label)
        _ = try OutputWriter.write([OutputFile(name: file, bytes: body)], to: directory, removingStale: false)
        progress?.advance()
    }

    /// `instances/<id>.json`; an id that is not a plain file name (a `/`, a leading dot) is
    /// percent-encoded, so that no id can write outside the bundle. `report` matches instances by
    /// the id inside the file, not by the name.
    package static func fileName(forInstance id: String) -> String {
        let plain = id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
        if plain { return id + ".json" }
        var encoded = PercentEncoding.encode(id)
        if encoded.hasPrefix(".") { encoded = "%2E" + encoded.dropFirst() }
        return encoded + ".json"
    }

    /// The file names of a run's instances, in the order given: ``fileName(forInstance:)``, made
    /// safe for any file system. A name over 200 bytes (a 300-character id would pass the 255 bytes
    /// a name may have) keeps its first 150 and gains a hash of the whole id; an id whose name
    /// equals an earlier one's but for case (`abc`, `ABC`: one file on macOS or Windows) gains the
    /// hash too. The same run always gives the same names; `report` reads ids from inside the files.
    package static func fileNames(forInstances ids: [String]) -> [String] {
        var taken: Set<String> = []
        return ids.map { id in
            var stem = String(fileName(forInstance: id).dropLast(".json".count))
            if stem.utf8.count > 200 {
                // Cut on a character boundary that does not split a `%XX`.
                var cut = String(decoding: stem.utf8.prefix(150), as: UTF8.self)
                while let percent = cut.lastIndex(of: "%"), cut.distance(from: percent, to: cut.endIndex) < 3 {
                    cut = String(cut[..<percent])
                }
                stem = cut + "-" + hash(id)
            }
            if taken.contains(stem.lowercased()) { stem += "-" + hash(id) }
            var candidate = stem
            var n = 2
            while !taken.insert(candidate.lowercased()).inserted {
                candidate = "\(stem)-\(n)"
                n += 1
            }
            return candidate + ".json"
        }
    }

    /// A stable short name for any id.
    private static func hash(_ id: String) -> String { FNV1a.hex(id) }

    /// The directory name of a run's bundle: its id, made a safe file name as above.
    package static func directoryName(forRun runId: String) -> String {
        String(fileNames(forInstances: [runId])[0].dropLast(".json".count))
    }

    /// Whether the file holds this very instance: its id inside the file (on a case-insensitive
    /// file system `abc.json` may hold `ABC`), and its run's.
    static func isSavedInstance(at path: String, runId: String, instanceId: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path),
            let (instance, _) = try? DocumentDecoder.instance([UInt8](data), file: path)
        else { return false }
        return instance.instanceId == instanceId && (instance.runId == nil || instance.runId == runId)
    }
}
