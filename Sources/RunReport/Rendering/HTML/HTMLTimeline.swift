/// The report's timeline as server-rendered SVG markup: one lane per machine, lanes grouped by
/// group; one bar per spec from claim to completion (light) with its execution part (solid),
/// coloured by state; the machine's span drawn as a dashed track so idle gaps show; the critical
/// machine labelled and its tail outlined. Built as a string, not through a template: the big run
/// has 20,000 bars. Every text from the data goes through `HTMLText.clean` and `MarkupEscaper`.
///
/// Up to `detailedLimit` specs each bar is its own `<g>` with a `<title>`; above it, bars are merged
/// into one `<path>` per lane and state (titled per lane) so the file stays small and quick to lay out.
package enum HTMLTimeline {
    package static let detailedLimit = 1500

    static let labelWidth = 230.0
    static let plotWidth = 760.0
    static let width = labelWidth + plotWidth + 10
    static let axisHeight = 26.0
    static let groupHeight = 22.0

    private struct Lane {
        var machineId: String?
        var machine: MachineSummary?
        var critical = false
        var tailMs: Int64?
        var specs: [Int] = []
    }

    private struct LaneGroup {
        var groupId: String?
        var name: String
        var lanes: [Lane]
    }

    /// The SVG, or nil when no spec was claimed.
    package static func svg(_ s: Summary) -> String? {
        guard let (t0, tEnd) = bounds(s) else { return nil }
        let groups = laneGroups(s)
        let laneCount = groups.reduce(0) { $0 + $1.lanes.count }
        // 14 px at the least: the 11 px labels never overlap, however many lanes (the overview
        // keeps a big run legible; the lanes fold away under it).
        let laneHeight: Double = laneCount <= 40 ? 18 : 14
        let height = axisHeight + Double(groups.count) * groupHeight + Double(laneCount) * laneHeight + 6
        let scale = plotWidth / Double(tEnd - t0)
        func x(_ t: Int64) -> Double { labelWidth + Double(t - t0) * scale }
        let detailed = s.specs.count <= detailedLimit

        var out = ""
        out.reserveCapacity(4096 + s.specs.count * (detailed ? 420 : 60))
        out += #"<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(n(width)) \#(n(height))" "#
        // data-lh and data-gh: the page's script lays the lanes out again when it shows only those
        // with a failed spec.
        out += #"width="\#(n(width))" height="\#(n(height))" data-lh="\#(n(laneHeight))" data-gh="\#(n(groupHeight))" "#
        out += #"role="img" aria-labelledby="tl-title tl-desc">"#
        out +=
            #"<title id="tl-title">Timeline of \#(s.specs.count) spec\#(s.specs.count == 1 ? "" : "s") on \#(laneCount) machine \#(laneCount == 1 ? "lane" : "lanes")</title>"#
        out += #"<desc id="tl-desc">Each lane is a machine; each bar a spec from claim to completion, the solid part its "#
        out += #"execution. Dashed tracks show a machine's span, so gaps in them are idle time. The specs table below "#
        out += #"lists the same data.</desc>"#
        axis(&out, t0: t0, tEnd: tEnd, height: height, x: x)

        var y = axisHeight
        var laneIndex = 0
        for group in groups {
            out += #"<text class="tl-group" x="4" y="\#(n(y + 15))">\#(esc(group.name))</text>"#
            y += groupHeight
            for lane in group.lanes {
                let mid = y + laneHeight / 2
                let barTop = y + 2
                let barHeight = laneHeight - 4
                let label = lane.machineId.map { truncate(HTMLText.clean($0), 30) } ?? "(no machine)"
                // The page's script turns a click on a lane (or a bar, `bar-<spec row>`) into the
                // specs table filtered to it, and can show only the lanes with a failed spec.
                let failed = lane.specs.contains { s.specs[$0].state == .failed }
                out += #"<g class="lane\#(lane.critical ? " critical" : "")\#(failed ? " has-failed" : "")" id="lane-\#(laneIndex)""#
                out += #" data-group="\#(esc(HTMLText.clean(group.groupId) ?? ""))""#
                if let m = lane.machineId { out += #" data-machine="\#(esc(HTMLText.clean(m)))""# }
                out += ">"
                laneIndex += 1
                if !detailed {
                    out += "<title>\(esc(laneTitle(lane)))</title>"
                }
                out += #"<text class="tl-label" x="\#(n(labelWidth - 6))" y="\#(n(mid + 4))" text-anchor="end">"#
                out += esc(label) + (lane.critical ? " ★" : "") + "</text>"
                if let m = lane.machine {
                    let a = x(m.firstClaimedAt.millisecondsSinceEpoch)
                    let b = x(m.lastCompletedAt.millisecondsSinceEpoch)
                    out += #"<line class="track" x1="\#(n(a))" x2="\#(n(b))" y1="\#(n(mid))" y2="\#(n(mid))"/>"#
                }
                if detailed {
                    for i in lane.specs {
                        bar(&out, s.specs[i], row: i, tEnd: tEnd, top: barTop, height: barHeight, x: x)
                    }
                } else {
                    mergedBars(&out, lane.specs.map { s.specs[$0] }, tEnd: tEnd, top: barTop, height: barHeight, x: x)
                }
                if lane.critical, let m = lane.machine, let tail = lane.tailMs, tail > 0 {
                    let end = m.lastCompletedAt.millisecondsSinceEpoch
                    let a = x(end - tail)
                    out += #"<rect class="tail" x="\#(n(a))" y="\#(n(y + 0.5))" width="\#(n(max(x(end) - a, 1)))" "#
                    out += #"height="\#(n(laneHeight - 1))"><title>Tail: the run waited \#(Format.duration(tail)) "#
                    out += "for this machine alone</title></rect>"
                }
                out += "</g>"
                y += laneHeight
            }
        }
        out += "</svg>"
        return out
    }

    /// Whether the spec at `row` has a bar of its own (`bar-<row>`): the timeline draws bars one by
    /// one up to `detailedLimit` specs, and a spec needs a claim (and no negative duration).
    static func hasBar(_ s: Summary, row: Int) -> Bool {
        s.specs.count <= detailedLimit && row < s.specs.count && s.specs[row].claimedAt != nil && !s.specs[row].hasNegativeDuration
    }

    /// The time axis: first claim to last completion (at least a second), or nil when nothing was claimed.
    static func bounds(_ s: Summary) -> (Int64, Int64)? {
        var t0 = Int64.max
        var tEnd = Int64.min
        for spec in s.specs {
            guard let c = spec.claimedAt?.millisecondsSinceEpoch, !spec.hasNegativeDuration else { continue }
            t0 = min(t0, c)
            tEnd = max(tEnd, spec.completedAt?.millisecondsSinceEpoch ?? c)
        }
        guard t0 != Int64.max else { return nil }
        return (t0, tEnd <= t0 ? t0 + 1000 : tEnd)
    }

    private static func laneGroups(_ s: Summary) -> [LaneGroup] {
        var order: [String?] = s.groups.map(\.groupId)
        // Each group's first listing, looked up by id: a scan of the groups per group was quadratic
        // in a run with a group per spec.
        let summaries = Dictionary(s.groups.map { ($0.groupId, $0) }, uniquingKeysWith: { first, _ in first })
        var listed = Set(order)
        var byGroup: [String?: [Int]] = [:]
        for (i, spec) in s.specs.enumerated() where spec.claimedAt != nil {
            if byGroup[spec.groupId] == nil, listed.insert(spec.groupId).inserted { order.append(spec.groupId) }
            byGroup[spec.groupId, default: []].append(i)
        }
        var result: [LaneGroup] = []
        for groupId in order {
            guard let specIndices = byGroup[groupId], !specIndices.isEmpty else { continue }
            let summary = groupId.flatMap { summaries[$0] }
            var lanes: [Lane] = []
            var laneOf: [String: Int] = [:]
            for m in summary?.machines ?? [] {
                laneOf[m.machineId] = lanes.count
                let critical = m.machineId == summary?.criticalMachineId
                lanes.append(Lane(machineId: m.machineId, machine: m, critical: critical, tailMs: critical ? summary?.tailMs : nil))
            }
            var noMachine = Lane(machineId: nil)
            for i in specIndices {
                guard let machineId = s.specs[i].machineId else {
                    noMachine.specs.append(i)
                    continue
                }
                if let lane = laneOf[machineId] {
                    lanes[lane].specs.append(i)
                } else {
                    laneOf[machineId] = lanes.count
                    lanes.append(Lane(machineId: machineId, specs: [i]))
                }
            }
            if !noMachine.specs.isEmpty { lanes.append(noMachine) }
            var name = groupId.map { truncate(HTMLText.clean($0), 60) } ?? "(no group)"
            if let platform = summary?.platform.shortLabel { name += " — " + truncate(HTMLText.clean(platform), 60) }
            result.append(LaneGroup(groupId: groupId, name: name, lanes: lanes))
        }
        return result
    }

    /// The bar's span: claim → completion (or the axis end for a spec that never completed), and
    /// the execution part within it. Nil for a spec with no claim or completion before its claim.
    private static func span(_ spec: SpecSummary, tEnd: Int64) -> (start: Int64, end: Int64, exec: (Int64, Int64)?)? {
        guard let start = spec.claimedAt?.millisecondsSinceEpoch, !spec.hasNegativeDuration else { return nil }
        let done = spec.completedAt?.millisecondsSinceEpoch
        let end = done ?? tEnd
        guard let ms = spec.executionMs, let done else { return (start, end, nil) }
        var a = spec.executionStartedAt?.millisecondsSinceEpoch ?? (done - ms)
        a = min(max(a, start), end)
        let b = min(a + ms, end)
        return (start, end, (a, b))
    }

    private static func bar(
        _ out: inout String, _ spec: SpecSummary, row: Int, tEnd: Int64, top: Double, height: Double, x: (Int64) -> Double
    ) {
        guard let (start, end, exec) = span(spec, tEnd: tEnd) else { return }
        let state = spec.state.rawValue
        out += #"<g class="s-\#(state)" id="bar-\#(row)"><title>"#
        out += esc(truncate(HTMLText.clean(spec.spec), 200))
        out += " — \(state), claim→complete \(spec.completedAt == nil ? "not completed" : Format.duration(spec.claimToCompleteMs))"
        out += ", execution \(Format.duration(spec.executionMs))"
        if let m = spec.machineId { out += ", machine " + esc(truncate(HTMLText.clean(m), 60)) }
        out += "</title>"
        let a = x(start)
        out += #"<rect class="q\#(spec.completedAt == nil ? " open" : "")" x="\#(n(a))" y="\#(n(top))" "#
        out += #"width="\#(n(max(x(end) - a, 0.6)))" height="\#(n(height))"/>"#
        if let (ea, eb) = exec {
            let xa = x(ea)
            out += #"<rect class="x" x="\#(n(xa))" y="\#(n(top))" width="\#(n(max(x(eb) - xa, 0.6)))" height="\#(n(height))"/>"#
        }
        out += "</g>"
    }

    /// One `<path>` per state for the claim→complete spans and one for the execution parts.
    private static func mergedBars(
        _ out: inout String, _ specs: [SpecSummary], tEnd: Int64, top: Double, height: Double, x: (Int64) -> Double
    ) {
        var spans: [SpecState: String] = [:]
        var execs: [SpecState: String] = [:]
        let h = n(height)
        for spec in specs {
            guard let (start, end, exec) = span(spec, tEnd: tEnd) else { continue }
            let a = x(start)
            spans[spec.state, default: ""] += "M\(n(a)) \(n(top))h\(n(max(x(end) - a, 0.6)))v\(h)H\(n(a))z"
            if let (ea, eb) = exec {
                let xa = x(ea)
                execs[spec.state, default: ""] += "M\(n(xa)) \(n(top))h\(n(max(x(eb) - xa, 0.6)))v\(h)H\(n(xa))z"
            }
        }
        for state in SpecState.allCases {
            if let d = spans[state] { out += #"<path class="q s-\#(state.rawValue)" d="\#(d)"/>"# }
            if let d = execs[state] { out += #"<path class="x s-\#(state.rawValue)" d="\#(d)"/>"# }
        }
    }

    private static func laneTitle(_ lane: Lane) -> String {
        let name = lane.machineId.map { truncate(HTMLText.clean($0), 60) } ?? "(no machine)"
        var text = "\(name): \(lane.specs.count) specs"
        if let m = lane.machine {
            text += ", busy \(Format.duration(m.busyMs)), idle \(Format.duration(m.idleMs)), utilization \(Format.percent(m.utilization))"
        }
        if lane.critical { text += ", critical machine" + (lane.tailMs.map { ", tail \(Format.duration($0))" } ?? "") }
        return text
    }

    static func axis(_ out: inout String, t0: Int64, tEnd: Int64, height: Double, x: (Int64) -> Double) {
        let span = tEnd - t0
        let steps: [Int64] = [
            100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
            3_600_000, 7_200_000, 14_400_000, 28_800_000, 86_400_000,
        ]
        let step = steps.first { span / $0 <= 8 } ?? (span / 8 + 1)
        out += #"<g class="axis" aria-hidden="true">"#
        var t: Int64 = 0
        while t <= span {
            let px = x(t0 + t)
            out += #"<line x1="\#(n(px))" x2="\#(n(px))" y1="\#(n(axisHeight - 6))" y2="\#(n(height))"/>"#
            out += #"<text x="\#(n(px))" y="\#(n(axisHeight - 10))" text-anchor="middle">+\#(Format.duration(t))</text>"#
            t += step
        }
        out += "</g>"
    }

    @inline(__always)
    static func n(_ v: Double) -> String { SVGNumber.format(v) }

    static func esc(_ text: String) -> String { MarkupEscaper.escape(text) }

    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
