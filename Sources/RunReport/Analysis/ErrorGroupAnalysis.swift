/// `docs/metrics.md` §12: error headlines, keys, fingerprints and groups.
enum ErrorGroupAnalysis {
    static let noMessage = "(no error message)"

    /// The groups in §12 order; each failed or flaky test gets its group's fingerprint.
    static func groups(tests: inout [TestSummary], specs: [SpecSummary]) -> [ErrorGroup] {
        struct Members {
            var group: ErrorGroup
            var specs: Set<String> = []
            var groupIds: Set<String?> = []
        }
        var members: [Members] = []
        var indexOfKey: [String: Int] = [:]
        func add(headline: String, spec: String, groupId: String?, _ count: (inout ErrorGroup) -> Void) -> String {
            let key = Self.key(headline)
            let index: Int
            if let known = indexOfKey[key] {
                index = known
            } else {
                index = members.count
                indexOfKey[key] = index
                members.append(
                    Members(
                        group: ErrorGroup(
                            fingerprint: FNV1a.hex(key), key: key, example: headline, failed: 0, flaky: 0, exceptions: 0, specs: 0,
                            groups: 0)))
            }
            count(&members[index].group)
            members[index].specs.insert(spec)
            members[index].groupIds.insert(groupId)
            return members[index].group.fingerprint
        }
        for i in tests.indices {
            let failed = tests[i].state == .failed
            guard failed || tests[i].flaky else { continue }
            tests[i].fingerprint = add(headline: headline(tests[i].error), spec: tests[i].spec, groupId: tests[i].groupId) { g in
                if failed { g.failed += 1 } else { g.flaky += 1 }
            }
        }
        for spec in specs {
            guard let exception = spec.exception else { continue }
            _ = add(headline: headline(exception), spec: spec.spec, groupId: spec.groupId) { $0.exceptions += 1 }
        }
        var groups = members.map { m in
            var group = m.group
            group.specs = m.specs.count
            group.groups = m.groupIds.count
            return group
        }
        groups.sort { a, b in
            let weightA = a.failed + a.exceptions, weightB = b.failed + b.exceptions
            if weightA != weightB { return weightA > weightB }
            if a.tests != b.tests { return a.tests > b.tests }
            return a.key.codePointPrecedes(b.key)
        }
        return groups
    }

    /// The first line (lines end at LF) that is not blank, trimmed; `(no error message)` when none is.
    static func headline(_ error: String?) -> String {
        guard let error else { return noMessage }
        for line in error.utf8.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let trimmed = line.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
            if !trimmed.isEmpty { return String(decoding: Array(trimmed), as: UTF8.self) }
        }
        return noMessage
    }

    /// The headline with, in order: URLs cut before their query or fragment; UUIDs → `<uuid>`; runs
    /// of 8 or more hex digits holding a decimal digit → `<hex>`; runs of decimal digits → `<n>`;
    /// runs of whitespace → one space. ASCII classes only: other bytes pass through unchanged.
    static func key(_ headline: String) -> String {
        var bytes = Array(headline.utf8)
        bytes = cutURLQueries(bytes)
        bytes = replaceUUIDs(bytes)
        bytes = mapRuns(bytes, of: isHex) { run in run.count >= 8 && run.contains(where: isDigit) ? Array("<hex>".utf8) : nil }
        bytes = mapRuns(bytes, of: isDigit) { _ in Array("<n>".utf8) }
        bytes = mapRuns(bytes, of: isSpace) { _ in [0x20] }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: The steps of the key

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66) }
    private static func isAlpha(_ b: UInt8) -> Bool { b | 0x20 >= 0x61 && b | 0x20 <= 0x7A }
    /// `\s`: space, tab, LF, VT, FF, CR.
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// `scheme://…` up to the next whitespace, cut before its first `?` or `#`. A scheme is
    /// `[A-Za-z][A-Za-z0-9+.-]*`; scanning from the left finds each URL where a regular expression
    /// would, and a word that is not followed by `://` is passed over whole (linear time).
    private static func cutURLQueries(_ bytes: [UInt8]) -> [UInt8] {
        func schemeByte(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) || b == 0x2B || b == 0x2E || b == 0x2D }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard isAlpha(bytes[i]) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            var j = i + 1
            while j < bytes.count, schemeByte(bytes[j]) { j += 1 }
            guard j + 2 < bytes.count, bytes[j] == 0x3A, bytes[j + 1] == 0x2F, bytes[j + 2] == 0x2F else {
                out += bytes[i..<j]
                i = j
                continue
            }
            // Copy the scheme, `://` and the rest up to the first `?`/`#`; skip to the URL's end.
            j += 3
            out += bytes[i..<j]
            while j < bytes.count, !isSpace(bytes[j]), bytes[j] != 0x3F, bytes[j] != 0x23 {
                out.append(bytes[j])
                j += 1
            }
            while j < bytes.count, !isSpace(bytes[j]) { j += 1 }
            i = j
        }
        return out
    }

    /// `8-4-4-4-12` hex digits → `<uuid>`.
    private static func replaceUUIDs(_ bytes: [UInt8]) -> [UInt8] {
        let shape = [8, 4, 4, 4, 12]
        func uuidEnd(at start: Int) -> Int? {
            var i = start
            for (n, length) in shape.enumerated() {
                if n > 0 {
                    guard i < bytes.count, bytes[i] == 0x2D else { return nil }
                    i += 1
                }
                for _ in 0..<length {
                    guard i < bytes.count, isHex(bytes[i]) else { return nil }
                    i += 1
                }
            }
            return i
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if isHex(bytes[i]), let end = uuidEnd(at: i) {
                out += Array("<uuid>".utf8)
                i = end
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// Each maximal run of bytes of a class, replaced by what `transform` makes of it (`nil`: kept).
    private static func mapRuns(
        _ bytes: [UInt8], of member: (UInt8) -> Bool, _ transform: (ArraySlice<UInt8>) -> [UInt8]?
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard member(bytes[i]) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            var j = i
            while j < bytes.count, member(bytes[j]) { j += 1 }
            out += transform(bytes[i..<j]) ?? Array(bytes[i..<j])
            i = j
        }
        return out
    }
}
