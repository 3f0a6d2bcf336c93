import Foundation
import Testing

@testable import RunReport

/// The fast reader (`FastJSONReader`, `Wire+FastRead.swift`) against the exact decoder
/// (`JSONDecoder` through the `Decodable` initialisers): on every file they give the same wire
/// model — compared field by field through `dump`, byte for byte — with the same warnings, or the
/// same error. The fuzz target (`Sources/runreport-fuzz`) runs the same comparison on every input
/// it makes.
@Suite struct FastDecoderDifferentialTests {
    /// Every JSON file of the fixtures and of the hostile corpus, as a run and as an instance.
    @Test func agreesOnEveryFixtureAndHostileFile() throws {
        var compared = 0
        var accepted = 0
        var realFiles = 0
        var realAccepted = 0
        for path in try Self.corpusFiles() {
            let bytes = try Fixtures.bytes(path)
            let name = String(path.dropFirst(Fixtures.packageRoot.path.count + 1))
            let outcome = DecoderDifferential.compare(bytes, file: name)
            if let mismatch = outcome.mismatch { Issue.record("\(name): \(mismatch)") }
            compared += 1
            if outcome.fastAccepted { accepted += 1 }
            // Real and documented data must take the fast path: otherwise the speed is a promise
            // only for generated input.
            if name.contains("/Fixtures/real-") || name.contains("/Fixtures/docs-example") {
                realFiles += 1
                if outcome.fastAccepted { realAccepted += 1 } else { Issue.record("\(name): the fast reader declined real data") }
            }
        }
        #expect(compared > 150)
        #expect(realFiles >= 9)
        #expect(realAccepted == realFiles)
        #expect(accepted > compared / 2, "the fast reader accepted only \(accepted) of \(compared) files")
    }

    /// Single-byte mutations of real files, seeded: every syntax slip, wrong type and odd number
    /// the bytes can make near JSON's structure, each decoded both ways.
    @Test func agreesOnMutationsOfRealFiles() throws {
        let files = [
            "Tests/RunReportTests/Fixtures/real-flaky-c7068a4d/run.json",
            try Self.firstInstance(of: "real-flaky-c7068a4d"),
            try Self.firstInstance(of: "flaky-retries"),
        ]
        var rng = SplitMix64(seed: 17)
        let alphabet = Array(#"{}[]",:0123456789.-eE+ntfu\ "#.utf8) + [0x09, 0x0A, 0x00, 0xC3, 0xA9]
        var declined = 0
        var total = 0
        for relative in files {
            let original = try Fixtures.bytes(Fixtures.packageRoot.appendingPathComponent(relative).path)
            for _ in 0..<700 {
                var bytes = original
                let position = Int(rng.next() % UInt64(bytes.count))
                let byte = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                switch rng.next() % 3 {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
                let outcome = DecoderDifferential.compare(bytes, file: relative)
                if let mismatch = outcome.mismatch {
                    Issue.record("\(relative) with a mutation at \(position): \(mismatch)")
                }
                total += 1
                if !outcome.fastAccepted { declined += 1 }
            }
        }
        // Both paths were exercised: many mutations still decode fast, many fall back.
        #expect(declined > total / 10)
        #expect(declined < total * 9 / 10)
    }

    /// Hand-made cases at the edges of what the fast reader accepts.
    @Test(arguments: [
        #"{"runId":"r","specs":[],"runId":"s"}"#,  // a known key twice: JSONDecoder keeps the first
        #"{"runId":"r","specs":[{"spec":"a","claimedAt":"2024-01-01T00:00:00Z","claimedAt":null}]}"#,
        #"{"data":{"runId":"r","specs":[]},"data":{"runId":"s","specs":[]}}"#,
        #"{"status":"OK","data":{"runId":"r","specs":[]}}"#,
        #"{"data":{"runId":"r","specs":[]},"status":"OK"}"#,
        #"{"error":"nope"}"#,
        #"{"error":"x","runId":"r","specs":[]}"#,
        #"{"runId":"r","specs":[],"groups":[{"groupId":"g","tests":{"overall":1.0}}]}"#,
        #"{"runId":"r","specs":[],"groups":[{"groupId":"g","tests":{"overall":1e2}}]}"#,
        #"{"runId":"r","specs":[],"groups":[{"groupId":"g","tests":{"overall":-0}}]}"#,
        #"{"runId":"r","specs":[],"groups":[{"groupId":"g","tests":{"overall":1099511627776}}]}"#,
        #"{"runId":"r","specs":[],"groups":[{"groupId":"g","tests":{"overall":1099511627777}}]}"#,
        #"{"runId":"r","specs":[],"groups":[{"groupId":"g","tests":{"overall":-1099511627776}}]}"#,
        #"{"runId":"r","specs":[],"groups":[{"groupId":"g","tests":{"overall":01}}]}"#,
        #"{"runId":"r","specs":[],"x":01}"#,
        #"{"runId":"r","specs":[],"x":[1,]}"#,
        #"{"runId":"r","specs":[],}"#,
        #"{"runId":"r","specs":[]} x"#,
        #"{"runId":"r","specs":[],"x":"\x"}"#,
        #"{"runId":"r","specs":[],"x":1e999,"y":-0.5E-3}"#,
        #"{"runId":"r","specs":[],"x":10000000000000000000000}"#,
        #"{"runId":"r","specs":[],"tags":["a\u00e9\ud83d\ude00\n\t\"\\\/"]}"#,
        #"{"runId":"r","specs":[],"tags":["\u0000"]}"#,
        #"{"runId":"r","specs":[],"tags":[null]}"#,
        #"{"runId":"r\u0031","specs":[]}"#,
        #"{"run\u0049d":"r","specs":[]}"#,
        #"{"runId":"r","specs":null}"#,
        #"{"runId":"r"}"#,
        #"{"runId":5,"specs":[]}"#,
        #"{"runId":"r","specs":[5]}"#,
        #"{"runId":"r","specs":[{"spec":null}]}"#,
        #"{"runId":"r","specs":[{"spec":"a","results":null,"claimedAt":"2024-01-01T00:00:00.123456+02:00"}]}"#,
        #"{"runId":"r","specs":[{"spec":"a","claimedAt":"2024-13-01T00:00:00Z"}]}"#,
        #"{"runId":"r","specs":[{"spec":"a","claimedAt":"2024-01-01T00:00:0\u0030Z"}]}"#,
        #"{"runId":"r","specs":[],"cancellation":{"cancelledBy":"me","actor":null,"cancelledAt":"2024-01-01T00:00:00Z"}}"#,
        #"{"runId":"r","specs":[],"cancellation":{"actor":"a","cancelledBy":5}}"#,
        #"{"runId":"r","specs":[],"timeout":{"isTimeout":true,"timeoutValueMs":5}}"#,
        #"{"runId":"r","specs":[],"timeout":{"isTimeout":"yes"}}"#,
        #"[1]"#,
        #""r""#,
        " \n{\"runId\":\"r\",\"specs\":[]}\n ",
        "{\"runId\":\"r\",\"specs\":[],\"tags\":[\"a\u{9}b\"]}",
        "{\"runId\":\"r\",\"specs\":[],\"x\":\"a\u{9}b\"}",
        #"{"instanceId":"i","results":{"tests":[{"title":["a","b"],"state":"FAILED","attempts":[{"state":"failed","error":{"name":"E","message":"m","codeFrame":{"line":3,"column":4}}}]}]}}"#,
        #"{"instanceId":"i","results":{"tests":[{"title":["a"],"attempts":[null]}]}}"#,
        #"{"instanceId":"i","results":{"tests":{}}}"#,
        "{\"runId\":\"r\",\"specs\":[],\"x\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}",
        "{\"runId\":\"r\",\"specs\":[],\"x\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}",
    ])
    func agreesAtTheEdges(_ json: String) {
        let outcome = DecoderDifferential.compare(Array(json.utf8), file: "case.json")
        #expect(outcome.mismatch == nil, "\(json): \(outcome.mismatch ?? "")")
    }

    /// Some edges must take the fast path (else the cases above would prove nothing about it).
    @Test func theFastPathTakesTheCommonShapes() {
        for json in [
            #"{"status":"OK","data":{"runId":"r","specs":[],"x":1e999}}"#,
            #"{"runId":"r","specs":[],"tags":["a\u00e9\ud83d\ude00\n"]}"#,
            #"{"runId":"r","specs":[{"spec":"a","claimedAt":"2024-01-01T00:00:0\u0030Z"}]}"#,
        ] {
            #expect(DecoderDifferential.compare(Array(json.utf8), file: "case.json").fastAccepted, "\(json)")
        }
        for json in [#"{"runId":"r","specs":[],"runId":"s"}"#, #"{"runId":"r","specs":[],}"#, #"{"error":"nope"}"#] {
            #expect(!DecoderDifferential.compare(Array(json.utf8), file: "case.json").fastAccepted, "\(json)")
        }
    }

    static func corpusFiles() throws -> [String] {
        var out: [String] = []
        for folder in ["Tests/RunReportTests/Fixtures", "Tests/RunReportTests/Hostile"] {
            let root = Fixtures.packageRoot.appendingPathComponent(folder).path
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".json") || relative.hasSuffix(".json.gz") {
                out.append(root + "/" + relative)
            }
        }
        return out.sorted()
    }

    static func firstInstance(of fixture: String) throws -> String {
        let dir = "Tests/RunReportTests/Fixtures/\(fixture)/instances"
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.packageRoot.appendingPathComponent(dir).path)
        guard let first = names.filter({ $0.hasSuffix(".json") }).sorted().first else { throw CocoaError(.fileNoSuchFile) }
        return "\(dir)/\(first)"
    }
}

/// A small seeded generator, so that the mutations are the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
