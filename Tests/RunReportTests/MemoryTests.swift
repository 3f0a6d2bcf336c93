import Foundation
import Testing

@testable import RunReport

/// Peak memory of `report` on test-dense input (few specs, very many tests, long titles and errors),
/// measured from outside as the benchmark does (`bench/scale.sh test-dense`): the README promises
/// peak memory proportional to the input and sets the input size limits on that basis.
@Suite(.serialized) struct MemoryTests {
    /// Peak RSS beyond what the binary costs on a tiny run, per byte of input. Calibrated on the
    /// 35 MB run below, where the debug binary measures 2.8× (the release one 2.5×; 2.6× in all on
    /// the 227 MB run of the benchmark), and the code that wrote `summary.json` into a doubling
    /// buffer, kept JUnit's parts beside the joined document and left glibc's heap holding freed
    /// blocks measured 3.6×.
    static let bound = 3.2

    @Test func testDenseInputCostsAFewTimesItsSize() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = dir.appendingPathComponent("dense")
        let generate = try Self.run(
            "/usr/bin/env",
            [
                "python3", Fixtures.packageRoot.appendingPathComponent("bench/generate.py").path, bundle.path, "--shape", "test-dense",
                "--specs", "30", "--machines", "3",
            ])
        try #require(generate.status == 0, "bench/generate.py failed: \(generate.output)")
        let input = try Self.size(of: bundle)
        #expect(input > 30_000_000, "the generated run is \(input) bytes")

        let floor = try Self.peakRSS(["report", Fixtures.path("all-passed"), "--out", dir.appendingPathComponent("small").path, "--quiet"])
        let peak = try Self.peakRSS(["report", bundle.path, "--out", dir.appendingPathComponent("out").path, "--quiet"])
        let ratio = Double(peak - floor) / Double(input)
        #expect(
            ratio <= Self.bound,
            "peak RSS \(peak / 1_000_000) MB, \(floor / 1_000_000) MB of it fixed, for \(input / 1_000_000) MB of input: \(ratio)× the input"
        )
    }

    /// Chunks are joined byte for byte: output that spans several chunks equals the same output
    /// written in one piece (what `summary.json`'s golden files check on small runs).
    @Test func chunkedOutputJoinsExactly() {
        let text = String(repeating: "a<b>\"c\u{1}é", count: 40)
        let count = 3 * JSONWriter.chunkSize / 400
        var w = JSONWriter()
        w.beginArray()
        for _ in 0..<count { w.string(text) }
        w.endArray()
        let bytes = w.finish(appending: [0x0A])
        #expect(bytes.count > 2 * JSONWriter.chunkSize)

        let quoted = "\"" + String(repeating: #"a\u003cb\u003e\"c\u0001é"#, count: 40) + "\""
        var whole: [UInt8] = Array("[".utf8)
        for i in 0..<count { whole += Array(((i == 0 ? "\n  " : ",\n  ") + quoted).utf8) }
        whole += Array("\n]\n".utf8)
        #expect(bytes == whole)

        var small = JSONWriter()
        small.null()
        #expect(small.finish() == Array("null".utf8))
    }

    /// Peak RSS in bytes of the binary run with `arguments`, from `getrusage` in a wrapper process
    /// whose only child it is.
    static func peakRSS(_ arguments: [String]) throws -> Int {
        let wrapper = """
            import resource, subprocess, sys
            p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if p.returncode != 0:
                sys.exit("exit %d: %s" % (p.returncode, p.stderr[-2000:].decode("utf-8", "replace")))
            print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let r = try run("/usr/bin/env", ["python3", "-c", wrapper, CLITests.binary.path] + arguments)
        guard r.status == 0, let kib = Int(r.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw MeasurementFailure(message: "runreport \(arguments.joined(separator: " ")): \(r.output)")
        }
        return kib * 1024
    }

    struct MeasurementFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func size(of directory: URL) throws -> Int {
        var total = 0
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.fileSizeKey])
        while let url = files?.nextObject() as? URL {
            total += try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
        }
        return total
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
