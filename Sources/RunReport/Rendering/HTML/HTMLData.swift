/// The large tables of the HTML report as compact JSON for `<script type="application/json">`
/// blocks, which the page's script renders a page at a time: 20,000 spec rows or 8,000 failing and
/// flaky tests as markup would make the file slow to open. JSONWriter escapes `<`, `>` and `&`, so
/// no string can close the script element; text is cleaned of characters HTML forbids first.
///
/// Specs: `{"states": [...], "groups": [...], "machines": [...], "rows": [[group, spec, machine,
/// state, claimToCompleteMs, executionMs, overheadMs, tests, passes, failures, pending, skipped,
/// flaky], ...]}`, indices into the three lists (machine -1 when none), in the summary's order.
///
/// Tests: `{"failed": [[group, spec, title, attempts, durationMs, error, codeFrame, location], ...],
/// "flaky": [[group, spec, title, attempts, durationMs, [[state, durationMs, error], ...]], ...]}`.
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

    package static func tests(_ s: Summary, failed: [Int], flaky: [Int]) -> [UInt8] {
        var w = JSONWriter(capacity: 4096 + (failed.count + flaky.count) * 900, compact: true)
        w.beginObject()
        w.key("failed")
        w.beginArray()
        for i in failed {
            let t = s.tests[i]
            let lastFailed = t.attemptDetails.last { $0.error != nil }?.error
            w.beginArray()
            writeTestHead(&w, t)
            w.string(HTMLText.clean(t.error))
            w.string(HTMLText.clean(lastFailed?.codeFrame))
            w.string(HTMLText.clean(lastFailed?.location))
            w.endArray()
        }
        w.endArray()
        w.key("flaky")
        w.beginArray()
        for i in flaky {
            let t = s.tests[i]
            w.beginArray()
            writeTestHead(&w, t)
            w.beginArray()
            for a in t.attemptDetails {
                w.beginArray()
                w.string(HTMLText.clean(a.state?.description))
                w.int(a.durationMs)
                w.string(HTMLText.clean(a.error?.headline))
                w.endArray()
            }
            w.endArray()
            w.endArray()
        }
        w.endArray()
        w.endObject()
        return w.finish()
    }

    /// `group, spec, title, attempts, durationMs`: how a failed and a flaky test's row both begin.
    private static func writeTestHead(_ w: inout JSONWriter, _ t: TestSummary) {
        w.string(HTMLText.clean(t.groupId))
        w.string(HTMLText.clean(t.spec))
        w.string(HTMLText.clean(t.title.joined(separator: " › ")))
        w.int(t.attempts)
        w.int(t.durationMs)
    }
}
