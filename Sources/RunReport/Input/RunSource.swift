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
                let candidates = ["run.json", "run.json.gz"].map { join(input, $0) }
                guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                    throw .notARun(
                        file: input, reason: "is a directory without run.json; a bundle holds run.json and instances/<instanceId>.json")
                }
                runName = found
                let bundled = join(input, "instances")
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
            let size = Self.size(of: name)
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
            .map { Self.join(dir, $0) }
    }

    /// INPUT as one run or several: a directory with no `run.json` of its own is a folder of runs —
    /// each subdirectory holding a `run.json` (a bundle) and each `.json`/`.json.gz` file (a run
    /// file) is one run, in name order.
    package static func locateAll(input: String, instances: String?) throws(InputError) -> [RunSource] {
        guard input != "-", isDirectory(input),
            !["run.json", "run.json.gz"].contains(where: { FileManager.default.fileExists(atPath: join(input, $0)) })
        else { return [try locate(input: input, instances: instances)] }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: input)
        } catch {
            throw .unreadable(file: input, reason: "the directory cannot be listed")
        }
        var runs: [String] = []
        for name in entries.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = join(input, name)
            if isDirectory(path) {
                if ["run.json", "run.json.gz"].contains(where: { FileManager.default.fileExists(atPath: join(path, $0)) }) {
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

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    package static func isFile(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && !flag.boolValue
    }

    /// The size the file system gives (0 when it gives none: reading will say why). `stat` itself:
    /// `FileManager.attributesOfItem` cost 2.5 % of a 20,000-file report.
    static func size(of path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int(info.st_size)
    }

    static func read(_ path: String) throws(InputError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "is a directory") }
        guard let bytes = readWhole(path) else {
            throw .unreadable(file: path, reason: "permission denied or I/O error")
        }
        return bytes
    }

    /// The file's bytes, read straight into one array sized by `fstat`. `FileManager.contents`
    /// gives `Data`, and `[UInt8](data)` copied it: two file-sized buffers per file in flight.
    static func readWhole(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        // One byte more than the size, so that the read that finds the end needs no growth.
        var bytes = [UInt8](repeating: 0, count: max(0, Int(info.st_size)) + 1)
        var filled = 0
        while true {
            // A file that grew since `fstat` (or gives no size, as /proc files do) is read on.
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2))) }
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return Foundation.read(fd, base + filled, buffer.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    package static func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }
}
