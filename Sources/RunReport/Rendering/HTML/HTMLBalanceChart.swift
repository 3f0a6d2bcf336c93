/// A group's what-if chart as server-rendered SVG: one bar per machine count with its predicted
/// wall time (LPT simulation, `docs/metrics.md` §10), the ideal lower bound for that count marked as a
/// dashed line across the bar, and the group's actual machine count highlighted. The what-if table
/// beside it lists the same figures. Text from the data goes through `HTMLText.clean` and
/// `MarkupEscaper`.
package enum HTMLBalanceChart {
    static let left = 8.0
    static let slot = 64.0
    static let barWidth = 40.0
    static let top = 22.0
    static let plotHeight = 120.0
    static let bottom = 34.0

    /// The SVG; `id` makes its element ids unique in the page.
    package static func svg(_ b: Balance, id: String, groupName: String) -> String {
        let width = left * 2 + slot * Double(b.whatIf.count)
        let height = top + plotHeight + bottom
        let maxMs = max(b.whatIf.map(\.predictedWallMs).max() ?? 0, 1)
        func y(_ ms: Int64) -> Double { top + plotHeight - plotHeight * Double(ms) / Double(maxMs) }
        let name = esc(HTMLText.clean(groupName))

        var out = #"<svg class="balance-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(n(width)) \#(n(height))" "#
        out += #"width="\#(n(width))" height="\#(n(height))" role="img" aria-labelledby="\#(id)-title \#(id)-desc">"#
        out += #"<title id="\#(id)-title">Predicted wall time of \#(name) by machine count</title>"#
        out += #"<desc id="\#(id)-desc">One bar per machine count, its height the predicted wall time; the dashed "#
        out += "line on each bar is the lower bound for that count (the longest spec or an even share of the execution "
        out += "time); the highlighted bar is the number of machines the run used. The table beside it lists the same figures.</desc>"
        out +=
            #"<line class="bc-base" x1="\#(n(left))" x2="\#(n(width - left))" y1="\#(n(top + plotHeight))" y2="\#(n(top + plotHeight))"/>"#
        for (i, option) in b.whatIf.enumerated() {
            let current = option.machines == b.machines
            let x = left + slot * Double(i) + (slot - barWidth) / 2
            let barTop = y(option.predictedWallMs)
            let bound = b.lowerBound(machines: option.machines)
            let predicted = Format.duration(option.predictedWallMs)
            out += #"<g class="bc-bar\#(current ? " current" : "")"><title>\#(option.machines) machine\#(option.machines == 1 ? "" : "s")"#
            out += "\(current ? " (this run)" : ""): predicted \(predicted), lower bound \(Format.duration(bound))</title>"
            out += #"<rect x="\#(n(x))" y="\#(n(barTop))" width="\#(n(barWidth))" height="\#(n(max(top + plotHeight - barTop, 0.5)))"/>"#
            let by = y(bound)
            out += #"<line class="bc-bound" x1="\#(n(x - 4))" x2="\#(n(x + barWidth + 4))" y1="\#(n(by))" y2="\#(n(by))"/>"#
            out += #"<text class="bc-value" x="\#(n(x + barWidth / 2))" y="\#(n(barTop - 5))" text-anchor="middle">\#(predicted)</text>"#
            out += #"<text class="bc-k" x="\#(n(x + barWidth / 2))" y="\#(n(top + plotHeight + 15))" text-anchor="middle">"#
            out += "\(option.machines)\(current ? " ★" : "")</text>"
            out += "</g>"
        }
        let legend = b.whatIf.contains { $0.machines == b.machines } ? "machines (★ this run)" : "machines"
        out += #"<text class="bc-k" x="\#(n(width / 2))" y="\#(n(height - 3))" text-anchor="middle">\#(legend)</text>"#
        out += "</svg>"
        return out
    }

    @inline(__always)
    private static func n(_ v: Double) -> String { SVGNumber.format(v) }

    private static func esc(_ text: String) -> String { MarkupEscaper.escape(text) }
}
