import Dispatch

/// Renders `index.html`: one self-contained page (inline CSS, JS and SVG; a Content-Security-Policy
/// that forbids every external source) through `html/report.html`. The headline, group tables,
/// timeline and slowest tests are markup readable without JavaScript; the specs table and the
/// failed and flaky tests come as embedded JSON that the page's script renders a page at a time.
package enum HTMLRenderer {
    package static let template = "html/report.html"

    package static func render(_ summary: Summary, templates: TemplateSet) throws -> [UInt8] {
        let (failed, flaky) = failedAndFlaky(summary)
        // The three big parts are independent: build them side by side.
        let parts = ConcurrentResults<String>(count: 3)
        DispatchQueue.concurrentPerform(iterations: 3) { i in
            switch i {
            case 0: parts[0] = HTMLTimeline.svg(summary) ?? ""
            case 1: parts[1] = String(decoding: HTMLData.specs(summary), as: UTF8.self)
            default: parts[2] = String(decoding: HTMLData.tests(summary, failed: failed, flaky: flaky), as: UTF8.self)
            }
        }
        let svg = parts[0] ?? ""
        let context = HTMLViewModel.context(
            summary, timelineSVG: svg.isEmpty ? nil : svg, specsJSON: parts[1] ?? "{}", testsJSON: parts[2] ?? "{}",
            failed: failed.count, flaky: flaky.count)
        return Array(try templates.render(context, template: template).utf8)
    }

    /// Indices of the failed tests and of the flaky ones, in summary order.
    static func failedAndFlaky(_ summary: Summary) -> (failed: [Int], flaky: [Int]) {
        var failed: [Int] = []
        var flaky: [Int] = []
        for (i, t) in summary.tests.enumerated() {
            if t.flaky {
                flaky.append(i)
            } else if t.state == .failed {
                failed.append(i)
            }
        }
        return (failed, flaky)
    }
}
