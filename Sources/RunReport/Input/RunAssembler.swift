import Dispatch

/// Builds a ``RunInput`` from a run file and instance files: decodes (instances in parallel, since
/// they are independent and the bulk of a large run), then attaches each instance to its spec.
package enum RunAssembler {
    /// Decodes the run (fatal on error) and the instances (warnings on error).
    ///
    /// `instanceFiles` are loaded lazily by index so that reading and decoding overlap on both cores.
    package static func assemble(
        run runFile: InputFile,
        instanceCount: Int,
        instanceNames: [String],
        maxFileBytes: Int = InputLimits.standard.maxFileBytes,
        loadInstance: @Sendable (Int) throws -> InputFile
    ) throws(InputError) -> RunInput {
        // The run file — the largest single file — is decoded alongside the instances, not before them.
        let runSlot = RunSlot()
        let decoded = decodeInParallel(count: instanceCount, maxFileBytes: maxFileBytes, load: loadInstance) {
            runSlot.result = Result { () throws(InputError) in
                try DocumentDecoder.run(runFile.bytes, file: runFile.name, maxBytes: maxFileBytes)
            }
        }
        guard let result = runSlot.result else { throw .notARun(file: runFile.name, reason: "was not decoded") }
        let (run, runWarnings) = try result.get()
        return attach(run: run, runWarnings: runWarnings, decoded: decoded, names: instanceNames)
    }

    /// For tests and callers holding bytes already.
    package static func assemble(run: InputFile, instances: [InputFile]) throws(InputError) -> RunInput {
        try assemble(run: run, instanceCount: instances.count, instanceNames: instances.map(\.name)) { instances[$0] }
    }

    enum Decoded: Sendable {
        case instance(Wire.Instance, [ReportWarning])
        case failed(String)
    }

    /// Written once, by the iteration that decodes the run.
    private final class RunSlot: @unchecked Sendable {
        var result: Result<(Wire.Run, [ReportWarning]), InputError>?
    }

    private final class Slots: @unchecked Sendable {
        // Each index is written by exactly one iteration of `concurrentPerform`.
        var values: [Decoded?]
        init(_ n: Int) { values = Array(repeating: nil, count: n) }
    }

    /// Decodes `count` instances on every core; `first` runs as one more iteration, iteration 0,
    /// so that the largest job (the run file) starts first.
    static func decodeInParallel(
        count: Int, maxFileBytes: Int, load: @Sendable (Int) throws -> InputFile, first: @Sendable () -> Void
    ) -> [Decoded] {
        let slots = Slots(count)
        slots.values.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: count + 1) { iteration in
                guard iteration > 0 else { return first() }
                let i = iteration - 1
                do {
                    out[i] = decodeOne(try load(i), maxFileBytes: maxFileBytes)
                } catch {
                    out[i] = .failed("\(error)")
                }
            }
        }
        return slots.values.map { $0 ?? .failed("not decoded") }
    }

    private static func decodeOne(_ file: InputFile, maxFileBytes: Int) -> Decoded {
        do {
            let (instance, warnings) = try DocumentDecoder.instance(file.bytes, file: file.name, maxBytes: maxFileBytes)
            return .instance(instance, warnings)
        } catch {
            return .failed(error.description)
        }
    }

    static func attach(run: Wire.Run, runWarnings: [ReportWarning], decoded: [Decoded], names: [String]) -> RunInput {
        var warnings = runWarnings
        var specIndexByInstanceId: [String: Int] = [:]
        for (index, spec) in run.specs.enumerated() {
            guard let id = spec.instanceId else { continue }
            if specIndexByInstanceId[id] == nil { specIndexByInstanceId[id] = index }
        }
        var attached = [Wire.Instance?](repeating: nil, count: run.specs.count)
        var seen: [String: String] = [:]
        var anyRead = false
        for (i, item) in decoded.enumerated() {
            let name = i < names.count ? names[i] : "instance \(i)"
            switch item {
            case .failed(let message):
                warnings.append(ReportWarning(.unreadableInstance, "\(message) The instance was skipped."))
            case .instance(let instance, let decodeWarnings):
                let id = instance.instanceId ?? stem(of: name)
                if let other = instance.runId, other != run.runId {
                    warnings.append(
                        ReportWarning(
                            .foreignInstance, "\(name): belongs to run \(JSONKind.name(other)), not \(JSONKind.name(run.runId)); skipped.",
                            spec: instance.spec))
                    continue
                }
                if let first = seen[id] {
                    warnings.append(
                        ReportWarning(
                            .duplicateInstance,
                            "\(name): instance \(JSONKind.name(id)) was already read from \(first); this copy was skipped.",
                            spec: instance.spec))
                    continue
                }
                seen[id] = name
                guard let specIndex = specIndexByInstanceId[id] else {
                    warnings.append(
                        ReportWarning(
                            .orphanInstance, "\(name): instance \(JSONKind.name(id)) belongs to no spec of the run; skipped.",
                            spec: instance.spec))
                    continue
                }
                warnings.append(contentsOf: decodeWarnings)
                attached[specIndex] = instance
                anyRead = true
            }
        }
        if !anyRead, let warning = missingInstanceData(run: run, filesGiven: decoded.count) { warnings.append(warning) }
        return RunInput(run: run, instances: attached, instancesRead: anyRead, warnings: warnings)
    }

    /// The `no-instance-data` warning, for a run of which not one instance was matched to a spec
    /// (none given, or every file given skipped): given when at least one spec names an instance
    /// (a non-empty `instanceId`) and either was claimed or is counted with tests (a test counter
    /// above zero in its `results.stats` or in its group's `tests`). So a run with no specs, or whose
    /// specs never ran and count no test, gets none: its empty `tests` is not missing data.
    static func missingInstanceData(run: Wire.Run, filesGiven: Int) -> ReportWarning? {
        func countsTests(_ values: Int?...) -> Bool { values.contains { ($0 ?? 0) > 0 } }
        var groupsWithTests: Set<String> = []
        for group in run.groups {
            guard let id = group.groupId, let t = group.tests else { continue }
            if countsTests(t.overall, t.passes, t.failures, t.pending, t.skipped) { groupsWithTests.insert(id) }
        }
        let expected = run.specs.contains { spec in
            guard let id = spec.instanceId, !id.isEmpty else { return false }
            if spec.claimedAt != nil { return true }
            if let s = spec.results?.stats, countsTests(s.tests, s.passes, s.failures, s.pending, s.skipped) { return true }
            return spec.groupId.map(groupsWithTests.contains) ?? false
        }
        guard expected else { return nil }
        let specs = "no instance data was read for any of the run's \(run.specs.count) spec(s)"
        let message =
            filesGiven == 0
            ? "test-level results unavailable: \(specs); pass --instances DIR, or fetch the run with --run-id."
            : "test-level results unavailable: \(specs) (the \(filesGiven) instance file(s) found were all skipped); pass --instances DIR with this run's instance files, or fetch the run with --run-id."
        return ReportWarning(.noInstanceData, message)
    }

    /// `instances/abc123.json.gz` → `abc123`.
    static func stem(of name: String) -> String {
        var base = Substring(name)
        if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
        for suffix in [".json.gz", ".json", ".gz"] where base.hasSuffix(suffix) {
            return String(base.dropLast(suffix.count))
        }
        return String(base)
    }
}
