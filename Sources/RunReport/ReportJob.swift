import Foundation

/// The whole `report` pipeline in one place: read → decode → analyse → render → write.
/// Only the first and last steps touch the disk; ``ReportJob/render(_:formats:options:)`` is pure.
package enum ReportJob {
    /// Wall time of each phase, for `--timings` and the benchmark.
    package struct Timings: Sendable {
        /// `renderMs` covers rendering and staging each report under a temporary name (they overlap);
        /// `writeMs` the final renames.
        package var decodeMs = 0.0, analyseMs = 0.0, renderMs = 0.0, writeMs = 0.0
        /// `--history-db`: recording the runs and reading the earlier ones back (not in `analyseMs`).
        package var historyMs = 0.0
        /// `--api-context`'s requests, and saving the artifacts (`--artifacts`): network, apart from
        /// decoding, so that a benchmark sees the download phase itself.
        package var apiContextMs = 0.0, artifactsMs = 0.0
        /// Each format's own render time; they overlap, since formats render concurrently.
        package var formatMs: [(format: OutputFormat, ms: Double)] = []
        package var totalMs: Double { decodeMs + analyseMs + historyMs + apiContextMs + artifactsMs + renderMs + writeMs }

        package var json: String {
            func r(_ v: Double) -> String { String(Int64(v.rounded())) }
            let formats = formatMs.map { #","render.\#($0.format.rawValue)Ms":\#(r($0.ms))"# }.joined()
            return
                #"{"decodeMs":\#(r(decodeMs)),"analyseMs":\#(r(analyseMs)),"historyMs":\#(r(historyMs)),"apiContextMs":\#(r(apiContextMs)),"artifactsMs":\#(r(artifactsMs)),"renderMs":\#(r(renderMs)),"writeMs":\#(r(writeMs)),"totalMs":\#(r(totalMs))\#(formats)}"#
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
        let files = ConcurrentResults<[OutputFile]>(count: formats.count)
        _ = try renderConcurrently(summary, formats: formats, options: options) { i, rendered in files[i] = rendered }
        return formats.indices.flatMap { files[$0] ?? [] }
    }

    /// Renders every format concurrently: the HTML first, whose template render is the longest
    /// serial piece (started after `summary.json`, it ended the render phase alone: on the 2,000-spec
    /// run with a 30-run history, 135 + 248 ms of a phase of 392), then JUnit, which renders and
    /// validates in parallel chunks of its own, then the cheap ones, which fill in around them.
    /// Each result goes to `deliver` — from any thread — as soon as it is ready. Returns each
    /// format's render time (ms, in `formats` order); after all have finished, throws the first
    /// failure in `formats` order.
    private static func renderConcurrently(
        _ summary: Summary, formats: [OutputFormat], options: RenderOptions, deliver: @Sendable (Int, [OutputFile]) throws -> Void
    ) throws -> [Double] {
        let clock = ContinuousClock()
        let failures = ConcurrentResults<any Error>(count: formats.count)
        let times = ConcurrentResults<Double>(count: formats.count)
        let cost: [OutputFormat: Int] = [.html: 0, .junit: 1, .summaryJSON: 2, .csv: 3, .markdown: 4]
        let byCost = formats.indices.sorted { (cost[formats[$0]] ?? 9, $0) < (cost[formats[$1]] ?? 9, $1) }
        DispatchQueue.concurrentPerform(iterations: formats.count) { k in
            let i = byCost[k]
            let start = clock.now
            do {
                let files = try renderOne(summary, format: formats[i], options: options)
                times[i] = (clock.now - start).inMilliseconds
                try deliver(i, files)
            } catch {
                failures[i] = error
            }
        }
        if let failure = formats.indices.lazy.compactMap({ failures[$0] }).first { throw failure }
        return formats.indices.map { times[$0] ?? 0 }
    }

    private static func renderOne(_ summary: Summary, format: OutputFormat, options: RenderOptions) throws -> [OutputFile] {
        func one(_ bytes: [UInt8]) -> [OutputFile] { [OutputFile(name: format.fileNames[0], bytes: bytes)] }
        switch format {
        case .summaryJSON: return one(SummaryJSONRenderer.render(summary))
        case .html: return one(try HTMLRenderer.render(summary, templates: options.templates))
        case .junit: return one(try JUnitRenderer.render(summary, profile: options.junitProfile, templates: options.templates))
        case .markdown: return one(try MarkdownRenderer.render(summary, templates: options.templates))
        case .csv: return CSVRenderer.render(summary)
        }
    }

    /// Runs the pipeline. Any error is thrown before a single output file is replaced, except a
    /// rename that fails after every target was checked (see ``OutputStaging/commit(order:)``).
    package static func run(
        source: RunSource, outputDirectory: String, formats: [OutputFormat], options: RenderOptions,
        standardInput: () -> [UInt8]
    ) throws -> Outcome {
        try run(sources: [source], outputDirectory: outputDirectory, formats: formats, options: options, standardInput: standardInput)
    }

    /// Several runs: the newest is the subject, the others its history (`docs/metrics.md` §7, §11). Each
    /// run is read and analysed in turn and kept only as the digest history needs, so memory holds
    /// one full run at a time (plus the newest so far). With `recorder` (`--history-db`), each run is
    /// recorded in the history database instead, and the history comes from there.
    ///
    /// A `baseline` is read and analysed first and kept only as the digest the comparison needs
    /// (§13); `warnings` join the subject's.
    package static func run(
        sources: [RunSource], baseline: RunSource? = nil, warnings: [ReportWarning] = [], outputDirectory: String,
        formats: [OutputFormat], options: RenderOptions, recorder: HistoryRecorder? = nil, standardInput: () -> [UInt8]
    ) throws -> Outcome {
        let (summary, timings) = try analyse(
            sources: sources, baseline: baseline, warnings: warnings, recorder: recorder, standardInput: standardInput)
        return try write(summary, timings: timings, outputDirectory: outputDirectory, formats: formats, options: options)
    }

    /// Reads and analyses the runs (and the baseline): the summary the reports are rendered from.
    package static func analyse(
        sources: [RunSource], baseline: RunSource? = nil, warnings: [ReportWarning] = [], recorder: HistoryRecorder? = nil,
        standardInput: () -> [UInt8]
    ) throws -> (Summary, Timings) {
        let clock = ContinuousClock()
        var timings = Timings()

        var base: ComparisonAnalysis.Prepared?
        // The baseline is read and analysed on a thread of its own while the subject is: much of
        // an analysis is serial, so the two overlap (bench/baseline.sh). With a history database
        // it goes first, as before, so that a baseline that cannot be read records nothing.
        var pending: PendingBaseline?
        if let baseline {
            if recorder == nil {
                pending = PendingBaseline(baseline)
            } else {
                let (prepared, decodeMs, analyseMs) = try PendingBaseline.prepare(baseline)
                base = prepared
                timings.decodeMs += decodeMs
                timings.analyseMs += analyseMs
            }
        }

        var history = HistoryAnalysis.Accumulator()
        var recorder = recorder
        var only: Summary?
        func add(_ summary: Summary, source: RunSource) throws {
            let start = clock.now
            if recorder != nil {
                try recorder?.add(summary, name: source.runName)
                timings.historyMs += (clock.now - start).inMilliseconds
            } else if sources.count == 1 {
                only = summary
            } else {
                try history.add(summary, name: source.runName)
                timings.analyseMs += (clock.now - start).inMilliseconds
            }
        }
        func readSources() throws {
            for batch in Self.batches(sources) {
                let analysed: [(Summary, decodeMs: Double, analyseMs: Double)]
                if batch.count == 1 {
                    analysed = [try loadAndAnalyse(sources[batch.lowerBound], standardInput: standardInput)]
                } else {
                    // Two small runs of a history at once: the analysis of one run is mostly serial,
                    // so the other core decodes and analyses the next (a 30-run history: 7.2 s → see
                    // bench/history.sh). Results are taken in order, so the first failure is the
                    // one a serial loop would have met.
                    let results = ConcurrentResults<Result<(Summary, Double, Double), any Error>>(count: batch.count)
                    DispatchQueue.concurrentPerform(iterations: batch.count) { k in
                        results[k] = Result { try loadAndAnalyse(sources[batch.lowerBound + k], standardInput: { [] }) }
                    }
                    analysed = try batch.map { i in
                        guard let result = results[i - batch.lowerBound] else {
                            throw InputError.notARun(file: sources[i].runName, reason: "was not read")
                        }
                        let (summary, d, a) = try result.get()
                        return (summary, d, a)
                    }
                }
                for (offset, (summary, decodeMs, analyseMs)) in analysed.enumerated() {
                    let source = sources[batch.lowerBound + offset]
                    timings.decodeMs += decodeMs
                    timings.analyseMs += analyseMs
                    try add(summary, source: source)
                }
            }
        }
        do {
            try readSources()
        } catch {
            // A baseline that cannot be read is the error to report, as when it was read first.
            if let pending, case .failure(let failure) = pending.wait() { throw failure }
            throw error
        }
        if let pending {
            let (prepared, decodeMs, analyseMs) = try pending.wait().get()
            base = prepared
            timings.decodeMs += decodeMs
            timings.analyseMs += analyseMs
        }
        var start = clock.now
        var summary: Summary
        if let recorder {
            summary = try recorder.finish()
            timings.historyMs += (clock.now - start).inMilliseconds
            start = clock.now
        } else {
            summary = try only ?? history.finish()
        }
        if let base {
            summary.comparison = try ComparisonAnalysis.compare(summary, with: base)
        }
        summary.warnings += warnings
        // The wire model is gone (the summary keeps only the strings it shares): hand its pages back,
        // and large blocks from now on, before rendering allocates the reports.
        MemoryRelease.prepareForRendering()
        timings.analyseMs += (clock.now - start).inMilliseconds
        return (summary, timings)
    }

    /// The baseline, read and prepared (§13) on a thread of its own; ``wait()`` gives the result.
    final class PendingBaseline: @unchecked Sendable {
        private let group = DispatchGroup()
        // Written once by the worker before `leave`, read only after `wait`.
        private var result: Result<(ComparisonAnalysis.Prepared, Double, Double), any Error>?

        init(_ baseline: RunSource) {
            group.enter()
            DispatchQueue.global().async {
                self.result = Result { try Self.prepare(baseline) }
                self.group.leave()
            }
        }

        func wait() -> Result<(ComparisonAnalysis.Prepared, Double, Double), any Error> {
            group.wait()
            return result ?? .failure(ComparisonAnalysis.ComparisonError(description: "The baseline was not read."))
        }

        /// Reads and prepares the baseline; the times (ms) of its decoding and analysis. The
        /// baseline is never standard input (`report` refuses `--baseline -`).
        static func prepare(_ baseline: RunSource) throws -> (ComparisonAnalysis.Prepared, decodeMs: Double, analyseMs: Double) {
            let loaded: (summary: Summary, decodeMs: Double, analyseMs: Double)
            do {
                // Only reading throws; the analysis never does.
                loaded = try loadAndAnalyse(baseline, standardInput: { [] })
            } catch {
                throw ComparisonAnalysis.ComparisonError(description: "The baseline could not be read: \(error)")
            }
            let clock = ContinuousClock()
            let start = clock.now
            let prepared = ComparisonAnalysis.prepare(loaded.summary, name: baseline.runName)
            return (prepared, loaded.decodeMs, loaded.analyseMs + (clock.now - start).inMilliseconds)
        }
    }

    /// One run read and analysed, with the time of each step (ms).
    private static func loadAndAnalyse(
        _ source: RunSource, standardInput: () -> [UInt8]
    ) throws -> (Summary, decodeMs: Double, analyseMs: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let input = try source.load(standardInput: standardInput)
        let decoded = clock.now
        let summary = Analyzer.analyze(input, generatorVersion: RunReportVersion.current)
        return (summary, (decoded - start).inMilliseconds, (clock.now - decoded).inMilliseconds)
    }

    /// The runs in consecutive batches of one or two: two only when both are small (at most
    /// ``pairedInputBytes`` of files each), so that a history of large runs still holds one run in
    /// memory at a time and peak memory stays the single-run figure.
    static func batches(_ sources: [RunSource]) -> [Range<Int>] {
        guard sources.count > 1 else { return sources.indices.map { $0..<($0 + 1) } }
        let small = sources.map { $0.runName != "-" && $0.inputBytes() <= pairedInputBytes }
        var out: [Range<Int>] = []
        var i = 0
        while i < sources.count {
            if i + 1 < sources.count, small[i], small[i + 1] {
                out.append(i..<(i + 2))
                i += 2
            } else {
                out.append(i..<(i + 1))
                i += 1
            }
        }
        return out
    }

    /// 64 MB: a 2,000-spec run is about 18 MB; the 200,000-test benchmark run (181 MB) goes alone.
    static let pairedInputBytes = 64 << 20

    /// Renders every format and writes the reports: all of them, or none if any fails.
    ///
    /// `artifacts` (`--artifacts`) are the downloaded files, staged: moved to `artifacts/` once every
    /// report is in place, removed if any report fails.
    package static func write(
        _ summary: Summary, timings: Timings, outputDirectory: String, formats: [OutputFormat], options: RenderOptions,
        artifacts: ArtifactStaging? = nil
    ) throws -> Outcome {
        let clock = ContinuousClock()
        var timings = timings

        // Each format is staged (written under a temporary name) as soon as it is rendered, so that
        // writing one report overlaps rendering the others; all are renamed into place at the end,
        // or all removed if any fails.
        var startRender = clock.now
        // What a killed earlier run into this directory left under temporary names goes first.
        TemporaryName.removeStale(in: outputDirectory, names: OutputFormat.allCases.flatMap(\.fileNames))
        let staging = OutputStaging(directory: outputDirectory)
        do {
            let times = try renderConcurrently(summary, formats: formats, options: options) { _, files in
                for file in files { try staging.stage(file) }
            }
            timings.formatMs = Array(zip(formats, times))
        } catch {
            staging.abandon()
            artifacts?.abandon()
            throw error
        }
        timings.renderMs = (clock.now - startRender).inMilliseconds

        startRender = clock.now
        if let artifacts, let obstacle = artifacts.obstacle() {
            staging.abandon()
            artifacts.abandon()
            throw OutputError(path: artifacts.finalDirectory, reason: "\(obstacle); nothing was replaced")
        }
        var written: [String]
        do {
            written = try staging.commit(order: formats.flatMap(\.fileNames))
        } catch {
            artifacts?.abandon()
            throw error
        }
        if let artifacts {
            try artifacts.commit()
            written.append(artifacts.finalDirectory + "/")
        }
        timings.writeMs = (clock.now - startRender).inMilliseconds

        return Outcome(summary: summary, written: written, timings: timings)
    }
}
