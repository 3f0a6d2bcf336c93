/// `docs/metrics.md` §6: one test of an instance as the reports show it.
enum TestRecord {
    static func summary(of test: Wire.Test, record: SpecRecord) -> TestSummary {
        let attempts = test.attempts ?? []
        let state = test.state
        let count = attempts.count
        let flaky = state == .passed && count > 1

        // Null attempt durations count 0; all null (or no attempt) → unknown.
        var duration: Int64 = 0
        var anyDuration = false
        for attempt in attempts {
            if let d = attempt.wallClockDuration {
                duration += Int64(d)
                anyDuration = true
            }
        }

        return TestSummary(
            groupId: record.spec.groupId,
            spec: record.spec.spec,
            instanceId: record.spec.instanceId,
            title: test.title ?? [],
            state: state,
            attempts: count,
            flaky: flaky,
            retries: max(0, count - 1),
            durationMs: anyDuration ? duration : nil,
            error: errorText(test, attempts: attempts),
            // Kept only where a report shows it: a 200,000-test run would otherwise hold every
            // test's source.
            body: state == .failed || flaky ? test.body.flatMap { $0.isEmpty ? nil : TextSanitizer.stripANSI($0) } : nil,
            attemptDetails: attempts.map(attemptSummary))
    }

    static func attemptSummary(_ attempt: Wire.Attempt) -> AttemptSummary {
        AttemptSummary(
            state: attempt.state,
            startedAt: attempt.wallClockStartedAt,
            durationMs: attempt.wallClockDuration.map(Int64.init),
            error: attempt.error.map { e in
                let location: String? = e.codeFrame.flatMap { frame in
                    guard let file = frame.originalFile else { return nil }
                    return [file, frame.line.map(String.init), frame.column.map(String.init)].compactMap { $0 }.joined(separator: ":")
                }
                return AttemptSummary.ErrorDetail(
                    name: e.name.map(TextSanitizer.stripANSI), message: e.message.map(TextSanitizer.stripANSI),
                    stack: e.stack.map(TextSanitizer.stripANSI), codeFrame: e.codeFrame?.frame.map(TextSanitizer.stripANSI),
                    location: location.map(TextSanitizer.stripANSI), file: e.codeFrame?.originalFile.map(TextSanitizer.stripANSI),
                    line: e.codeFrame?.line, column: e.codeFrame?.column)
            },
            videoTimestampMs: attempt.videoTimestamp.map(Int64.init))
    }

    /// `displayError`, else the last failed attempt's `name: message`; ANSI removed.
    static func errorText(_ test: Wire.Test, attempts: [Wire.Attempt]) -> String? {
        if let display = test.displayError { return TextSanitizer.stripANSI(display) }
        guard let failed = attempts.last(where: { $0.state == .failed && $0.error != nil }),
            let error = failed.error
        else { return nil }
        let text: String
        switch (error.name, error.message) {
        case (let name?, let message?): text = "\(name): \(message)"
        case (let name?, nil): text = name
        case (nil, let message?): text = message
        case (nil, nil): return nil
        }
        return TextSanitizer.stripANSI(text)
    }
}
