import Testing

@testable import RunReport

/// `metrics.md` §12: error headlines, keys, fingerprints and groups.
@Suite struct ErrorGroupTests {
    @Test(arguments: [
        (
            "AssertionError: Timed out retrying after 4000ms: expected false to be true",
            "AssertionError: Timed out retrying after <n>ms: expected false to be true"
        ),
        // URLs lose their query and fragment; their digits still become <n>.
        (
            "Error: GET https://api.example.test/v1/users/42?token=s3cret#frag failed with 500",
            "Error: GET https://api.example.test/v<n>/users/<n> failed with <n>"
        ),
        ("see http://x.test/a?b c?d", "see http://x.test/a c?d"),
        ("id 123e4567-e89b-12d3-a456-426614174000 missing", "id <uuid> missing"),
        // A hex run needs 8 digits and a decimal among them; `cafebabe` is a word.
        ("commit deadbeef1 and cafebabe, not abc123", "commit <hex> and cafebabe, not abc<n>"),
        ("0x1234abcd", "<n>x<hex>"),
        ("a \t  b\u{0B}c", "a b c"),
        // Quoted text and selectors stay: they tell one failure from another.
        ("expected '<div#order-7.toast>' to contain 'Order placed'", "expected '<div#order-<n>.toast>' to contain 'Order placed'"),
        // Not ASCII digits or spaces: kept.
        ("ø ٣ \u{A0}x", "ø ٣ \u{A0}x"),
    ])
    func keysSetVariablePartsAside(headline: String, key: String) {
        #expect(ErrorGroupAnalysis.key(headline) == key)
    }

    @Test func aLongWordWithoutAURLIsReadInLinearTime() {
        let word = String(repeating: "a", count: 2_000_000)
        #expect(ErrorGroupAnalysis.key(word) == word)
    }

    @Test func headlinesAreTheFirstLineThatIsNotBlank() {
        #expect(ErrorGroupAnalysis.headline("\n  \r\n\t Error: boom  \n    at stack (x.js:1:2)") == "Error: boom")
        #expect(ErrorGroupAnalysis.headline("   \n\n") == "(no error message)")
        #expect(ErrorGroupAnalysis.headline(nil) == "(no error message)")
    }

    @Test func fingerprintsAreFNV1aOfTheKey() {
        // The published FNV-1a 64 test vectors.
        #expect(FNV1a.hex("") == "cbf29ce484222325")
        #expect(FNV1a.hex("a") == "af63dc4c8601ec8c")
        #expect(FNV1a.hex("foobar") == "85944171f73967e8")
    }

    /// Checked against the instance files by an independent Python implementation of §12 (the
    /// closing note of the change that added error groups gives it): 2 failed and 1 flaky test
    /// share the timeout, 1 failed test throws its own error.
    @Test func theRealRunGroupsItsFailures() throws {
        let s = try Fixtures.summary("real-flaky-c7068a4d")
        #expect(s.errors.map(\.key) == ["AssertionError: Timed out retrying after <n>ms: expected false to be true", "Error: test error"])
        #expect(s.errors.map(\.fingerprint) == ["88fc4c1f7d69ca2d", "2e3e0e7d40aafb61"])
        #expect(s.errors.map(\.failed) == [2, 1])
        #expect(s.errors.map(\.flaky) == [1, 0])
        #expect(s.errors.map(\.specs) == [2, 1])
        // Each failed or flaky test carries its group's fingerprint; the others none.
        for test in s.tests {
            let counted = test.state == .failed || test.flaky
            #expect((test.fingerprint != nil) == counted)
            if let f = test.fingerprint { #expect(s.errors.contains { $0.fingerprint == f }) }
        }
    }

    @Test func groupsAreOrderedByFailuresThenTestsThenKey() throws {
        let instance = #"""
            {"instanceId":"i1","spec":"a.cy.js","results":{"stats":{"tests":5,"passes":2,"failures":3},"tests":[
              {"title":["t1"],"state":"failed","displayError":"Error: b 1"},
              {"title":["t2"],"state":"passed","attempts":[{"state":"failed","error":{"name":"Error","message":"flaky 1"}},{"state":"passed"}]},
              {"title":["t3"],"state":"passed","attempts":[{"state":"failed","error":{"name":"Error","message":"flaky 2"}},{"state":"passed"}]},
              {"title":["t4"],"state":"failed","displayError":"Error: a 2"},
              {"title":["t5"],"state":"failed"}
            ]}}
            """#
        let run = #"""
            {"runId":"r","groups":[{"groupId":"g","instances":{"overall":2}}],"specs":[
              {"groupId":"g","spec":"a.cy.js","instanceId":"i1","claimedAt":"2024-01-01T00:00:00Z","completedAt":"2024-01-01T00:01:00Z"},
              {"groupId":"g","spec":"b.cy.js","instanceId":"i2","claimedAt":"2024-01-01T00:00:00Z","completedAt":"2024-01-01T00:01:00Z",
               "results":{"exception":"Error: a 3\nat bundle"}}
            ]}
            """#
        let s = try Fixtures.summary(runJSON: run, instances: ["i1": instance])
        #expect(s.errors.map(\.key) == ["Error: a <n>", "(no error message)", "Error: b <n>", "Error: flaky <n>"])
        let a = try #require(s.errors.first)
        #expect((a.failed, a.exceptions, a.tests, a.specs, a.groups, a.example) == (1, 1, 1, 2, 1, "Error: a 2"))
        let flaky = try #require(s.errors.last)
        #expect((flaky.failed, flaky.flaky, flaky.tests, flaky.example) == (0, 2, 2, "Error: flaky 1"))
    }

    /// Errors that differ only in numbers, ids and URLs make one group; errors that differ in a
    /// selector make separate groups.
    @Test func numbersIdsAndURLsMergeSelectorsDoNot() throws {
        let errors = [
            "CypressError: Timed out retrying after 4000ms: cy.request() failed on https://api.test/orders/1017?token=a1",
            "CypressError: Timed out retrying after 10000ms: cy.request() failed on https://api.test/orders/2231?token=zz#x",
            "CypressError: Timed out retrying after 4000ms: cy.request() failed on https://api.test/orders/77",
            "AssertionError: expected order 5f0c3e2a-9b1d-4c6e-8f7a-0123456789ab to be shipped (trace 9f8e7d6c5b4a)",
            "AssertionError: expected order 0d1e2f3a-4b5c-4d6e-9f70-abcdefabcdef to be shipped (trace 00ff00ff11)",
            "AssertionError: Expected to find element: `[data-cy=checkout]`, but never found it.",
            "AssertionError: Expected to find element: `[data-cy=refund]`, but never found it.",
        ]
        // The texts hold no quote or backslash: they go into JSON as they are.
        let tests = errors.enumerated().map { i, e in #"{"title":["t\#(i)"],"state":"failed","displayError":"\#(e)"}"# }
        let instance =
            #"{"instanceId":"i1","spec":"a.cy.js","results":{"stats":{"tests":7,"failures":7},"tests":["#
            + tests.joined(separator: ",") + "]}}"
        let run = #"""
            {"runId":"r","groups":[{"groupId":"g","instances":{"overall":1}}],"specs":[
              {"groupId":"g","spec":"a.cy.js","instanceId":"i1","claimedAt":"2024-01-01T00:00:00Z","completedAt":"2024-01-01T00:01:00Z"}]}
            """#
        let s = try Fixtures.summary(runJSON: run, instances: ["i1": instance])
        #expect(
            s.errors.map(\.key) == [
                "CypressError: Timed out retrying after <n>ms: cy.request() failed on https://api.test/orders/<n>",
                "AssertionError: expected order <uuid> to be shipped (trace <hex>)",
                "AssertionError: Expected to find element: `[data-cy=checkout]`, but never found it.",
                "AssertionError: Expected to find element: `[data-cy=refund]`, but never found it.",
            ])
        #expect(s.errors.map(\.failed) == [3, 2, 1, 1])
        #expect(s.errors[0].example == errors[0])
    }
}
