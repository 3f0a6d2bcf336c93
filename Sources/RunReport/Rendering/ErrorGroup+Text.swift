extension ErrorGroup {
    /// `2 failed, 1 flaky, 1 spec could not run · 3 specs`: what the group holds, as the terminal
    /// and the Markdown summary print it.
    var countsText: String {
        var parts: [String] = []
        if failed > 0 { parts.append("\(Format.count(failed)) failed") }
        if flaky > 0 { parts.append("\(Format.count(flaky)) flaky") }
        if exceptions > 0 { parts.append("\(Format.count(exceptions)) spec\(exceptions == 1 ? "" : "s") could not run") }
        return parts.joined(separator: ", ") + " · \(Format.count(specs)) spec\(specs == 1 ? "" : "s")"
    }

    /// From the history database (`firstSeen`, `runsSeen`): `new in this run`, or
    /// `seen in 4 runs since 2023-09-11`; `nil` without one.
    var seenText: String? {
        guard let runsSeen, let firstSeen else { return nil }
        if runsSeen <= 1 { return "new in this run" }
        return "seen in \(Format.count(runsSeen)) runs since \(firstSeen.iso8601.prefix(10))"
    }
}
