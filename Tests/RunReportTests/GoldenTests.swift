import Testing

@testable import RunReport

/// `summary.json` for every fixture equals its reviewed golden file (`Golden/<fixture>.summary.json`).
@Suite struct GoldenTests {
    @Test(arguments: Fixtures.all)
    func summaryJSON(fixture: String) throws {
        let summary = try Fixtures.summary(fixture)
        try Golden.assertMatches(SummaryJSONRenderer.render(summary), file: "\(fixture).summary.json")
    }

    @Test(arguments: Fixtures.all)
    func outputIsDeterministic(fixture: String) throws {
        let first = SummaryJSONRenderer.render(try Fixtures.summary(fixture))
        let second = SummaryJSONRenderer.render(try Fixtures.summary(fixture))
        #expect(first == second)
    }
}
