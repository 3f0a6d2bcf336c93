import Foundation
import Testing

@testable import RunReport

/// `Schemas/summary.schema.json` (JSON Schema draft 2020-12) against what runreport writes, checked
/// by a validator outside our code: Python's `jsonschema`, through `scripts/check_summary_schema.py`.
/// Every golden `summary.json` validates, and so do the reports of the hostile corpus' odd data (the
/// goldens hold few nulls); mutated copies — a key renamed, missing or added, a string where a
/// number belongs — fail, at the path of the change, at every depth. The schema's shape, its known
/// values and `docs/summary-json.md` are checked against the code without the validator.
@Suite struct SchemaTests {
    static let schemaURL = Fixtures.packageRoot.appendingPathComponent("Schemas/summary.schema.json")

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: schemaURL)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    // MARK: With the validator

    @Test(.enabled(if: SchemaValidator.available, SchemaValidator.skipNote))
    func everyGoldenSummaryValidates() throws {
        let validator = try SchemaValidator.require()
        let goldens = try FileManager.default.contentsOfDirectory(at: Fixtures.goldenDirectory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(".summary.json") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        // One per fixture, the history one (several runs: `history` is an object there) and the
        // baseline one (`comparison` is an object there), and the two artifact fixtures' (issue 14).
        #expect(goldens.count == Fixtures.all.count + 4)
        let compared = try #require(goldens.first { $0.lastPathComponent == "baseline.summary.json" })
        let comparison = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: compared)) as? [String: Any])
        #expect(comparison["comparison"] is [String: Any])
        let history = try #require(goldens.first { $0.lastPathComponent == "history.summary.json" })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: history)) as? [String: Any])
        #expect(document["history"] is [String: Any])

        let results = try validator.validate(goldens)
        for golden in goldens {
            let errors = try #require(results[golden.path], "\(golden.lastPathComponent) was not checked")
            #expect(errors.isEmpty, "\(golden.lastPathComponent): \(errors)")
        }
    }

    /// Inputs of the hostile corpus whose reports hold the nulls, negative numbers, unknown states
    /// and warnings the goldens do not.
    static let oddInputs = [
        "nulls-everywhere", "wrong-field-types.json", "unknown-states-and-odd-titles", "negative-counters-and-durations.json",
        "timestamp-extremes.json", "minimal-run.json", "unknown-group-and-spec-count.json", "lone-surrogate-escape-in-instance",
        "duplicate-instance-id-in-run", "orphan-instance", "instance-not-json", "int64-max-counters.json",
    ]

    @Test(.enabled(if: SchemaValidator.available, SchemaValidator.skipNote))
    func reportsOfOddDataValidate() throws {
        let validator = try SchemaValidator.require()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hostile = Fixtures.packageRoot.appendingPathComponent("Tests/RunReportTests/Hostile")
        var files: [URL] = []
        for (i, input) in Self.oddInputs.enumerated() {
            let out = dir.appendingPathComponent("\(i)")
            let r = try CLITests().run([
                "report", hostile.appendingPathComponent(input).path, "--out", out.path, "--format", "summary-json", "--quiet",
            ])
            #expect(r.status == 0, "\(input): \(r.stderr)")
            files.append(out.appendingPathComponent("summary.json"))
        }
        let results = try validator.validate(files)
        for (input, file) in zip(Self.oddInputs, files) {
            let errors = try #require(results[file.path], "\(input) was not checked")
            #expect(errors.isEmpty, "\(input): \(errors)")
        }
    }

    @Test(.enabled(if: SchemaValidator.available, SchemaValidator.skipNote))
    func mutatedCopiesFailAtThePathOfTheChange() throws {
        let validator = try SchemaValidator.require()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }

        var documents: [String: Any] = [:]
        func golden(_ name: String) throws -> Any {
            if let document = documents[name] { return document }
            let data = try Data(contentsOf: Fixtures.goldenDirectory.appendingPathComponent(name + ".summary.json"))
            let document = try JSONSerialization.jsonObject(with: data)
            documents[name] = document
            return document
        }

        // Each mutation in a file of its own; the goldens re-serialized unchanged as controls, so a
        // failure is the mutation's, not the round trip's.
        var files: [(url: URL, mutation: Mutation?)] = []
        for name in Set(Mutation.all.map(\.golden)).sorted() {
            let url = dir.appendingPathComponent("unchanged-\(name).json")
            try JSONSerialization.data(withJSONObject: try golden(name)).write(to: url)
            files.append((url, nil))
        }
        for (i, mutation) in Mutation.all.enumerated() {
            let mutated = try mutation.apply(to: try golden(mutation.golden))
            let url = dir.appendingPathComponent("\(i).json")
            try JSONSerialization.data(withJSONObject: mutated).write(to: url)
            files.append((url, mutation))
        }

        let results = try validator.validate(files.map(\.url))
        for (url, mutation) in files {
            let errors = try #require(results[url.path], "\(url.lastPathComponent) was not checked")
            guard let mutation else {
                #expect(errors.isEmpty, "\(url.lastPathComponent), unchanged: \(errors)")
                continue
            }
            #expect(!errors.isEmpty, "\(mutation) validated")
            #expect(errors.contains { $0.path == mutation.expectedErrorPath }, "\(mutation): errors \(errors)")
        }
        // Every depth the issue names, each with the four kinds of change.
        for depth in ["$.run", "$.totals", "$.groups[0]", "$.specs[0]", "$.tests[0]"] {
            let kinds = Set(Mutation.all.filter { $0.objectPath.hasPrefix(depth) }.map(\.change.kind))
            #expect(kinds.isSuperset(of: ["rename", "remove", "add", "string for number"]), "\(depth): \(kinds)")
        }
    }

    // MARK: Without the validator

    @Test func theSchemaIsDraft2020AndSelfContained() throws {
        let schema = try Self.schema()
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        // An identifier nothing fetches.
        #expect((schema["$id"] as? String)?.hasPrefix("urn:") == true)
        let defs = try #require(schema["$defs"] as? [String: Any])
        var refs: [String] = []
        Self.visit(schema, at: "$") { _, node in
            if let ref = node["$ref"] as? String { refs.append(ref) }
        }
        #expect(!refs.isEmpty)
        for ref in refs {
            #expect(ref.hasPrefix("#/$defs/") && defs[String(ref.dropFirst(8))] != nil, "\(ref)")
        }
    }

    /// No unknown key anywhere, and every key required: the file always writes every key.
    @Test func everyObjectIsClosedAndRequiresEveryKey() throws {
        var objects = 0
        Self.visit(try Self.schema(), at: "$") { path, node in
            guard let properties = node["properties"] as? [String: Any] else {
                #expect(node["type"] as? String != "object", "\(path): an object without properties")
                return
            }
            objects += 1
            #expect(node["additionalProperties"] as? Bool == false, "\(path)")
            #expect(Set(node["required"] as? [String] ?? []) == Set(properties.keys), "\(path)")
        }
        #expect(objects >= 25)
    }

    /// Each state and code is a string that lists the values runreport knows — exactly those of the
    /// code — and accepts any other (kept as it came from the data).
    @Test func knownValuesAreThoseOfTheCode() throws {
        let defs = try #require(try Self.schema()["$defs"] as? [String: Any])
        let expected: [String: [String]] = [
            "runStatus": RunStatus.known.map(\.description),
            "completionState": CompletionState.known.map(\.description),
            "specState": SpecState.allCases.map(\.rawValue),
            "testState": TestState.known.map(\.description),
            "outcome": HistorySummary.Outcome.allCases.map(\.rawValue),
            "transition": HistorySummary.Transition.allCases.map(\.rawValue),
            "warningCode": ReportWarning.Code.allCases.map(\.rawValue),
        ]
        for (name, values) in expected {
            let def = try #require(defs[name] as? [String: Any], "\(name)")
            let anyOf = try #require(def["anyOf"] as? [[String: Any]], "\(name)")
            #expect(anyOf.count == 2, "\(name)")
            #expect(Set(anyOf.first?["enum"] as? [String] ?? []) == Set(values), "\(name)")
            #expect(anyOf.last?["type"] as? String == "string", "\(name)")
            #expect(def["description"] is String, "\(name)")
        }
    }

    /// `docs/summary-json.md` names every key of the schema.
    @Test func theDocumentationNamesEveryKey() throws {
        let doc = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/summary-json.md"), encoding: .utf8)
        var keys: Set<String> = []
        Self.visit(try Self.schema(), at: "$") { _, node in
            if let properties = node["properties"] as? [String: Any] { keys.formUnion(properties.keys) }
        }
        #expect(keys.count > 80)
        for key in keys.sorted() {
            #expect(doc.contains("`\(key)`"), "docs/summary-json.md does not name `\(key)`")
        }
    }

    /// Calls `body` on every object of a JSON tree, depth first, with its path.
    static func visit(_ value: Any, at path: String, _ body: (String, [String: Any]) -> Void) {
        if let object = value as? [String: Any] {
            body(path, object)
            for key in object.keys.sorted() {
                if let child = object[key] { visit(child, at: path + "/" + key, body) }
            }
        } else if let array = value as? [Any] {
            for (i, item) in array.enumerated() { visit(item, at: "\(path)/\(i)", body) }
        }
    }
}

/// One change to a golden `summary.json` that the schema must reject.
struct Mutation: CustomStringConvertible, Sendable {
    enum Step: Sendable {
        case key(String)
        case index(Int)
    }

    enum Change: Sendable {
        case rename(String, to: String)
        case remove(String)
        case add(String)
        /// The value of the key, a number, written as a string (`42` → `"42"`).
        case stringForNumber(String)
        /// Any other value in place of the key's, described.
        case replace(String, with: Replacement)

        var kind: String {
            switch self {
            case .rename: "rename"
            case .remove: "remove"
            case .add: "add"
            case .stringForNumber: "string for number"
            case .replace: "replace"
            }
        }
    }

    enum Replacement: Sendable {
        case string(String), number(Int), null

        var value: Any {
            switch self {
            case .string(let s): s
            case .number(let n): n
            case .null: NSNull()
            }
        }
    }

    var golden: String
    var steps: [Step]
    var change: Change

    init(_ golden: String, _ steps: [Step], _ change: Change) {
        self.golden = golden
        self.steps = steps
        self.change = change
    }

    /// The object's JSON path as `jsonschema` writes it: `$.groups[0].timing`.
    var objectPath: String {
        steps.reduce("$") { path, step in
            switch step {
            case .key(let k): "\(path).\(k)"
            case .index(let i): "\(path)[\(i)]"
            }
        }
    }

    /// Where the validator must report it: at the object for a key renamed, removed or added, at
    /// the value for a value changed.
    var expectedErrorPath: String {
        switch change {
        case .rename, .remove, .add: objectPath
        case .stringForNumber(let key), .replace(let key, _): "\(objectPath).\(key)"
        }
    }

    var description: String {
        switch change {
        case .rename(let a, let b): "\(golden): \(objectPath).\(a) renamed \(b)"
        case .remove(let k): "\(golden): \(objectPath).\(k) removed"
        case .add(let k): "\(golden): \(objectPath).\(k) added"
        case .stringForNumber(let k): "\(golden): \(objectPath).\(k) as a string"
        case .replace(let k, let r): "\(golden): \(objectPath).\(k) = \(r.value)"
        }
    }

    struct MutationError: Error, CustomStringConvertible {
        var description: String
    }

    func apply(to document: Any) throws -> Any {
        try Self.apply(change, to: document, along: steps[...], describing: description)
    }

    private static func apply(_ change: Change, to value: Any, along steps: ArraySlice<Step>, describing what: String) throws -> Any {
        guard let step = steps.first else {
            guard var object = value as? [String: Any] else { throw MutationError(description: "\(what): not an object") }
            switch change {
            case .rename(let key, let new):
                guard let v = object.removeValue(forKey: key) else { throw MutationError(description: "\(what): no such key") }
                object[new] = v
            case .remove(let key):
                guard object.removeValue(forKey: key) != nil else { throw MutationError(description: "\(what): no such key") }
            case .add(let key):
                object[key] = 1
            case .stringForNumber(let key):
                // Only numbers remain once strings, nulls, arrays and objects are ruled out (the
                // keys chosen hold no boolean).
                guard let v = object[key], !(v is String), !(v is NSNull), !(v is [Any]), !(v is [String: Any]),
                    Double(String(describing: v)) != nil
                else { throw MutationError(description: "\(what): not a number") }
                object[key] = String(describing: v)
            case .replace(let key, let replacement):
                guard object[key] != nil else { throw MutationError(description: "\(what): no such key") }
                object[key] = replacement.value
            }
            return object
        }
        let rest = steps.dropFirst()
        switch step {
        case .key(let key):
            guard var object = value as? [String: Any], let child = object[key] else {
                throw MutationError(description: "\(what): no \(key)")
            }
            object[key] = try apply(change, to: child, along: rest, describing: what)
            return object
        case .index(let i):
            guard var array = value as? [Any], array.indices.contains(i) else { throw MutationError(description: "\(what): no [\(i)]") }
            array[i] = try apply(change, to: array[i], along: rest, describing: what)
            return array
        }
    }

    /// Renamed, missing, unknown and mistyped keys at every depth of the file.
    static let all: [Mutation] = [
        // The top level.
        Mutation("flaky-retries", [], .rename("groups", to: "group")),
        Mutation("flaky-retries", [], .remove("warnings")),
        Mutation("flaky-retries", [], .add("errorGroups")),
        Mutation("flaky-retries", [], .replace("schemaVersion", with: .number(2))),
        Mutation("flaky-retries", [], .replace("schemaVersion", with: .string("1"))),
        Mutation("flaky-retries", [.key("generator")], .replace("name", with: .string("other"))),
        // run
        Mutation("flaky-retries", [.key("run")], .rename("runId", to: "runID")),
        Mutation("flaky-retries", [.key("run")], .remove("dashboardUrl")),
        Mutation("flaky-retries", [.key("run")], .add("branch")),
        Mutation("timed-out", [.key("run"), .key("timeout")], .stringForNumber("timeoutValueMs")),
        Mutation("flaky-retries", [.key("run")], .replace("createdAt", with: .string("2024-04-03 14:21:37"))),
        Mutation("flaky-retries", [.key("run")], .replace("status", with: .null)),
        Mutation("flaky-retries", [.key("run")], .replace("statusDerived", with: .string("false"))),
        Mutation("flaky-retries", [.key("run"), .key("commit")], .remove("sha")),
        // totals
        Mutation("flaky-retries", [.key("totals")], .rename("flakyRate", to: "flakeRate")),
        Mutation("flaky-retries", [.key("totals")], .remove("timing")),
        Mutation("flaky-retries", [.key("totals")], .add("retryRate")),
        Mutation("flaky-retries", [.key("totals")], .stringForNumber("passRate")),
        Mutation("flaky-retries", [.key("totals"), .key("tests")], .stringForNumber("flaky")),
        Mutation("flaky-retries", [.key("totals"), .key("timing"), .key("execution")], .stringForNumber("p95Ms")),
        Mutation("flaky-retries", [.key("totals"), .key("timing"), .key("claimToComplete")], .remove("count")),
        // groups[]
        Mutation("flaky-retries", [.key("groups"), .index(0)], .rename("specFailureRate", to: "specFailRate")),
        Mutation("flaky-retries", [.key("groups"), .index(0)], .remove("machines")),
        Mutation("flaky-retries", [.key("groups"), .index(0)], .add("name")),
        Mutation("flaky-retries", [.key("groups"), .index(0)], .stringForNumber("failureRate")),
        Mutation("flaky-retries", [.key("groups"), .index(0), .key("timing")], .stringForNumber("tailMs")),
        Mutation("flaky-retries", [.key("groups"), .index(0), .key("machines"), .index(1)], .stringForNumber("busyMs")),
        Mutation("flaky-retries", [.key("groups"), .index(0), .key("machines"), .index(0)], .remove("machineId")),
        Mutation("flaky-retries", [.key("groups"), .index(0), .key("fromInstances")], .add("errors")),
        Mutation("flaky-retries", [.key("groups"), .index(0), .key("balance")], .rename("gapMs", to: "gap")),
        Mutation(
            "flaky-retries", [.key("groups"), .index(0), .key("balance"), .key("whatIf"), .index(2)], .stringForNumber("predictedWallMs")),
        Mutation("multi-group", [.key("groups"), .index(1), .key("platform")], .add("arch")),
        // specs[]
        Mutation("flaky-retries", [.key("specs"), .index(0)], .rename("claimToCompleteMs", to: "claimToCompletionMs")),
        Mutation("flaky-retries", [.key("specs"), .index(0)], .remove("state")),
        Mutation("flaky-retries", [.key("specs"), .index(0)], .add("retries")),
        Mutation("flaky-retries", [.key("specs"), .index(0)], .stringForNumber("executionMs")),
        Mutation("flaky-retries", [.key("specs"), .index(3)], .replace("spec", with: .number(42))),
        Mutation("flaky-retries", [.key("specs"), .index(1), .key("tests")], .stringForNumber("passes")),
        // tests[]
        Mutation("flaky-retries", [.key("tests"), .index(0)], .rename("durationMs", to: "duration")),
        Mutation("flaky-retries", [.key("tests"), .index(0)], .remove("title")),
        Mutation("flaky-retries", [.key("tests"), .index(0)], .add("errorFingerprint")),
        Mutation("flaky-retries", [.key("tests"), .index(0)], .stringForNumber("attempts")),
        Mutation("flaky-retries", [.key("tests"), .index(4)], .replace("flaky", with: .string("true"))),
        // warnings[]
        Mutation("counters-disagree", [.key("warnings"), .index(0)], .rename("code", to: "kind")),
        Mutation("counters-disagree", [.key("warnings"), .index(2)], .remove("spec")),
        Mutation("counters-disagree", [.key("warnings"), .index(1)], .add("path")),
        // history
        Mutation("history", [.key("history")], .remove("specs")),
        Mutation("history", [.key("history"), .key("runs"), .index(0)], .rename("createdAt", to: "created")),
        Mutation("history", [.key("history"), .key("tests"), .index(0)], .stringForNumber("executed")),
        Mutation("history", [.key("history"), .key("tests"), .index(0)], .remove("outcomes")),
        Mutation("history", [.key("history"), .key("specs"), .index(0)], .add("markedlySlower")),
        Mutation("history", [.key("history"), .key("specs"), .index(0)], .stringForNumber("trend")),
        // comparison
        Mutation("baseline", [.key("comparison")], .remove("counts")),
        Mutation("baseline", [.key("comparison"), .key("baseline")], .remove("branch")),
        Mutation("baseline", [.key("comparison"), .key("specs"), .index(0)], .stringForNumber("executionMs")),
        Mutation("baseline", [.key("comparison"), .key("tests"), .index(0)], .replace("change", with: .string("fixed"))),
        Mutation("baseline", [.key("comparison"), .key("specs"), .index(1)], .replace("markedlySlower", with: .string("yes"))),
    ]
}

/// Python with `jsonschema`: `$RUNREPORT_PYTHON` (scripts/test.sh sets it), else the project's
/// `.build-venv` (scripts/install-test-deps.sh makes it), else `python3` on PATH. Without one the
/// tests that need it are skipped on a developer's machine and fail under CI (`CI` set), where
/// nothing may pass unchecked.
struct SchemaValidator: Sendable {
    let python: String
    let version: String

    struct Error: Swift.Error, CustomStringConvertible {
        var description: String
    }

    static let script = Fixtures.packageRoot.appendingPathComponent("scripts/check_summary_schema.py")

    static let found: SchemaValidator? = {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let python = environment["RUNREPORT_PYTHON"], !python.isEmpty { candidates.append(python) }
        candidates.append(Fixtures.packageRoot.appendingPathComponent(".build-venv/bin/python3").path)
        candidates.append("python3")
        for python in candidates {
            guard python == "python3" || FileManager.default.isExecutableFile(atPath: python),
                let r = try? run(python, ["-c", "import jsonschema, importlib.metadata as m; print(m.version('jsonschema'))"]),
                r.status == 0
            else { continue }
            return SchemaValidator(python: python, version: r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return nil
    }()

    static let isCI: Bool = {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !["", "0", "false"].contains(value.lowercased())
    }()

    static var available: Bool { found != nil || isCI }
    static let skipNote: Comment = "Python's jsonschema is missing: bash scripts/install-test-deps.sh installs it into .build-venv"

    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> SchemaValidator {
        try #require(
            found,
            "Python's jsonschema was not found (tried $RUNREPORT_PYTHON, .build-venv/bin/python3, python3): run bash scripts/install-test-deps.sh",
            sourceLocation: sourceLocation
        )
    }

    struct ValidationError: Equatable, CustomStringConvertible {
        var path: String
        var message: String
        var description: String { "\(path): \(message)" }
    }

    /// Each file's errors (none: valid), by path, from one run of the validator.
    func validate(_ files: [URL]) throws -> [String: [ValidationError]] {
        let r = try Self.run(python, [Self.script.path, "--json"] + files.map(\.path))
        guard r.status == 0 || r.status == 1 else {
            throw Error(description: "check_summary_schema.py exited \(r.status): \(r.stderr)")
        }
        var results: [String: [ValidationError]] = [:]
        for line in r.stdout.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            if let reported = object["jsonschema"] as? String, reported != version {
                throw Error(description: "jsonschema \(reported) ran, \(version) was found")
            }
            guard let file = object["file"] as? String, let errors = object["errors"] as? [[String: Any]] else { continue }
            results[file] = errors.map { ValidationError(path: $0["path"] as? String ?? "?", message: $0["message"] as? String ?? "?") }
        }
        return results
    }

    /// Runs `python` with `arguments`; output goes through files, so neither stream can fill a pipe.
    static func run(_ python: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("stdout"), err = dir.appendingPathComponent("stderr")
        for file in [out, err] { try Data().write(to: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self),
            String(decoding: try Data(contentsOf: err), as: UTF8.self)
        )
    }
}
