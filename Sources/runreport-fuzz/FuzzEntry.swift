import Foundation
import RunReport

/// The libFuzzer target over the pure pipeline: bytes → decode → analyse → render (every format,
/// the built-in templates, every JUnit profile in turn). It must never crash, whatever the bytes,
/// and the fast JSON reader must agree with the exact decoder on every part (`DecoderDifferential`).
///
/// One input is a run file, optionally followed by instance files, each introduced by the line
/// ``FuzzInput/separator``. Built with `-Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address`
/// (see `scripts/fuzz.sh`), libFuzzer supplies `main`; built normally (`swift build`), the same
/// target is a replayer: `runreport-fuzz FILE…` runs each file through the same pipeline, which is
/// how a crash input is reproduced without sanitizers.
enum FuzzInput {
    static let separator = Array("\n#instance\n".utf8)
    static let templates = try? TemplateSet.builtIn()

    /// Splits the bytes at every separator: the first part is the run file, the rest instances.
    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0
        var i = 0
        let n = separator.count
        while i + n <= bytes.count {
            if bytes[i] == separator[0], Array(bytes[i..<(i + n)]) == separator {
                parts.append(Array(bytes[start..<i]))
                i += n
                start = i
            } else {
                i += 1
            }
        }
        parts.append(Array(bytes[start...]))
        return parts
    }

    /// One trip through the pipeline. Bad input may fail to decode (an expected outcome), but once
    /// decoded, rendering with the built-in templates must succeed: a render error — JUnit output
    /// that fails its XSD, say — is a finding, made a crash so that libFuzzer keeps the input.
    static func run(_ bytes: [UInt8]) {
        let parts = split(bytes)
        // The fast reader must agree with the exact decoder on every part, whatever the bytes.
        for (index, part) in parts.enumerated() {
            if let mismatch = DecoderDifferential.compare(part, file: "part\(index).json").mismatch {
                fatalError("the fast and exact decoders disagree on part \(index): \(mismatch)")
            }
        }
        let instances = parts.dropFirst().enumerated().map { InputFile(name: "instances/i\($0.offset).json", bytes: $0.element) }
        guard let templates, let input = try? RunAssembler.assemble(run: InputFile(name: "run.json", bytes: parts[0]), instances: instances)
        else { return }
        let summary = Analyzer.analyze(input, generatorVersion: "fuzz")
        // The profile varies with the input so that every profile is exercised.
        let profiles = JUnitProfile.allCases
        let profile = profiles[bytes.count % profiles.count]
        do {
            _ = try ReportJob.render(
                summary, formats: OutputFormat.allCases, options: ReportJob.RenderOptions(templates: templates, junitProfile: profile))
        } catch {
            fatalError("rendering a decoded run failed (\(profile.rawValue)): \(error)")
        }
    }
}

/// libFuzzer's entry for a program with its own `main` (SwiftPM gives every executable one).
#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif

@main
enum FuzzMain {
    static func main() {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(
                LLVMFuzzerRunDriver(&argc, &argv) { data, size in
                    FuzzInput.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
                    return 0
                })
        #else
            let files = CommandLine.arguments.dropFirst()
            guard !files.isEmpty else {
                FileHandle.standardError.write(Data("usage: runreport-fuzz FILE… (replays fuzz inputs; see scripts/fuzz.sh)\n".utf8))
                exit(2)
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("\(file): cannot be read\n".utf8))
                    exit(1)
                }
                FuzzInput.run([UInt8](data))
                print("\(file): ok")
            }
        #endif
    }
}
