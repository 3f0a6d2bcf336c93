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
        let runBody = try await client.getRun(runId)
        let (run, _) = try DocumentDecoder.run(runBody, file: "GET /runs/\(runId)")
        guard run.runId == runId else {
            throw APIError(
                kind: .invalidResponse, call: "GET /runs/\(RunStatus.percentEncode(runId))",
                message: "it holds run \(JSONKind.name(run.runId))", attempts: 1, elapsedSeconds: 0)
        }

        // Each instance once, in the run's order.
        var seen: Set<String> = []
        var wanted: [(id: String, complete: Bool)] = []
        for spec in run.specs {
            guard let id = spec.instanceId, !id.isEmpty, seen.insert(id).inserted else { continue }
            wanted.append((id, spec.completedAt != nil))
        }

        let instanceDirectory = RunSource.join(directory, "instances")
        // What a killed earlier fetch left under temporary names: once here, not per instance.
        TemporaryName.removeStale(in: instanceDirectory, names: wanted.map { Self.fileName(forInstance: $0.id) })
        var toFetch: [String] = []
        var reused = 0
        for item in wanted {
            let path = RunSource.join(instanceDirectory, Self.fileName(forInstance: item.id))
            if item.complete, Self.isSavedInstance(at: path, runId: runId) {
                reused += 1
            } else {
                toFetch.append(item.id)
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
                let id = toFetch[next]
                next += 1
                group.addTask {
                    do {
                        try await fetchInstance(id, runId: runId, into: instanceDirectory, progress: progress)
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

    private func fetchInstance(_ id: String, runId: String, into directory: String, progress: ProgressMeter?) async throws {
        let body = try await client.getInstance(id)
        // Read it as `report` will, so a broken body fails here, not in the report.
        _ = try DocumentDecoder.instance(body, file: "GET /instances/\(id)")
        _ = try OutputWriter.write([OutputFile(name: Self.fileName(forInstance: id), bytes: body)], to: directory, removingStale: false)
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
        var encoded = RunStatus.percentEncode(id)
        if encoded.hasPrefix(".") { encoded = "%2E" + encoded.dropFirst() }
        return encoded + ".json"
    }

    /// The directory name of a run's bundle: its id, made a safe file name as above.
    package static func directoryName(forRun runId: String) -> String {
        String(fileName(forInstance: runId).dropLast(".json".count))
    }

    static func isSavedInstance(at path: String, runId: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path),
            let (instance, _) = try? DocumentDecoder.instance([UInt8](data), file: path)
        else { return false }
        return instance.runId == nil || instance.runId == runId
    }
}
