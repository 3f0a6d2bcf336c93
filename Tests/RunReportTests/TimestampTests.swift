import Testing

@testable import RunReport

@Suite struct TimestampTests {
    @Test func readsTheAPIShape() throws {
        let t = try #require(Timestamp.parse("2023-09-15T04:42:59.617Z"))
        #expect(t.millisecondsSinceEpoch == 1_694_752_979_617)
        #expect(t.iso8601 == "2023-09-15T04:42:59.617Z")
    }

    @Test(arguments: [
        ("2024-05-20T10:15:02.123456+02:00", "2024-05-20T08:15:02.123Z"),  // offset, 6 digits truncated
        ("2024-05-20T08:15:02Z", "2024-05-20T08:15:02.000Z"),  // no fraction
        ("2024-05-20T08:15:02.1Z", "2024-05-20T08:15:02.100Z"),
        ("2024-05-20T08:15:02.12Z", "2024-05-20T08:15:02.120Z"),
        ("2024-05-20T01:00:00.000-0230", "2024-05-20T03:30:00.000Z"),
        ("2024-02-29T23:59:59.999+00:00", "2024-02-29T23:59:59.999Z"),  // leap day
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),  // before the epoch
    ])
    func readsAnyOffsetAndFraction(input: String, expected: String) throws {
        #expect(try #require(Timestamp.parse(input)).iso8601 == expected)
    }

    @Test(arguments: [
        "2024-05-20T08:15:26.250",  // no zone
        "yesterday", "", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-05-20T24:00:00Z",
        "2024-05-20T08:15:02.Z", "2024-05-20T08:15:02Zjunk", "2024-05-20T08:60:00Z", "2024-05-20T08:15:02+25:00",
        // Outside 1900–2199 (Hostile/timestamp-extremes): no run's date, and sums stay inside Int64.
        "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "1899-12-31T23:59:59Z", "2200-01-01T00:00:00Z",
    ])
    func rejectsInvalid(input: String) {
        #expect(Timestamp.parse(input) == nil)
    }
}
