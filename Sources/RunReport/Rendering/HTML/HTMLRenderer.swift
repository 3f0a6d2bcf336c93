import Dispatch

/// Renders `index.html`: one self-contained page (inline CSS, JS and SVG; a Content-Security-Policy
/// that forbids every external source) through `html/report.html`. The headline, group tables,
/// timeline and slowest tests are markup readable without JavaScript; the specs table and the
/// failed and flaky tests come as embedded JSON that the page's script renders a page at a time.
package enum HTMLRenderer {
    package static let template = "html/report.html"

    package static func render(_ summary: Summary, templates: TemplateSet) throws -> [UInt8] {
        Array(try templates.render(context(summary), template: template).utf8)
    }

    /// What `html/report.html` receives (`Templates/html/VARIABLES.md`).
    package static func context(_ summary: Summary) -> HTMLViewModel {
        let index = HTMLTestIndex(summary)
        // The big parts are independent: build them side by side.
        let parts = ConcurrentResults<String>(count: 3)
        let blocks = ConcurrentResults<HTMLData.Embedded>(count: 2)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            switch i {
            case 0: parts[0] = HTMLTimeline.svg(summary) ?? ""
            case 1: parts[1] = String(decoding: HTMLData.specs(summary), as: UTF8.self)
            case 2:
                let tests = HTMLData.tests(summary, index: index)
                parts[2] = String(decoding: tests.json, as: UTF8.self)
                blocks[0] = tests.details
            default: blocks[1] = HTMLData.otherTests(summary, index: index)
            }
        }
        let svg = parts[0] ?? ""
        let empty = HTMLData.Embedded(text: "[]", compressed: false)
        return HTMLViewModel(
            summary, timelineSVG: svg.isEmpty ? nil : svg, overviewSVG: svg.isEmpty ? nil : HTMLTimeline.overview(summary),
            laneCount: HTMLTimeline.laneCount(summary), specsJSON: parts[1] ?? "{}", testsJSON: parts[2] ?? "{}", index: index,
            triage: HTMLTriage(summary, index: index), testDetails: blocks[0] ?? empty, otherTests: blocks[1] ?? empty)
    }
}
