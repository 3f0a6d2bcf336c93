import Foundation
import Mustache

/// Renders `junit.xml` through `Templates/junit/`, and validates it before anyone writes it.
///
/// Sources of the format (there is no JUnit standard; the README's JUnit section says what each
/// consumer reads):
/// - `standard` and `per-attempt` target the Jenkins xUnit plugin's `junit-10.xsd`
///   (jenkinsci/xunit-plugin, `src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd`):
///   `<testsuites>` root, `testsuite@file/@hostname/@timestamp`, Maven Surefire's `flakyFailure` and
///   `rerunFailure` (as Surefire's `StatelessXmlReporter` writes them), `time` with at most three decimals;
/// - `ant` targets windyroad/JUnit-Schema `JUnit.xsd` (Apache Ant's `<junit>` output): suites need
///   `package`, `id`, `hostname`, a zone-less `timestamp`, `<properties>`, `<system-out>` and
///   `<system-err>`; `failure@type` and `error@type` are required; one result element per case.
/// Both XSDs are in `Schemas/` and compiled into the binary.
///
/// Speed (the benchmark run has 200,000 cases): swift-mustache costs microseconds per variable, so
/// the built-in templates, which keep to a small subset of Mustache, are compiled (`CompiledTemplate`)
/// and write bytes straight from the view models; suites are built and rendered in parallel chunks;
/// each chunk is validated as soon as it is rendered, streaming (libxml2 builds no tree). The
/// root's content model is a plain sequence of `<testsuite>` and neither XSD has identity
/// constraints, so a document is valid exactly when the root with each chunk alone is.
package enum JUnitRenderer {
    /// Where the root template puts the suites; a string no value can contain (`JUnitText.clean`
    /// drops U+FFFF from every value).
    private static let suitesMarker = "\u{FFFF}suites\u{FFFF}"

    package static func render(_ summary: Summary, profile: JUnitProfile, templates: TemplateSet) throws -> [UInt8] {
        try renderTimed(summary, profile: profile, templates: templates).bytes
    }

    /// What `render` does, with its wall time and the time its chunks spent validating, summed over
    /// threads (for the benchmark). `compiled: false` renders every template with swift-mustache
    /// (tests compare the two).
    ///
    /// Each chunk is validated as soon as it is rendered, inside a document whose root start tag
    /// carries placeholder counters (the real ones are known only when every chunk is done); the
    /// real root is then validated on its own. Neither schema ties the root's attribute values to
    /// its content, so this checks every byte written exactly as one validation of the whole would.
    package static func renderTimed(
        _ summary: Summary, profile: JUnitProfile, templates: TemplateSet, compiled: Bool = true
    ) throws -> (bytes: [UInt8], totalMs: Double, validationMs: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let renderer = try Renderer(templates: templates, compiled: compiled)
        let builder = JUnitSuiteBuilder(summary: summary, profile: profile)
        let provisional = try root(summary, profile, JUnitCounts(), renderer)
        let specCount = summary.specs.count
        // Enough chunks to balance two cores; few enough that each validation's schema parse is noise.
        let chunkCount = max(1, min(specCount, 16))
        typealias Chunk = (bytes: [UInt8], counts: JUnitCounts, invalid: JUnitValidationError?, validation: Duration)
        let chunks = ConcurrentResults<Result<Chunk, TemplateError>>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
            let range = (specCount * c / chunkCount)..<(specCount * (c + 1) / chunkCount)
            var bytes: [UInt8] = []
            var counts = JUnitCounts()
            do throws(TemplateError) {
                for index in range {
                    let suite = builder.suite(at: index)
                    counts.add(suite.counts)
                    try renderer.append(suite, to: &bytes)
                }
                let validationStart = clock.now
                let invalid = validateChunk(head: provisional.head, part: bytes, tail: provisional.tail, profile: profile)
                chunks[c] = .success((bytes, counts, invalid, clock.now - validationStart))
            } catch {
                chunks[c] = .failure(error)
            }
        }
        var counts = JUnitCounts()
        var parts: [[UInt8]] = []
        var invalid: [(Int, JUnitValidationError)] = []
        var validation = Duration.zero
        for c in 0..<chunkCount {
            guard let result = chunks[c] else { throw TemplateError(template: JUnitTemplate.suite.rawValue, reason: "was not rendered") }
            let chunk = try result.get()
            chunks[c] = nil  // `parts` holds the only reference, so the join below can release it
            counts.add(chunk.counts)
            parts.append(chunk.bytes)
            if let error = chunk.invalid { invalid.append((c, error)) }
            validation += chunk.validation
        }
        if let (index, error) = invalid.first {
            throw locate(error, chunk: index, parts: parts, head: provisional.head)
        }
        let (head, tail) = try root(summary, profile, counts, renderer)
        let rootStart = clock.now
        if let error = validateChunk(head: head, part: [], tail: tail, profile: profile) { throw error }
        validation += clock.now - rootStart

        var bytes: [UInt8] = []
        bytes.reserveCapacity(head.count + tail.count + parts.reduce(0) { $0 + $1.count })
        bytes += head
        // Each part is released once copied: the document and all its parts never coexist (125 MB
        // each for a test-dense run).
        for i in parts.indices {
            bytes += parts[i]
            parts[i] = []
        }
        bytes += tail
        func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
        return (bytes, ms(clock.now - start), ms(validation))
    }

    /// The document's bytes before and after the suites, with these counters.
    private static func root(
        _ summary: Summary, _ profile: JUnitProfile, _ counts: JUnitCounts, _ renderer: Renderer
    ) throws(TemplateError) -> (head: [UInt8], tail: [UInt8]) {
        let root = JUnitDocument(
            name: JUnitText.clean("Cypress run \(summary.run.runId)"), rootCounters: profile != .ant, counts: counts,
            suites: suitesMarker)
        let pieces = try renderer.render(root).components(separatedBy: suitesMarker)
        guard pieces.count == 2 else {
            throw TemplateError(template: JUnitTemplate.document.rawValue, reason: "must contain {{{suites}}} exactly once")
        }
        return (Array(pieces[0].utf8), Array(pieces[1].utf8))
    }

    /// Renders each view model with its template: compiled when the template is in the subset
    /// `CompiledTemplate` handles, else (a user's template using more of Mustache) with swift-mustache.
    struct Renderer: Sendable {
        let templates: TemplateSet
        let document: Bound<JUnitDocument>
        let suite: Bound<JUnitSuite>
        let property: Bound<JUnitProperty>
        let passedCase: Bound<JUnitCase>
        let resultCase: Bound<JUnitCase>
        let result: Bound<JUnitResult>

        /// A template with the view model it renders: its name, and its compiled form (`nil`:
        /// render with swift-mustache).
        struct Bound<Context: CompiledContext>: Sendable {
            let template: JUnitTemplate
            let compiled: BoundTemplate<Context>?

            init(_ template: JUnitTemplate, in templates: TemplateSet, compiled: Bool) throws(TemplateError) {
                guard let source = templates.library.getTemplate(named: template.rawValue) else {
                    throw TemplateError(template: template.rawValue, reason: "does not exist")
                }
                self.template = template
                if compiled, let template = CompiledTemplate(source: source.description) {
                    self.compiled = BoundTemplate(template)
                } else {
                    self.compiled = nil
                }
            }
        }

        init(templates: TemplateSet, compiled: Bool) throws(TemplateError) {
            self.templates = templates
            document = try Bound(.document, in: templates, compiled: compiled)
            suite = try Bound(.suite, in: templates, compiled: compiled)
            property = try Bound(.property, in: templates, compiled: compiled)
            passedCase = try Bound(.passedCase, in: templates, compiled: compiled)
            resultCase = try Bound(.resultCase, in: templates, compiled: compiled)
            result = try Bound(.result, in: templates, compiled: compiled)
        }

        /// Appends `object` rendered with its template, compiled when it can be.
        func append<Context>(_ object: Context, _ bound: Bound<Context>, to out: inout [UInt8]) throws(TemplateError) {
            if let compiled = bound.compiled {
                compiled.append(object, to: &out)
            } else {
                out += try templates.render(object, template: bound.template.rawValue).utf8
            }
        }

        /// The document's root, rendered.
        func render(_ root: JUnitDocument) throws(TemplateError) -> String {
            if let compiled = document.compiled { return compiled.render(root) }
            return try templates.render(root, template: document.template.rawValue)
        }

        /// Appends a suite with its properties and cases, each case with its results.
        func append(_ suite: JUnitSuite, to out: inout [UInt8]) throws(TemplateError) {
            var suite = suite
            var buffer: [UInt8] = []
            buffer.reserveCapacity(4096)
            for p in suite.properties { try append(p, property, to: &buffer) }
            suite.propertiesMarkup = String(decoding: buffer, as: UTF8.self)
            buffer.removeAll(keepingCapacity: true)
            var results: [UInt8] = []
            for var c in suite.cases {
                if c.results.isEmpty && c.systemOut.isEmpty {
                    try append(c, passedCase, to: &buffer)
                } else {
                    results.removeAll(keepingCapacity: true)
                    for r in c.results { try append(r, result, to: &results) }
                    if !c.systemOut.isEmpty {
                        // After the result elements, as Surefire writes it (the junit-10 schema allows either order).
                        results += Array("<system-out>\(XMLText.legal(c.systemOut, escaping: .xml))</system-out>\n".utf8)
                    }
                    c.resultsMarkup = String(decoding: results, as: UTF8.self)
                    try append(c, resultCase, to: &buffer)
                }
            }
            suite.testcasesMarkup = String(decoding: buffer, as: UTF8.self)
            try append(suite, self.suite, to: &out)
        }
    }

    /// `head + part + tail` checked against the profile's XSD; the error, if any.
    static func validateChunk(head: [UInt8], part: [UInt8], tail: [UInt8], profile: JUnitProfile) -> JUnitValidationError? {
        do {
            try JUnitValidator.validate(head + part + tail, profile: profile)
            return nil
        } catch {
            return error
        }
    }

    /// Validates `head + part + tail` for every part, in parallel (what `renderTimed` does as it renders).
    static func validate(head: [UInt8], parts: [[UInt8]], tail: [UInt8], profile: JUnitProfile) throws(JUnitValidationError) {
        let results = ConcurrentResults<JUnitValidationError>(count: parts.count)
        DispatchQueue.concurrentPerform(iterations: parts.count) { i in
            results[i] = validateChunk(head: head, part: parts[i], tail: tail, profile: profile)
        }
        for i in parts.indices {
            if let error = results[i] { throw locate(error, chunk: i, parts: parts, head: head) }
        }
    }

    /// The error with its line numbers counted in the whole document rather than in its chunk.
    static func locate(_ error: JUnitValidationError, chunk index: Int, parts: [[UInt8]], head: [UInt8]) -> JUnitValidationError {
        var error = error
        let before = parts[..<index].reduce(0) { sum, part in sum + part.lazy.filter { $0 == 0x0A }.count }
        if before > 0 { error.details = shiftLines(error.details, by: before, after: head.lazy.filter { $0 == 0x0A }.count) }
        return error
    }

    /// Adds `offset` to each `line N:` of libxml2's messages whose N is past the head.
    private static func shiftLines(_ details: String, by offset: Int, after headLines: Int) -> String {
        details.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("line "), let colon = line.firstIndex(of: ":"),
                let n = Int(line[line.index(line.startIndex, offsetBy: 5)..<colon]), n > headLines
            else { return String(line) }
            return "line \(n + offset)" + line[colon...]
        }.joined(separator: "\n")
    }
}
