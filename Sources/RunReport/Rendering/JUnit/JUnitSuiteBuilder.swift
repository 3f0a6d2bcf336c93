/// Turns the analysed run into `<testsuite>` view models, one per spec run, by the rules of the
/// issue and `docs/junit.md`:
///
/// - never a pass that the data does not show: a pending or cancelled spec is one `<skipped>` case,
///   a running or timed-out one an `<error>` case, a spec with `results.exception` an `<error>` case,
///   a completed spec without test-level data one case from its `results.stats` (or an `<error>`
///   saying its results are missing), and a failed spec whose written cases show no failure gets a
///   spec-level `<failure>`;
/// - `classname` is the suite name with `.` written as `_`: Jenkins splits a classname at its last
///   `.` into package and class (`login.cy.ts` would be class `ts`); GitLab shows it as the suite;
///   it is unique per spec run, so GitLab (which keeps the first of duplicates) loses nothing;
/// - `name` is the title path joined with ` › `, at most 1,000 characters (the full title then in a
///   `fullTitle` property of the suite).
struct JUnitSuiteBuilder: Sendable {
    let summary: Summary
    let profile: JUnitProfile
    /// Suite name per spec index (unique in the document).
    let suiteNames: [String]
    /// The tests of each spec index, as a range of `summary.tests`.
    let testRanges: [Range<Int>]
    /// Run-level properties, identical for every suite of a group: group id → properties.
    let groupProperties: [String: [JUnitProperty]]
    let runProperties: [JUnitProperty]

    /// The name of a spec-level case (no test-level data, or a state of the whole spec).
    static let specCaseName = "(spec)"

    init(summary: Summary, profile: JUnitProfile) {
        self.summary = summary
        self.profile = profile
        suiteNames = Self.suiteNames(summary.specs)
        testRanges = Self.testRanges(summary)

        var run: [JUnitProperty] = []
        func add(_ list: inout [JUnitProperty], _ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            list.append(JUnitProperty(name: name, value: JUnitText.clean(value)))
        }
        add(&run, "runId", summary.run.runId)
        add(&run, "ciBuildId", summary.run.ciBuildId)
        add(&run, "commit", summary.run.commit.sha)
        runProperties = run

        var groups: [String: [JUnitProperty]] = [:]
        for group in summary.groups where groups[group.groupId] == nil {
            var list: [JUnitProperty] = []
            add(&list, "browser", group.platform.browser)
            add(&list, "os", group.platform.os)
            groups[group.groupId] = list
        }
        groupProperties = groups
    }

    // MARK: Names and ranges

    /// The spec path; with ` [group]` when the path ran in several groups; with ` #n` when the same
    /// name would still repeat (the same spec twice in one group).
    static func suiteNames(_ specs: [SpecSummary]) -> [String] {
        var groupsOfPath: [String: Set<String>] = [:]
        for spec in specs { groupsOfPath[spec.spec, default: []].insert(spec.groupId ?? "") }
        var seen: [String: Int] = [:]
        return specs.map { spec in
            var name = spec.spec
            if (groupsOfPath[spec.spec]?.count ?? 0) > 1 { name += " [\(spec.groupId ?? "no group")]" }
            let count = (seen[name] ?? 0) + 1
            seen[name] = count
            return count > 1 ? "\(name) #\(count)" : name
        }
    }

    /// Tests are in spec order, each spec's contiguous: the range of each spec's tests, matched by
    /// instanceId (else group and path).
    static func testRanges(_ summary: Summary) -> [Range<Int>] {
        func key(_ instanceId: String?, _ groupId: String?, _ spec: String) -> String {
            instanceId.map { "i:" + $0 } ?? "g:\(groupId ?? "")\u{0}\(spec)"
        }
        var ranges: [String: Range<Int>] = [:]
        let tests = summary.tests
        var start = 0
        while start < tests.count {
            let k = key(tests[start].instanceId, tests[start].groupId, tests[start].spec)
            var end = start + 1
            while end < tests.count, tests[end].instanceId == tests[start].instanceId, tests[end].spec == tests[start].spec,
                tests[end].groupId == tests[start].groupId
            {
                end += 1
            }
            // A key seen twice (should not happen) keeps its first range: no test is written twice.
            if ranges[k] == nil { ranges[k] = start..<end }
            start = end
        }
        var used: Set<String> = []
        return summary.specs.map { spec in
            let k = key(spec.instanceId, spec.groupId, spec.spec)
            guard used.insert(k).inserted else { return 0..<0 }
            return ranges[k] ?? 0..<0
        }
    }

    // MARK: Suites

    func suite(at index: Int) -> JUnitSuite {
        let spec = summary.specs[index]
        let ant = profile == .ant
        let name = suiteNames[index]
        // The Ant schema wants a non-blank suite name and hostname (xs:token, minLength 1).
        let cleanName = JUnitText.attribute(name).value.nonBlank ?? "(no spec path)"
        let classname = JUnitText.attribute(String(decoding: name.utf8.map { $0 == 0x2E ? 0x5F : $0 }, as: UTF8.self)).value
        var properties: [JUnitProperty] = []
        var notes: [String] = []
        var cases: [JUnitCase] = []

        // The spec as a whole, when its state says more than its tests can.
        switch spec.state {
        case .pending:
            cases.append(specCase(classname, .skipped, "Skipped", "The spec was never claimed by a machine (pending)."))
        case .cancelled:
            cases.append(specCase(classname, .skipped, "Cancelled", "The run was cancelled before this spec completed."))
        case .running:
            cases.append(specCase(classname, .error, "NotCompleted", "The spec was claimed but never completed (still running)."))
        case .timedOut:
            cases.append(specCase(classname, .error, "TimedOut", "The run timed out before this spec completed."))
        case .failed, .passed, .completed:
            break
        }
        if let exception = spec.exception {
            cases.append(specCase(classname, .error, "SpecException", exception, time: spec.executionMs))
        }

        let range = testRanges[index]
        if spec.hasTestData {
            // Through the buffer, each test is passed on borrowed: copying a TestSummary out of the
            // array (a dozen references) was a third of the render time on a big run.
            summary.tests.withUnsafeBufferPointer { tests in
                for t in range {
                    addTest(tests[t], ordinal: t - range.lowerBound + 1, classname: classname, to: &cases, &properties, &notes)
                }
            }
        } else if [.failed, .passed, .completed].contains(spec.state), spec.exception == nil {
            cases.append(statsCase(spec, classname: classname))
        }
        if spec.state == .failed, !cases.contains(where: { $0.outcome != .passed }) {
            cases.append(
                specCase(
                    classname, .failure, "SpecFailed",
                    "The spec failed by its results (\(statsText(spec.tests))), but no test of it shows a failure."))
        }

        var suiteProperties: [JUnitProperty] = []
        func add(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            suiteProperties.append(JUnitProperty(name: name, value: JUnitText.clean(value)))
        }
        add("group", spec.groupId)
        add("machineId", spec.machineId)
        add("instanceId", spec.instanceId)
        if let groupId = spec.groupId, let list = groupProperties[groupId] { suiteProperties += list }
        suiteProperties += runProperties
        suiteProperties += properties

        // The time written is the time counted: the root's sum then matches the suites' to the millisecond.
        let timeMs = spec.executionMs.flatMap { $0 >= 0 ? $0 : nil }
        let start = spec.executionStartedAt ?? spec.claimedAt ?? (ant ? summary.run.createdAt ?? Timestamp(millisecondsSinceEpoch: 0) : nil)
        return JUnitSuite(
            name: cleanName,
            package: ant ? JUnitText.clean(spec.groupId ?? "") : nil,
            id: String(index),
            counts: JUnitCounts(cases: cases, timeMs: timeMs),
            time: JUnitText.seconds(timeMs) ?? (ant ? "0.000" : nil),
            timestamp: start.map { JUnitText.timestamp($0, ant: ant) },
            hostname: spec.machineId.flatMap { JUnitText.clean($0).nonBlank } ?? (ant ? "unknown" : nil),
            file: ant ? nil : JUnitText.clean(spec.spec),
            properties: suiteProperties,
            cases: cases,
            antStreams: ant,
            systemOut: notes.joined())
    }

    /// The case(s) of one test, with a `fullTitle.N` property when its name was cut, and (Ant) its
    /// attempts. Property names stay unique in a suite (some parsers keep properties in a
    /// dictionary): suffixed with the test's position in the spec, from 1.
    private func addTest(
        _ test: TestSummary, ordinal: Int, classname: String, to cases: inout [JUnitCase], _ properties: inout [JUnitProperty],
        _ notes: inout [String]
    ) {
        let (title, cut) = JUnitText.attribute(test.title.joined(separator: " › "))
        if cut {
            properties.append(JUnitProperty(name: "fullTitle.\(ordinal)", value: JUnitText.clean(test.title.joined(separator: " › "))))
        }
        switch profile {
        case .standard:
            var c = standardCase(test, classname: classname, name: title)
            c.systemOut = Self.attachmentLines(test.artifacts)
            cases.append(c)
        case .ant:
            cases.append(antCase(test, classname: classname, name: title))
            if test.attempts > 1 {
                notes.append(contentsOf: attemptNotes(test, title: title, ordinal: ordinal, properties: &properties))
            }
            // The Ant schema has no <system-out> in a test case: the suite's carries them.
            let lines = Self.attachmentLines(test.artifacts)
            if !lines.isEmpty { notes.append(lines) }
        case .perAttempt:
            var attemptCases = attemptCases(test, classname: classname, name: title)
            for i in attemptCases.indices {
                // Each attempt's case gets its own attempt's artifacts (the last also those of attempts past it).
                let last = i == attemptCases.count - 1
                attemptCases[i].systemOut = Self.attachmentLines(
                    test.artifacts.filter { a in (a.attempt ?? 0) == i || (last && (a.attempt ?? 0) > i) })
            }
            cases.append(contentsOf: attemptCases)
        }
    }

    /// `[[ATTACHMENT|artifacts/<instanceId>/<file>]]`, one line per saved artifact, relative to the
    /// report directory (the convention GitLab and Jenkins' attachments plugin read).
    static func attachmentLines(_ artifacts: [Artifact]) -> String {
        artifacts.compactMap { a in a.savedPath.flatMap { HTMLArtifacts.isSavedPath($0) ? "[[ATTACHMENT|\($0)]]\n" : nil } }.joined()
    }

    /// `3 failed, 1 skipped of 10 tests` from `results.stats`, or `no results` when there are none.
    private func statsText(_ tests: SpecSummary.SpecTests?) -> String {
        guard let tests else { return "no results.stats" }
        func n(_ v: Int?) -> String { v.map(String.init) ?? "?" }
        return "results.stats: \(n(tests.overall)) tests, \(n(tests.passes)) passed, \(n(tests.failures)) failed, "
            + "\(n(tests.pending)) pending, \(n(tests.skipped)) skipped"
    }

    /// The one case of a completed spec whose instance did not list its tests.
    private func statsCase(_ spec: SpecSummary, classname: String) -> JUnitCase {
        guard let stats = spec.tests else {
            return specCase(
                classname, .error, "MissingResults", "The spec completed, but its results are missing (no results.stats, no test list).",
                time: spec.executionMs)
        }
        let detail = "\(statsText(stats)); no test-level data"
        if (stats.failures ?? 0) > 0 || (stats.skipped ?? 0) > 0 {
            return specCase(classname, .failure, "SpecFailed", "The spec failed: \(detail).", time: spec.executionMs)
        }
        if (stats.passes ?? 0) > 0 {
            return JUnitCase(
                classname: classname, name: Self.specCaseName,
                time: JUnitText.seconds(spec.executionMs) ?? "0.000",
                results: [], outcome: .passed)
        }
        if (stats.pending ?? 0) > 0 {
            return specCase(classname, .skipped, "Pending", "Every test of the spec is pending: \(detail).", time: spec.executionMs)
        }
        return specCase(classname, .skipped, "NoTests", "The spec reported no tests that passed: \(detail).", time: spec.executionMs)
    }

    private func specCase(
        _ classname: String, _ outcome: JUnitCase.Outcome, _ type: String, _ text: String, time: Int64? = nil
    ) -> JUnitCase {
        JUnitCase(
            classname: classname, name: Self.specCaseName, time: JUnitText.seconds(time) ?? "0.000",
            results: [result(outcome, type: type, message: text, body: text)], outcome: outcome)
    }

    /// A `failure`/`error`/`skipped` element (`skipped` has no `type` in the Ant schema).
    private func result(_ outcome: JUnitCase.Outcome, type: String, message: String, body: String) -> JUnitResult {
        let element: JUnitResult.Element
        switch outcome {
        case .failure: element = .failure
        case .error: element = .error
        case .skipped, .passed: element = .skipped
        }
        let cleanBody = JUnitText.clean(body)
        return JUnitResult(
            element: element, message: JUnitText.message(message), type: element == .skipped && profile == .ant ? nil : type,
            body: cleanBody.isEmpty ? JUnitText.message(message) : cleanBody)
    }

    // MARK: Tests

    /// The text of an attempt's error: the stack (Cypress's starts with `Name: message`), else the
    /// headline; then the code frame with its location.
    private func errorBody(_ error: AttemptSummary.ErrorDetail?, fallback: String) -> String {
        guard let error else { return fallback }
        var body: String
        switch (error.headline, error.stack.map(Self.withoutRunnerFrames)) {
        case (let headline?, let stack?):
            // Cypress's stacks usually start with `Name: message`; some (and edited ones) do not.
            let firstLine = headline.prefix { $0 != "\n" }
            body = stack.utf8.starts(with: firstLine.utf8) ? stack : headline + "\n" + stack
        case (let headline?, nil): body = headline
        case (nil, let stack?): body = stack
        case (nil, nil): body = fallback
        }
        if let frame = error.codeFrame, !frame.isEmpty {
            body += "\n\n" + (error.location.map { $0 + "\n" } ?? "") + frame
        }
        return body
    }

    /// The stack without the frames inside Cypress's own runner bundle (`/__cypress/runner/`): they
    /// never point at the user's code, and on a big run they are a quarter of the file.
    static func withoutRunnerFrames(_ stack: String) -> String {
        let marker = Array("/__cypress/runner/".utf8)
        var kept: [UInt8] = []
        var dropped = false
        var first = true
        for line in stack.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let isFrame = line.drop { $0 == 0x20 || $0 == 0x09 }.starts(with: "at ".utf8)
            if isFrame, contains(line, marker) {
                dropped = true
                continue
            }
            if !first { kept.append(0x0A) }
            first = false
            kept.append(contentsOf: line)
        }
        return dropped ? String(decoding: kept, as: UTF8.self) : stack
    }

    private static func contains(_ line: Substring.UTF8View, _ marker: [UInt8]) -> Bool {
        guard let first = marker.first else { return true }
        var i = line.startIndex
        while let found = line[i...].firstIndex(of: first) {
            if line[found...].starts(with: marker) { return true }
            i = line.index(after: found)
        }
        return false
    }

    private func failureResult(
        _ element: JUnitResult.Element, _ attempt: AttemptSummary?, number: Int, of total: Int, fallback: String?
    ) -> JUnitResult {
        let error = attempt?.error
        let none = "Attempt \(number) of \(total) failed; Cypress recorded no error."
        let message = error?.message ?? error?.headline ?? fallback ?? none
        let body = errorBody(error, fallback: fallback ?? none)
        let cleanBody = JUnitText.clean(body)
        return JUnitResult(
            element: element, message: JUnitText.message(message), type: JUnitText.attribute(error?.name ?? "Error").value,
            body: cleanBody.isEmpty ? none : cleanBody)
    }

    private func isFailed(_ a: AttemptSummary) -> Bool { a.state == .failed }

    /// The final state as a result element, for a test that did not pass (`nil` when it passed). A
    /// failure carries the last failed attempt's error (the test's error, `docs/metrics.md` §6).
    private func finalResult(_ test: TestSummary) -> (JUnitCase.Outcome, JUnitResult)? {
        switch test.state {
        case .passed?:
            return nil
        case .failed?:
            let attempts = test.attemptDetails
            let last = attempts.lastIndex(where: isFailed)
            let number = (last ?? max(attempts.count - 1, 0)) + 1
            return (
                .failure,
                failureResult(.failure, last.map { attempts[$0] }, number: number, of: max(attempts.count, 1), fallback: test.error)
            )
        case .pending?:
            return (.skipped, pendingResult)
        case .skipped?:
            return (.skipped, skippedResult)
        case .other(let state)?:
            let text = "Cypress reported the state '\(state)', which is not a pass."
            return (.error, result(.error, type: "UnknownState", message: text, body: text))
        case nil:
            let text = "Cypress recorded no final state for the test."
            return (.error, result(.error, type: "UnknownState", message: text, body: text))
        }
    }

    private var pendingResult: JUnitResult {
        result(.skipped, type: "Pending", message: "pending", body: "Cypress reported the test as pending (skipped in the code).")
    }

    private var skippedResult: JUnitResult {
        result(
            .skipped, type: "Skipped", message: "skipped", body: "Cypress skipped the test (a hook failed or the spec stopped before it).")
    }

    private func testCase(_ classname: String, _ name: String, _ ms: Int64?, _ results: [JUnitResult], _ outcome: JUnitCase.Outcome)
        -> JUnitCase
    {
        JUnitCase(
            classname: classname, name: name,
            time: JUnitText.seconds(ms) ?? "0.000", results: results, outcome: outcome)
    }

    /// Surefire's in-case retries: a flaky pass holds a `<flakyFailure>` per failed attempt; a test
    /// that failed holds `<failure>` for its first failed attempt and `<rerunFailure>` for each later one.
    private func standardCase(_ test: TestSummary, classname: String, name: String) -> JUnitCase {
        let attempts = test.attemptDetails
        let total = attempts.count
        switch test.state {
        case .passed? where attempts.count <= 1:
            return testCase(classname, name, test.durationMs, [], .passed)
        case .passed?:
            var results: [JUnitResult] = []
            for (i, a) in attempts.enumerated() where isFailed(a) {
                results.append(failureResult(.flakyFailure, a, number: i + 1, of: total, fallback: nil))
            }
            return testCase(classname, name, test.durationMs, results, .passed)
        case .failed? where attempts.contains(where: isFailed):
            var results: [JUnitResult] = []
            for (i, a) in attempts.enumerated() where isFailed(a) {
                let first = results.isEmpty
                results.append(
                    failureResult(first ? .failure : .rerunFailure, a, number: i + 1, of: total, fallback: first ? test.error : nil))
            }
            return testCase(classname, name, test.durationMs, results, .failure)
        default:
            guard let (outcome, r) = finalResult(test) else {
                return testCase(classname, name, test.durationMs, [], .passed)
            }
            return testCase(classname, name, test.durationMs, [r], outcome)
        }
    }

    /// Final state only; the failure is the last failed attempt's (the test's error, `docs/metrics.md` §6).
    private func antCase(_ test: TestSummary, classname: String, name: String) -> JUnitCase {
        guard let (outcome, r) = finalResult(test) else {
            return testCase(classname, name, test.durationMs, [], .passed)
        }
        return testCase(classname, name, test.durationMs, [r], outcome)
    }

    /// Ant has no retry elements: a retried test's attempts go into a property and the suite's
    /// `<system-out>` gets one line per failed attempt.
    private func attemptNotes(_ test: TestSummary, title: String, ordinal: Int, properties: inout [JUnitProperty]) -> [String] {
        let states = JUnitText.clean(test.attemptDetails.map { $0.state?.description ?? "unknown" }.joined(separator: ", "))
        let flaky = test.flaky ? "flaky, " : ""
        properties.append(JUnitProperty(name: "attempts.\(ordinal)", value: "\(title): \(flaky)\(test.attempts) attempts (\(states))"))
        var notes: [String] = []
        for (i, a) in test.attemptDetails.enumerated() where isFailed(a) {
            let headline = a.error?.headline.map(JUnitText.clean) ?? "no error recorded"
            notes.append("\(title): attempt \(i + 1) of \(test.attemptDetails.count) failed: \(headline)\n")
        }
        return notes
    }

    /// One case per attempt, all with the same classname and name, so that analytics that detect
    /// flakiness from repeated cases see the retries.
    private func attemptCases(_ test: TestSummary, classname: String, name: String) -> [JUnitCase] {
        let attempts = test.attemptDetails
        guard !attempts.isEmpty else { return [antCase(test, classname: classname, name: name)] }
        return attempts.enumerated().map { i, a in
            switch a.state {
            case .passed?:
                return testCase(classname, name, a.durationMs, [], .passed)
            case .failed?:
                return testCase(
                    classname, name, a.durationMs, [failureResult(.failure, a, number: i + 1, of: attempts.count, fallback: test.error)],
                    .failure)
            case .pending?:
                return testCase(classname, name, a.durationMs, [pendingResult], .skipped)
            case .skipped?:
                return testCase(classname, name, a.durationMs, [skippedResult], .skipped)
            case .other?, nil:
                let text = "Cypress reported the attempt's state as '\(a.state?.description ?? "none")', which is not a pass."
                return testCase(classname, name, a.durationMs, [result(.error, type: "UnknownState", message: text, body: text)], .error)
            }
        }
    }
}

extension String {
    /// The string, or `nil` when it holds nothing but whitespace.
    fileprivate var nonBlank: String? {
        unicodeScalars.allSatisfy { $0.properties.isWhitespace } ? nil : self
    }
}
