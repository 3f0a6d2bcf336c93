import Foundation

/// The large tables of the HTML report as compact JSON for `<script type="application/json">`
/// blocks, which the page's script renders a page at a time: 20,000 spec rows or 8,000 failing and
/// flaky tests as markup would make the file slow to open. JSONWriter escapes `<`, `>` and `&`, so
/// no string can close the script element; text is cleaned of characters HTML forbids first.
///
/// Specs: `{"states": [...], "groups": [...], "platforms": [...], "machines": [...], "rows": [[group, spec, machine,
/// state, claimToCompleteMs, executionMs, overheadMs, tests, passes, failures, pending, skipped,
/// flaky], ...]}`, indices into the three lists (machine -1 when none), in the summary's order.
///
/// Tests: `{"count": n, "runs": history runs, "errors": [[fingerprint, example, failed, flaky,
/// exceptions, specs, groups], ...], "failing": [[index, specRow, spec, title, flaky (0/1), attempts,
/// durationMs, errorGroup, error, line, change, strip, [[state, durationMs, error, stack, codeFrame,
/// location, [[kind, label, href, show], ...], video, videoFragment, videoRemote], ...], body, context, screenshots], ...], "strings": [...]}` — `spec` (only when `specRow` is -1), `error` (its
/// first line) and `video` index `strings` (-1 for none); `stack`, `codeFrame`, `location` and `body` the details block (a
/// list of strings, compressed when big: at 200,000 tests the stacks and frames are 8.7 MB), `errorGroup` indexes `errors`, `line` is the code frame's line when it
/// lies in the spec; failed tests first, then flaky, each in summary order. The other tests come in
/// a block of their own (`otherTests`).
package enum HTMLData {
    package static func specs(_ s: Summary) -> [UInt8] {
        var w = JSONWriter(capacity: 4096 + s.specs.count * 120, compact: true)
        var groupIndex: [String: Int] = [:]
        var groups: [String] = []
        var machineIndex: [String: Int] = [:]
        var machines: [String] = []
        for g in s.groups where groupIndex[g.groupId] == nil {
            groupIndex[g.groupId] = groups.count
            groups.append(g.groupId)
        }
        for spec in s.specs {
            if let g = spec.groupId, groupIndex[g] == nil {
                groupIndex[g] = groups.count
                groups.append(g)
            }
            if let m = spec.machineId, machineIndex[m] == nil {
                machineIndex[m] = machines.count
                machines.append(m)
            }
        }
        w.beginObject()
        w.key("states")
        w.beginArray()
        for state in SpecState.allCases { w.string(state.rawValue) }
        w.endArray()
        w.key("groups")
        w.beginArray()
        for g in groups { w.string(HTMLText.clean(g)) }
        w.endArray()
        w.key("platforms")
        w.beginArray()
        // By id: a scan of the groups per group would be quadratic in a run with a group per spec.
        let platforms = Dictionary(s.groups.map { ($0.groupId, $0.platform.shortLabel) }, uniquingKeysWith: { a, _ in a })
        for g in groups { w.string(HTMLText.clean((platforms[g] ?? nil) ?? "")) }
        w.endArray()
        w.key("noGroup"); w.bool(s.specs.contains { $0.groupId == nil })
        w.key("machines")
        w.beginArray()
        for m in machines { w.string(HTMLText.clean(m)) }
        w.endArray()
        let stateIndex = Dictionary(uniqueKeysWithValues: SpecState.allCases.enumerated().map { ($1, $0) })
        w.key("rows")
        w.beginArray()
        for spec in s.specs {
            w.beginArray()
            w.int(spec.groupId.flatMap { groupIndex[$0] } ?? -1)
            w.string(HTMLText.clean(spec.spec))
            w.int(spec.machineId.flatMap { machineIndex[$0] } ?? -1)
            w.int(stateIndex[spec.state] ?? 0)
            w.int(spec.claimToCompleteMs)
            w.int(spec.executionMs)
            w.int(spec.overheadMs)
            w.int(spec.tests?.overall)
            w.int(spec.tests?.passes)
            w.int(spec.tests?.failures)
            w.int(spec.tests?.pending)
            w.int(spec.tests?.skipped)
            w.int(spec.tests?.flaky)
            w.endArray()
        }
        w.endArray()
        w.endObject()
        return w.finish()
    }

    /// The failed and flaky tests with everything the test list shows of them, every attempt
    /// included; long texts (errors, stacks, code frames) once each in `strings`, since thousands of
    /// failures often share a handful of errors.
    static func tests(_ s: Summary, index: HTMLTestIndex) -> (json: [UInt8], details: Embedded) {
        var strings = StringTable()
        var details = StringTable()
        let failing = index.failing
        var w = JSONWriter(capacity: 4096 + failing.count * 400, compact: true)
        let groupOf = Dictionary(s.errors.enumerated().map { ($1.fingerprint, $0) }) { a, _ in a }
        w.beginObject()
        w.key("count"); w.int(s.tests.count)
        w.key("runs"); w.int(s.history?.runs.count ?? 0)
        // The baseline's branch, for the page's "also failing on main" labels; null without one.
        w.key("base"); w.string(s.comparison.map { HTMLText.clean($0.baseline.branch) ?? "the baseline" })
        w.key("errors")
        w.beginArray()
        for e in s.errors {
            w.beginArray()
            w.string(e.fingerprint)
            w.string(HTMLText.clean(e.example))
            w.int(e.failed)
            w.int(e.flaky)
            w.int(e.exceptions)
            w.int(e.specs)
            w.int(e.groups)
            w.endArray()
        }
        w.endArray()
        w.key("failing")
        w.beginArray()
        for i in failing {
            let t = s.tests[i]
            w.beginArray()
            w.int(i)
            w.int(index.specRow[i])
            w.int(index.specRow[i] < 0 ? strings.index(t.spec) : -1)
            w.string(HTMLText.clean(t.title.joined(separator: " › ")))
            w.int(t.flaky ? 1 : 0)
            w.int(t.attempts)
            w.int(t.durationMs)
            w.int(t.fingerprint.flatMap { groupOf[$0] } ?? -1)
            // The list shows the error's first line; the attempts carry it whole.
            w.int(strings.index(t.error.map { firstLine(HTMLText.clean($0)) }))
            w.int(t.failedAttemptError.flatMap { $0.file == t.spec ? $0.line : nil })
            let history = index.historyEntry(i, in: s)
            // Against the baseline when there is one, else the history transition.
            w.string(HTMLTriage.change(s, i, index: index)?.raw ?? "")
            w.string(history.map { Self.strip($0.outcomes) } ?? "")
            w.beginArray()
            let artifacts = HTMLArtifacts.perAttempt(t)
            let video = HTMLArtifacts.video(of: index.specRow[i] >= 0 ? s.specs[index.specRow[i]] : nil)
            for (n, a) in t.attemptDetails.enumerated() {
                w.beginArray()
                w.string(HTMLText.clean(a.state?.description))
                w.int(a.durationMs)
                w.int(strings.index(a.error?.headline))
                w.int(details.index(a.error?.stack))
                w.int(details.index(a.error?.codeFrame))
                w.int(details.index(a.error?.location))
                // [[kind, label, href, show], ...] (HTMLArtifacts.Show) and the video link or "".
                w.beginArray()
                for item in n < artifacts.count ? artifacts[n] : [] {
                    w.beginArray()
                    w.string(item.kind.rawValue)
                    w.string(item.label)
                    w.string(item.href ?? "")
                    w.int(item.show.rawValue)
                    w.endArray()
                }
                w.endArray()
                // The video's address once in `strings` (every attempt of every test of a spec
                // shares it; written out in full per attempt, the signed URLs doubled index.html at
                // 200,000 tests), then this attempt's `#t=` fragment.
                w.int(strings.index(video?.href))
                w.string(video.map { HTMLArtifacts.videoFragment($0.href, attempt: a) } ?? "")
                w.int(video?.remote == true ? 1 : 0)
                w.endArray()
            }
            w.endArray()
            w.int(details.index(t.body))
            w.int(strings.index(HTMLTriage.contextLine(s, t)))
            w.int(HTMLArtifacts.screenshots(t))
            w.endArray()
        }
        w.endArray()
        w.key("strings")
        w.strings(strings.values)
        w.endObject()
        var d = JSONWriter(capacity: 4096, compact: true)
        d.strings(details.values)
        return (w.finish(), embed(d.finish()))
    }

    /// A data block as the page embeds it: JSON, or — past `compressAbove` bytes — deflated and
    /// base64-encoded, for the page to inflate with `DecompressionStream`.
    struct Embedded {
        var text: String
        var compressed: Bool
    }

    static func embed(_ json: [UInt8]) -> Embedded {
        if json.count > compressAbove, let deflated = Deflate.compress(json, level: compressionLevel) {
            return Embedded(text: Data(deflated).base64EncodedString(), compressed: true)
        }
        return Embedded(text: String(decoding: json, as: UTF8.self), compressed: false)
    }

    /// Above this many bytes the other tests' block is compressed (and base64-encoded): at 200,000
    /// tests it is 19 MB of titles as JSON and 3.4 MB so.
    static let compressAbove = 1 << 20

    /// zlib level 5 rather than the default 6: on the 200,000-test run's two blocks (28 MB of JSON)
    /// it takes 0.31 s instead of 0.50 s for 0.3 MB more (index.html 9.85 MB, within the 10 MB
    /// budget); level 4 would cross it.
    static let compressionLevel: Int32 = 5

    /// The tests that neither failed nor were flaky, for the passed, pending and skipped chips:
    /// `[[specRow, spec, [[state, durationMs, title], ...]], ...]` (`spec` null unless the row is -1), runs of consecutive tests of one spec
    /// row, in summary order (a test's index is its place among all tests once the failing are set
    /// aside); `state` indexes `["passed", "pending", "skipped", "other"]`. Returns the block and
    /// whether it is deflated and base64-encoded.
    static func otherTests(_ s: Summary, index: HTMLTestIndex) -> Embedded {
        var w = JSONWriter(capacity: 4096 + index.rest.count * 96, compact: true)
        w.beginArray()
        var open: Int?
        for i in index.rest {
            // A test with no spec row carries its spec path: start a run for each one.
            let row = index.specRow[i]
            if open != row || row < 0 {
                if open != nil {
                    w.endArray()
                    w.endArray()
                }
                w.beginArray()
                w.int(row)
                w.string(row < 0 ? HTMLText.clean(s.tests[i].spec) : nil)
                w.beginArray()
                open = row
            }
            let t = s.tests[i]
            w.beginArray()
            switch HTMLTestState(t) {
            case .passed: w.int(0)
            case .pending: w.int(1)
            case .skipped: w.int(2)
            default: w.int(3)
            }
            w.int(t.durationMs)
            w.string(HTMLText.clean(t.title.joined(separator: " › ")))
            w.endArray()
        }
        if open != nil {
            w.endArray()
            w.endArray()
        }
        w.endArray()
        return embed(w.finish())
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).first ?? "")
    }

    /// One letter per run, oldest first: `p` passed, `k` flaky, `f` failed, `n` pending, `s`
    /// skipped, `-` absent.
    static func strip(_ outcomes: [HistorySummary.Outcome?]) -> String {
        String(
            outcomes.map { o -> Character in
                switch o {
                case .passed?: "p"
                case .flaky?: "k"
                case .failed?: "f"
                case .pending?: "n"
                case .skipped?: "s"
                case nil: "-"
                }
            })
    }
}

/// Each distinct text once, referred to by index (-1 for none).
struct StringTable {
    private(set) var values: [String] = []
    private var seen: [String: Int] = [:]

    mutating func index(_ text: String?) -> Int {
        guard let text, !text.isEmpty else { return -1 }
        let clean = HTMLText.clean(text)
        if let i = seen[clean] { return i }
        seen[clean] = values.count
        values.append(clean)
        return values.count - 1
    }
}
