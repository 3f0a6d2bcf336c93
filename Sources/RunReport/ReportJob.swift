import Foundation

/// The version written into every report and printed by `--version`.
package enum RunReportVersion {
    package static let current = "0.1.0"
}

/// The whole `report` pipeline in one place: read → decode → analyse → render → write.
/// Only the first and last steps touch the disk; ``ReportJob/render(_:formats:)`` is pure.
package enum ReportJob {
    /// Wall time of each phase, for `--timings` and the benchmark.
    package struct Timings: Sendable {
        package var decodeMs = 0.0, analyseMs = 0.0, renderMs = 0.0, writeMs = 0.0
        /// Each format's own render time; they overlap, since formats render concurrently.
        package var formatMs: [(format: OutputFormat, ms: Double)] = []
        package var totalMs: Double { decodeMs + analyseMs + renderMs + writeMs }

        package var json: String {
            func r(_ v: Double) -> String { String(Int64(v.rounded())) }
            let formats = formatMs.map { #","render.\#($0.format.rawValue)Ms":\#(r($0.ms))"# }.joined()
            return
                #"{"decodeMs":\#(r(decodeMs)),"analyseMs":\#(r(analyseMs)),"renderMs":\#(r(renderMs)),"writeMs":\#(r(writeMs)),"totalMs":\#(r(totalMs))\#(formats)}"#
        }
    }

    package struct Outcome: Sendable {
        package var summary: Summary
        package var written: [String]
        package var timings: Timings
    }

    /// How the reports are rendered: the templates and the JUnit profile.
    package struct RenderOptions: Sendable {
        package var templates: TemplateSet
        package var junitProfile: JUnitProfile

        package init(templates: TemplateSet, junitProfile: JUnitProfile = .standard) {
            self.templates = templates
            self.junitProfile = junitProfile
        }
    }

    /// The reports of one summary, as values, in the order of `formats`. The formats render
    /// concurrently; each is independent of the others.
    package static func render(_ summary: Summary, formats: [OutputFormat], options: RenderOptions) throws -> [OutputFile] {
        var ignored: [(format: OutputFormat, ms: Double)] = []
        return try render(summary, formats: formats, options: options, formatMs: &ignored)
    }

    static func render(
        _ summary: Summary, formats: [OutputFormat], options: RenderOptions, formatMs: inout [(format: OutputFormat, ms: Double)]
    ) throws -> [OutputFile] {
        let results = ConcurrentResults<(Result<[UInt8], any Error>, Double)>(count: formats.count)
        DispatchQueue.concurrentPerform(iterations: formats.count) { i in
            let clock = ContinuousClock()
            let start = clock.now
            let result = Result { try renderOne(summary, format: formats[i], options: options) }
            results[i] = (result, milliseconds(clock.now - start))
        }
        var files: [OutputFile] = []
        for (i, format) in formats.enumerated() {
            guard let (result, ms) = results[i] else { throw TemplateError(template: format.rawValue, reason: "was not rendered") }
            files.append(OutputFile(name: format.fileName, bytes: try result.get()))
            formatMs.append((format, ms))
        }
        return files
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    private static func renderOne(_ summary: Summary, format: OutputFormat, options: RenderOptions) throws -> [UInt8] {
        switch format {
        case .summaryJSON: SummaryJSONRenderer.render(summary)
        case .html: try HTMLRenderer.render(summary, templates: options.templates)
        case .junit: try JUnitRenderer.render(summary, profile: options.junitProfile, templates: options.templates)
        case .markdown: try MarkdownRenderer.render(summary, templates: options.templates)
        }
    }

    /// Runs the pipeline. Any error is thrown before a single output file is written.
    package static func run(
        source: RunSource, outputDirectory: String, formats: [OutputFormat], options: RenderOptions,
        standardInput: () -> [UInt8]
    ) throws -> Outcome {
        let clock = ContinuousClock()
        var timings = Timings()
        let ms = milliseconds

        var start = clock.now
        let input = try source.load(standardInput: standardInput)
        timings.decodeMs = ms(clock.now - start)

        start = clock.now
        let summary = Analyzer.analyze(input, generatorVersion: RunReportVersion.current)
        timings.analyseMs = ms(clock.now - start)

        start = clock.now
        let files = try render(summary, formats: formats, options: options, formatMs: &timings.formatMs)
        timings.renderMs = ms(clock.now - start)

        start = clock.now
        let written = try OutputWriter.write(files, to: outputDirectory)
        timings.writeMs = ms(clock.now - start)

        return Outcome(summary: summary, written: written, timings: timings)
    }
}
