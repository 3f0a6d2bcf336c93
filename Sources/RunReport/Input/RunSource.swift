import Foundation

/// Where a run comes from on disk: a run file, a bundle directory (`run.json` + `instances/`), or
/// standard input; plus an optional separate instances directory. Reading happens here and only
/// here, at the edge of the pipeline.
package struct RunSource: Sendable {
    package var runName: String
    package var instanceDirectory: String?
    package var limits: InputLimits = .standard

    /// Resolves the user's INPUT (a file, a bundle directory, or `-`) and `--instances DIR`.
    package static func locate(input: String, instances: String?, limits: InputLimits = .standard) throws(InputError) -> RunSource {
        var runName = input
        var instanceDirectory = instances
        if input != "-" {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw .unreadable(file: input, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                let candidates = ["run.json", "run.json.gz"].map { FileSystem.join(input, $0) }
                guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                    throw .notARun(
                        file: input, reason: "is a directory without run.json; a bundle holds run.json and instances/<instanceId>.json")
                }
                runName = found
                let bundled = FileSystem.join(input, "instances")
                if instanceDirectory == nil, FileManager.default.fileExists(atPath: bundled) { instanceDirectory = bundled }
            }
        }
        if let dir = instanceDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .unreadable(file: dir, reason: "not a directory of instance files")
            }
        }
        return RunSource(runName: runName, instanceDirectory: instanceDirectory, limits: limits)
    }

    /// Reads everything and decodes it (instances in parallel).
    package func load(standardInput: () -> [UInt8]) throws(InputError) -> RunInput {
        let names = try instanceFileNames()
        // Sizes first, from the file system: a run too big for memory is refused before a byte is read.
        var total = 0
        for name in (runName == "-" ? [] : [runName]) + names {
            let size = FileSystem.size(of: name)
            if size > limits.maxFileBytes { throw .fileTooLarge(file: name, bytes: size, limit: limits.maxFileBytes) }
            total += size
        }
        let runFile: InputFile
        if runName == "-" {
            runFile = InputFile(name: "<stdin>", bytes: standardInput())
            if runFile.bytes.count > limits.maxFileBytes {
                throw .fileTooLarge(file: runFile.name, bytes: nil, limit: limits.maxFileBytes)
            }
            total += runFile.bytes.count
        } else {
            runFile = InputFile(name: runName, bytes: try Self.read(runName))
        }
        if total > limits.maxTotalBytes {
            throw .inputTooLarge(file: instanceDirectory ?? runFile.name, bytes: total, limit: limits.maxTotalBytes)
        }
        return try RunAssembler.assemble(
            run: runFile, instanceCount: names.count, instanceNames: names, maxFileBytes: limits.maxFileBytes
        ) { index throws in
            InputFile(name: names[index], bytes: try Self.read(names[index]))
        }
    }

    /// The size of the run file and its instance files on disk (0 for what cannot be listed).
    func inputBytes() -> Int {
        let names = (try? instanceFileNames()) ?? []
        return ([runName] + names).reduce(0) { $0 + FileSystem.size(of: $1) }
    }

    /// The instance files, `*.json` and `*.json.gz`, by name (byte order) for a stable result.
    func instanceFileNames() throws(InputError) -> [String] {
        guard let dir = instanceDirectory else { return [] }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: dir)
        } catch {
            throw .unreadable(file: dir, reason: "the directory cannot be listed")
        }
        return
            entries
            .filter { ($0.hasSuffix(".json") || $0.hasSuffix(".json.gz")) && !$0.hasPrefix(".") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { FileSystem.join(dir, $0) }
    }

    /// INPUT as one run or several: a directory with no `run.json` of its own is a folder of runs —
    /// each subdirectory holding a `run.json` (a bundle) and each `.json`/`.json.gz` file (a run
    /// file) is one run, in name order.
    package static func locateAll(input: String, instances: String?) throws(InputError) -> [RunSource] {
        guard input != "-", FileSystem.isDirectory(input),
            !["run.json", "run.json.gz"].contains(where: { FileManager.default.fileExists(atPath: FileSystem.join(input, $0)) })
        else { return [try locate(input: input, instances: instances)] }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: input)
        } catch {
            throw .unreadable(file: input, reason: "the directory cannot be listed")
        }
        var runs: [String] = []
        for name in entries.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = FileSystem.join(input, name)
            if FileSystem.isDirectory(path) {
                if ["run.json", "run.json.gz"].contains(where: { FileManager.default.fileExists(atPath: FileSystem.join(path, $0)) }) {
                    runs.append(path)
                }
            } else if name.hasSuffix(".json") || name.hasSuffix(".json.gz") {
                runs.append(path)
            }
        }
        guard !runs.isEmpty else {
            throw .notARun(
                file: input,
                reason: "is a directory without run.json, and holds no bundle (a folder with run.json) and no run file (.json, .json.gz)")
        }
        var sources: [RunSource] = []
        for path in runs { sources.append(try locate(input: path, instances: nil)) }
        return sources
    }

    /// The whole file, or an input error naming it and saying why it cannot be read.
    static func read(_ path: String) throws(InputError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "is a directory") }
        guard let bytes = FileSystem.readWhole(path) else {
            throw .unreadable(file: path, reason: "permission denied or I/O error")
        }
        return bytes
    }
}
