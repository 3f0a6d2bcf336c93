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
        package var totalMs: Double { decodeMs + analyseMs + renderMs + writeMs }

        package var json: String {
            func r(_ v: Double) -> String { String(Int64(v.rounded())) }
            return
                #"{"decodeMs":\#(r(decodeMs)),"analyseMs":\#(r(analyseMs)),"renderMs":\#(r(renderMs)),"writeMs":\#(r(writeMs)),"totalMs":\#(r(totalMs))}"#
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
        let results = ConcurrentResults<Result<[UInt8], any Error>>(count: formats.count)
        DispatchQueue.concurrentPerform(iterations: formats.count) { i in
            results[i] = Result { try renderOne(summary, format: formats[i], options: options) }
        }
        return try formats.enumerated().map { i, format in
            guard let result = results[i] else { throw TemplateError(template: format.rawValue, reason: "was not rendered") }
            return OutputFile(name: format.fileName, bytes: try result.get())
        }
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
        func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

        var start = clock.now
        let input = try source.load(standardInput: standardInput)
        timings.decodeMs = ms(clock.now - start)

        start = clock.now
        let summary = Analyzer.analyze(input, generatorVersion: RunReportVersion.current)
        timings.analyseMs = ms(clock.now - start)

        start = clock.now
        let files = try render(summary, formats: formats, options: options)
        timings.renderMs = ms(clock.now - start)

        start = clock.now
        let written = try OutputWriter.write(files, to: outputDirectory)
        timings.writeMs = ms(clock.now - start)

        return Outcome(summary: summary, written: written, timings: timings)
    }
}
