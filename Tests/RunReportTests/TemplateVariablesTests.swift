import Foundation
import Testing

@testable import RunReport

/// Every name a built-in template uses is a property of its view model, so renaming one cannot
/// silently blank a section (swift-mustache renders what it cannot find as nothing). The checker is
/// in `Support/TemplateVariableChecker.swift`; its comment says how to add another view model.
@Suite struct TemplateVariablesTests {
    /// A summary in which every list `markdown/summary.md` walks has items and every Optional section
    /// it enters is set: the five-run history (new failures and flakes, a slower spec, failed and
    /// flaky tests, error groups, load balancing), with the cancellation of `cancelled`, the timeout
    /// of `timed-out`, the specs that did not pass and the warnings of `counters-disagree`, and the
    /// comparison of the `baseline` fixture.
    static func everySection() throws -> Summary {
        var s = try HistoryTests.summary()
        let cancelled = try Fixtures.summary("cancelled"), timedOut = try Fixtures.summary("timed-out")
        let disagreeing = try Fixtures.summary("counters-disagree")
        s.run.cancellation = cancelled.run.cancellation
        s.run.isTimeout = timedOut.run.isTimeout
        s.run.timeoutValueMs = timedOut.run.timeoutValueMs
        s.specs += disagreeing.specsNotPassingWithoutFailedTest
        s.warnings += disagreeing.warnings
        // A comparison with the `baseline` fixture's base run, in which the subject's first flaky
        // test passed (so that a new flake occurs too) and one spec was three times as fast.
        var base = ComparisonAnalysis.prepare(try Fixtures.summary("baseline/base"), name: "base")
        if let flaky = s.tests.first(where: \.flaky) {
            base.tests.removeAll { $0.spec == flaky.spec && $0.title == flaky.title }
            base.tests.append(.init(spec: flaky.spec, title: flaky.title, outcome: .passed))
        }
        if let spec = s.specs.first(where: { ($0.executionMs ?? 0) > 3000 }), let ms = spec.executionMs {
            base.specs[spec.spec] = (ms / 3, nil)
        }
        s.comparison = try ComparisonAnalysis.compare(s, with: base)
        // The API's context: figures for the first failed test, averages for every spec.
        if let failed = s.tests.first(where: { $0.state == .failed }), let created = s.run.createdAt {
            let f = APIContext.Figures(executions: 41, passes: 34, failures: 5, flaky: 2, failureRate: 0.12, flakinessRate: 0.05)
            var context = APIContext(
                days: 14, from: created, to: created, branch: "main",
                tests: [.init(spec: failed.spec, title: failed.title, branch: f, all: f)],
                specs: [], requests: 3, capped: false)
            context.whatIf = BalanceAnalysis.estimatesByAverages(
                s, averages: Dictionary(s.specs.map { ($0.spec, 1000) }, uniquingKeysWith: { a, _ in a }))
            s.apiContext = context
            // Error sightings, as a history database gives them.
            if !s.errors.isEmpty {
                s.errors[0].runsSeen = 1
                s.errors[0].firstSeen = created
            }
        }
        return s
    }

    static func markdownModel(_ s: Summary) -> MarkdownViewModel {
        MarkdownViewModel(s, selection: MarkdownViewModel.Selection(s), limits: .initial)
    }

    @Test func markdownSummaryUsesOnlyTheViewModelsNames() throws {
        let s = try Self.everySection()
        // The fixture is what it claims to be: no section left unchecked for want of data.
        let model = Self.markdownModel(s)
        #expect(model.cancellation != nil && model.timeout != nil && model.history != nil)
        #expect(!model.failedSpecs.items.isEmpty && !model.warnings.items.isEmpty && !model.balance.items.isEmpty)
        checkVariables(template: "markdown/summary.md", model: model)
    }

    /// The HTML page's names, on the same run plus what the history fixture lacks: tags, late
    /// machines and split candidates (from the real batched-claims run's balance).
    @Test func htmlReportUsesOnlyTheViewModelsNames() throws {
        var s = try Self.everySection()
        s.run.tags = ["nightly"]
        let batched = try Fixtures.summary("real-batched-claims-9caa9400")
        if let b = batched.groups.first?.balance, !s.groups.isEmpty {
            var balance = s.groups[0].balance ?? b
            balance.lateMachines = b.lateMachines.isEmpty ? [.init(machineId: "m", startDelayMs: 1000)] : b.lateMachines
            balance.splitCandidates = b.splitCandidates.isEmpty ? [.init(spec: "a.cy.ts", executionMs: 1000)] : b.splitCandidates
            s.groups[0].balance = balance
            s.groups[0].tailMs = s.groups[0].tailMs ?? 1000
            s.groups[0].criticalMachineId = s.groups[0].criticalMachineId ?? "m"
        }
        // Artifacts (issue 14): a saved screenshot on the first failed test's first attempt, and a cap note.
        if let i = s.tests.firstIndex(where: { $0.state == .failed && !$0.attemptDetails.isEmpty }) {
            s.tests[i].artifacts = [
                Artifact(
                    kind: .screenshot, attempt: 0, name: "shot", url: "https://x.example/a.png", instanceId: "i",
                    savedPath: "artifacts/i/0-shot.png")
            ]
        }
        s.artifactsNotSaved = 1
        let context = HTMLRenderer.context(s)
        checkVariables(template: "html/report.html", model: context)
    }

    @Test func aMisspeltVariableIsCaught() throws {
        let model = Self.markdownModel(try Self.everySection())
        let checker = TemplateVariableChecker(sources: [
            "t":
                "{{runId}} {{#totals}}{{passes}} {{tset}}{{/totals}}{{#history}}{{#newFailures}}{{#items}}{{titel}}{{/items}}{{/newFailures}}{{/history}}{{statusIcn}}{{#hasSlowestSpecs}}{{slowestSpecs.itemz}}{{/hasSlowestSpecs}}"
        ])
        #expect(
            checker.problems(template: "t", model: model) == [
                "template t uses `tset` inside `#totals`, which MarkdownViewModel.Totals does not have",
                "template t uses `titel` inside `#items`, which MarkdownViewModel.HistoryTest does not have",
                "template t uses `statusIcn`, which MarkdownViewModel does not have",
                "template t uses `slowestSpecs.itemz` inside `#hasSlowestSpecs`, which MarkdownViewModel.SlowestSpecs does not have",
            ])
        // The built-in template with one name misspelt, as a rename in Swift would leave it.
        let source = try #require(TemplateVariableChecker.builtInSources["markdown/summary.md"])
        let misspelt = source.replacingOccurrences(of: "{{claimToComplete}}", with: "{{claimToCompletion}}")
        #expect(misspelt != source)
        #expect(
            TemplateVariableChecker(sources: ["markdown/summary.md": misspelt]).problems(template: "markdown/summary.md", model: model) == [
                "template markdown/summary.md uses `claimToCompletion` inside `#slowestSpecs.items`, which MarkdownViewModel.SlowSpec does not have"
            ])
    }

    @Test func anEmptyListSectionIsCaught() throws {
        // `all-passed` has no failed test, so what the template shows of one cannot be checked there.
        let model = Self.markdownModel(try Fixtures.summary("all-passed"))
        let problems = TemplateVariableChecker().problems(template: "markdown/summary.md", model: model)
        #expect(
            problems.contains(
                "template markdown/summary.md's section `#items` inside `#failedTests` is an empty Array<MarkdownViewModel.Test> in the model, so what is inside it is not checked; give it an item"
            ))
        #expect(
            problems.contains(
                "template markdown/summary.md's section `#history` is nil in the model, so what is inside it is not checked; set it"))
        // A name inside the empty list is not reported: it is not known to be wrong.
        let checker = TemplateVariableChecker(sources: ["t": "{{#failedTests}}{{#items}}{{nonsense}}{{/items}}{{/failedTests}}"])
        #expect(
            checker.problems(template: "t", model: model) == [
                "template t's section `#items` inside `#failedTests` is an empty Array<MarkdownViewModel.Test> in the model, so what is inside it is not checked; give it an item"
            ])
    }

    /// The Mustache the checker reads, on a small model of its own.
    struct Item { var name: String, note: String? }
    struct Inner { var value: String }
    struct Model {
        var title: String, flag: Bool, items: [Item], inner: Inner?, tags: Set<String>, slice: ArraySlice<Int>
        var dictionary: [String: Any]
    }

    @Test func checkerFollowsMustache() {
        let model = Model(
            title: "t", flag: true, items: [Item(name: "a", note: nil), Item(name: "b", note: "n")], inner: Inner(value: "v"),
            tags: ["x"], slice: [1, 2][...], dictionary: ["key": "k", "rows": [["cell": 1]]])
        let checker = TemplateVariableChecker(sources: [
            "ok": """
            {{% CONTENT_TYPE: HTML}}{{! a comment, {{not a name}} }}
            {{title}} {{{title}}} {{& title}} {{ title }} {{uppercased(title)}}
            {{#flag}}{{title}}{{/flag}}{{^flag}}{{title}}{{/flag}}
            {{#items}}{{name}} {{.}} {{title}} {{#note}}{{note}} {{.}}{{/note}}{{#first()}}{{/first()}}{{/items}}
            {{#inner}}{{value}} {{title}}{{/inner}}{{inner.value}}
            {{#tags}}{{.}}{{/tags}}{{#title}}{{title}}{{/title}}
            {{#dictionary}}{{key}}{{#rows}}{{cell}}{{/rows}}{{/dictionary}}{{dictionary.key}}
            {{=<% %>=}}<% title %><%#items%><%name%><%/items%><%={{ }}=%>{{title}}
            {{> part}}
            """,
            "part": "{{#items}}{{name}}{{> part}}{{/items}}",
            "bad": """
            {{#items}}{{.value}}{{/items}}{{#inner}}{{.title}}{{/inner}}{{#slice}}{{/slice}}{{> nowhere}}{{dictionary.nokey}}
            """,
        ])
        #expect(checker.problems(template: "ok", model: model) == [])
        #expect(
            checker.problems(template: "bad", model: model) == [
                "template bad uses `.value` inside `#items`, which TemplateVariablesTests.Item does not have",
                "template bad uses `.title` inside `#inner`, which TemplateVariablesTests.Inner does not have",
                "template bad uses `slice` as a section over ArraySlice<Int>, which swift-mustache does not iterate; make it an Array",
                "template bad uses the partial `nowhere`, which does not exist",
                "template bad uses `dictionary.nokey`, which Dictionary<String, Any> does not have",
            ])
        #expect(throws: TemplateVariableChecker.ParseError.self) { try TemplateVariableChecker.parse("{{#a}}{{/b}}") }
        #expect(throws: TemplateVariableChecker.ParseError.self) { try TemplateVariableChecker.parse("{{#a}}") }
        #expect(throws: TemplateVariableChecker.ParseError.self) { try TemplateVariableChecker.parse("{{a") }
    }

    /// `ReflectedContext` reads a property by its position in a table of labels; every property of
    /// every view model the HTML and the Markdown walk (with every section filled) reads as the
    /// Mirror that swift-mustache would otherwise use gives it: the same value, an optional unwrapped,
    /// nothing for an absent optional or a name the type does not have.
    @Test func reflectedContextsReadWhatMirrorReads() throws {
        let s = try Self.everySection()
        var checked: Set<String> = [], values = 0
        func walk(_ value: Any) {
            if let context = value as? any ReflectedContext {
                checked.insert(String(describing: type(of: context)))
                #expect(context.child(named: "noSuchVariable") == nil)
                for child in Mirror(reflecting: context).children {
                    guard let label = child.label else { continue }
                    let expected = Self.unwrapped(child.value)
                    let read = context.child(named: label)
                    values += 1
                    #expect(
                        read.map { String(describing: $0) } == expected.map { String(describing: $0) },
                        "\(type(of: context)).\(label)")
                }
            }
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .struct || mirror.displayStyle == .collection || mirror.displayStyle == .optional else { return }
            for child in mirror.children { walk(child.value) }
        }
        walk(HTMLRenderer.context(s))
        walk(Self.markdownModel(s))
        // The walk met the page and its rows, not just the roots.
        for name in ["HTMLViewModel", "HTMLHistory", "Row", "Cell", "Test", "MarkdownViewModel", "ErrorGroup"] {
            #expect(checked.contains(name), "\(name) was not checked")
        }
        #expect(values > 1000)
    }

    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}
