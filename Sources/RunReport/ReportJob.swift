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

    /// The reports of one summary, as values.
    package static func render(_ summary: Summary, formats: [OutputFormat]) -> [OutputFile] {
        formats.map { format in
            switch format {
            case .summaryJSON: OutputFile(name: "summary.json", bytes: SummaryJSONRenderer.render(summary))
            }
        }
    }

    /// Runs the pipeline. Any error is thrown before a single output file is written.
    package static func run(
        source: RunSource, outputDirectory: String, formats: [OutputFormat],
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
        let files = render(summary, formats: formats)
        timings.renderMs = ms(clock.now - start)

        start = clock.now
        let written = try OutputWriter.write(files, to: outputDirectory)
        timings.writeMs = ms(clock.now - start)

        return Outcome(summary: summary, written: written, timings: timings)
    }
}
