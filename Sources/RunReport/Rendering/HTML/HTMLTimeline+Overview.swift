/// The timeline's overview for runs with more machine lanes than a screen can label
/// (`overviewAbove`): per group, how many machines were busy over time (an area) and how many
/// specs failed in each slice of time (bars below it), with the critical machine's tail shaded.
/// Numbers only, apart from the group names and the critical machine's id, which are escaped.
extension HTMLTimeline {
    /// Above this many lanes the overview comes first and the lanes fold away.
    package static let overviewAbove = 40
    static let buckets = 190
    static let overviewHeight = 64.0
    static let failureHeight = 22.0

    package static func laneCount(_ s: Summary) -> Int {
        var machines: Set<String> = []
        var noMachine: Set<String> = []
        for spec in s.specs where spec.claimedAt != nil {
            if let m = spec.machineId { machines.insert("\(spec.groupId ?? "")\u{0}\(m)") } else { noMachine.insert(spec.groupId ?? "") }
        }
        return machines.count + noMachine.count
    }

    /// The overview SVG, or nil when the lanes are few enough to read (or nothing was claimed).
    package static func overview(_ s: Summary) -> String? {
        guard laneCount(s) > overviewAbove else { return nil }
        guard let (t0, tEnd) = bounds(s) else { return nil }
        let span = Double(tEnd - t0)
        let bucketMs = span / Double(buckets)
        func x(_ t: Int64) -> Double { labelWidth + Double(t - t0) / span * plotWidth }

        // Groups in listing order, then any others the specs name.
        var order: [String?] = s.groups.map(\.groupId)
        var known = Set(order)
        for spec in s.specs where known.insert(spec.groupId).inserted { order.append(spec.groupId) }
        let summaries = Dictionary(s.groups.map { ($0.groupId, $0) }, uniquingKeysWith: { a, _ in a })
        // A machine is busy while it holds a spec (claim → completion); a machine that claims
        // several at once counts once, so each machine's spans are merged before they are summed.
        var spans: [String?: [String: [(Int64, Int64)]]] = [:]
        var failed: [String?: [Int]] = [:]
        for (i, spec) in s.specs.enumerated() {
            guard let c = spec.claimedAt?.millisecondsSinceEpoch, !spec.hasNegativeDuration else { continue }
            let end = max(spec.completedAt?.millisecondsSinceEpoch ?? tEnd, c)
            spans[spec.groupId, default: [:]][spec.machineId ?? "\u{0}\(i)", default: []].append((c, end))
            if spec.state == .failed || spec.state == .timedOut {
                var f = failed[spec.groupId] ?? Array(repeating: 0, count: buckets)
                f[min(buckets - 1, max(0, Int(Double(end - t0) / bucketMs)))] += 1
                failed[spec.groupId] = f
            }
        }
        var busy: [String?: [Double]] = [:]
        for (group, machines) in spans {
            var b = Array(repeating: 0.0, count: buckets)
            for (_, list) in machines {
                var merged: [(Int64, Int64)] = []
                for span in list.sorted(by: { $0.0 < $1.0 }) {
                    if let last = merged.last, span.0 <= last.1 {
                        merged[merged.count - 1].1 = max(last.1, span.1)
                    } else {
                        merged.append(span)
                    }
                }
                for (c, end) in merged {
                    let first = min(buckets - 1, Int(Double(c - t0) / bucketMs))
                    let last = min(buckets - 1, Int(Double(max(end - 1, c) - t0) / bucketMs))
                    for k in first...last {
                        let lo = max(Double(c - t0), Double(k) * bucketMs)
                        let hi = min(Double(end - t0), Double(k + 1) * bucketMs)
                        if hi > lo { b[k] += (hi - lo) / bucketMs }
                    }
                }
            }
            busy[group] = b
        }
        let groups = order.filter { busy[$0] != nil }
        let rowHeight = groupHeight + overviewHeight + failureHeight + 10
        let height = axisHeight + Double(groups.count) * rowHeight + 4
        var out = #"<svg class="timeline overview" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(n(width)) \#(n(height))" "#
        out += #"width="\#(n(width))" height="\#(n(height))" role="img" aria-labelledby="tlo-title tlo-desc">"#
        out += #"<title id="tlo-title">Machines busy and specs failing over time, per group</title>"#
        out += #"<desc id="tlo-desc">For each group, the area is how many machines were busy at each moment; the bars "#
        out += #"below count the specs that failed then; the shaded band is the tail, when the critical machine ran alone.</desc>"#
        axis(&out, t0: t0, tEnd: tEnd, height: height, x: x)
        var y = axisHeight
        for groupId in groups {
            let b = busy[groupId] ?? []
            let f = failed[groupId] ?? Array(repeating: 0, count: buckets)
            let g = groupId.flatMap { summaries[$0] }
            let peak = b.max() ?? 0
            let top = max(peak.rounded(), 1)
            let failures = f.reduce(0, +)
            let name = groupId.map { HTMLText.clean($0) } ?? "(no group)"
            let machines = g?.machines.count ?? 0
            out += #"<text class="tl-group" x="4" y="\#(n(y + 15))">\#(esc(truncate(name, 60)))"#
            out += " — \(Format.count(machines)) machines, at most \(Format.count(Int(peak.rounded()))) busy at once, "
            out += "\(Format.count(failures)) failed spec\(failures == 1 ? "" : "s")</text>"
            y += groupHeight
            let base = y + overviewHeight
            // The tail: from the last other machine's end to the critical machine's.
            if let critical = g?.criticalMachineId, let tail = g?.tailMs, tail > 0,
                let m = g?.machines.first(where: { $0.machineId == critical })
            {
                let end = m.lastCompletedAt.millisecondsSinceEpoch
                let a = x(end - tail)
                out +=
                    #"<rect class="tlo-tail" x="\#(n(a))" y="\#(n(y))" width="\#(n(max(x(end) - a, 1)))" height="\#(n(overviewHeight + failureHeight))">"#
                out +=
                    "<title>Tail: \(Format.duration(tail)) with only the critical machine \(esc(truncate(HTMLText.clean(critical), 60))) busy</title></rect>"
                out +=
                    #"<text class="tl-label" x="\#(n(labelWidth + plotWidth))" y="\#(n(y - 3))" text-anchor="end">tail \#(Format.duration(tail)) ★ \#(esc(truncate(HTMLText.clean(critical), 24)))</text>"#
            }
            out +=
                #"<text class="tl-label" x="\#(n(labelWidth - 6))" y="\#(n(y + 10))" text-anchor="end">\#(Format.count(Int(top))) busy</text>"#
            out += #"<text class="tl-label" x="\#(n(labelWidth - 6))" y="\#(n(base))" text-anchor="end">0</text>"#
            out += #"<text class="tl-label" x="\#(n(labelWidth - 6))" y="\#(n(base + failureHeight - 4))" text-anchor="end">failed</text>"#
            out += #"<line class="bc-base" x1="\#(n(labelWidth))" x2="\#(n(labelWidth + plotWidth))" y1="\#(n(base))" y2="\#(n(base))"/>"#
            var d = "M\(n(labelWidth)) \(n(base))"
            for (k, v) in b.enumerated() {
                let xa = labelWidth + Double(k) / Double(buckets) * plotWidth
                let xb = labelWidth + Double(k + 1) / Double(buckets) * plotWidth
                let h = base - min(v / top, 1) * (overviewHeight - 4)
                d += "L\(n(xa)) \(n(h))L\(n(xb)) \(n(h))"
            }
            d += "L\(n(labelWidth + plotWidth)) \(n(base))z"
            out += #"<path class="tlo-busy" d="\#(d)"/>"#
            let fTop = Double(max(f.max() ?? 0, 1))
            var bars = ""
            for (k, v) in f.enumerated() where v > 0 {
                let xa = labelWidth + Double(k) / Double(buckets) * plotWidth
                let h = Double(v) / fTop * (failureHeight - 4)
                bars += "M\(n(xa)) \(n(base + 2))h\(n(max(plotWidth / Double(buckets) - 0.5, 0.6)))v\(n(h))H\(n(xa))z"
            }
            if !bars.isEmpty { out += #"<path class="tlo-failed" d="\#(bars)"/>"# }
            y = base + failureHeight + 10
        }
        return out + "</svg>"
    }
}
