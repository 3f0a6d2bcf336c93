import Testing

@testable import RunReport

@Suite struct FormatTests {
    @Test(arguments: [
        (Int64(850), "850 ms"), (12_345, "12.3 s"), (41_886, "41.9 s"), (245_000, "4 m 05 s"),
        (3_720_000, "1 h 02 m"), (59_960, "1 m 00 s"), (0, "0 ms"), (-1_500, "-1.5 s"),
    ])
    func durations(ms: Int64, text: String) {
        #expect(Format.duration(ms) == text)
    }

    @Test func percentages() {
        #expect(Format.percent(0.125) == "12.5 %")
        #expect(Format.percent(4.0 / 7.0) == "57.1 %")
        #expect(Format.percent(nil) == "—")
    }

    @Test func stripsEveryKindOfANSISequence() {
        #expect(TextSanitizer.stripANSI("\u{1B}[31mred\u{1B}[39m plain") == "red plain")
        #expect(TextSanitizer.stripANSI("a\u{1B}]8;;https://x\u{07}link\u{1B}]8;;\u{07}b") == "alinkb")
        #expect(TextSanitizer.stripANSI("a\u{1B}]0;title\u{1B}\\b") == "ab")
        #expect(TextSanitizer.stripANSI("a\u{1B}cb") == "ab")
        #expect(TextSanitizer.stripANSI("no escapes") == "no escapes")
    }

    @Test func terminalOutputCannotCarryControls() {
        // ESC [ 2 J and the 8-bit CSI (with its final byte) vanish; a NUL becomes a space.
        #expect(Format.terminalSafe("a\u{1B}[2Jb\u{0}c\u{9B}d") == "ab c")
        #expect(!Format.terminalSafe("x\u{1B}]0;pwned\u{07}").contains("\u{1B}"))
    }
}
