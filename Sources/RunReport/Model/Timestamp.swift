/// A point in time as integer milliseconds since the Unix epoch (UTC).
///
/// Every timestamp of a run is read by ``Timestamp/parse(_:)`` — a hand-written ISO 8601 reader over
/// UTF-8 bytes — because `ISO8601DateFormatter` costs ~82 µs a call on Linux and a 200,000-test run
/// carries over a million timestamps. Fractions beyond milliseconds are truncated
/// (`docs/metrics.md` §9).
package struct Timestamp: Hashable, Comparable, Sendable {
    package var millisecondsSinceEpoch: Int64

    package init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// Milliseconds from `other` to `self`.
    package func milliseconds(since other: Timestamp) -> Int64 {
        millisecondsSinceEpoch - other.millisecondsSinceEpoch
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`. A timestamp without a zone, with
    /// an impossible date or time, or with a year outside 1900–2199, is invalid (`nil`): `docs/metrics.md` §9.
    package static func parse(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        let n = b.count
        guard n >= 20 else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let c = b[i]
            return (c >= 48 && c <= 57) ? Int(c - 48) : nil
        }
        @inline(__always) func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for i in start..<(start + count) {
                guard let d = digit(i) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let year = number(0, 4), b[4] == 0x2D, let month = number(5, 2), b[7] == 0x2D,
            let day = number(8, 2), b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20,
            let hour = number(11, 2), b[13] == 0x3A, let minute = number(14, 2), b[16] == 0x3A,
            let second = number(17, 2)
        else { return nil }
        // Years outside 1900–2199 are no date a run has: treated as invalid, they also keep every
        // sum of durations far inside `Int64`.
        guard (1900...2199).contains(year), (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }

        var i = 19
        var millis = 0
        if i < n, b[i] == 0x2E {  // '.'
            i += 1
            let start = i
            while i < n, digit(i) != nil {
                if i - start < 3 { millis = millis * 10 + Int(b[i] - 48) }
                i += 1
            }
            let digits = i - start
            guard digits > 0 else { return nil }
            if digits == 1 { millis *= 100 } else if digits == 2 { millis *= 10 }
        }
        guard i < n else { return nil }  // no zone: invalid
        var offsetMinutes = 0
        switch b[i] {
        case 0x5A, 0x7A:  // Z
            i += 1
        case 0x2B, 0x2D:  // + -
            let sign = b[i] == 0x2D ? -1 : 1
            i += 1
            guard i + 2 <= n, let oh = number(i, 2) else { return nil }
            i += 2
            var om = 0
            if i < n {
                if b[i] == 0x3A { i += 1 }
                guard i + 2 <= n, let m = number(i, 2) else { return nil }
                om = m
                i += 2
            }
            guard oh <= 23, om <= 59 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        default:
            return nil
        }
        guard i == n else { return nil }

        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return Timestamp(millisecondsSinceEpoch: seconds * 1000 + Int64(millis))
    }

    /// ISO 8601 UTC with exactly three fraction digits: `2023-09-15T04:42:59.617Z`.
    package var iso8601: String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendISO8601(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the ISO 8601 form without an intermediate `String` (the JSON writer's hot path).
    package func appendISO8601(to out: inout [UInt8]) {
        let ms = millisecondsSinceEpoch
        let secondsTotal = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - secondsTotal * 1000)
        let days = secondsTotal >= 0 ? secondsTotal / 86_400 : (secondsTotal - 86_399) / 86_400
        let secondOfDay = Int(secondsTotal - days * 86_400)
        let (y, m, d) = civilFromDays(Int(days))
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var v = abs(value)
            if v >= divisor * 10 {  // years beyond 9999: all digits
                out.append(contentsOf: String(v).utf8)
                return
            }
            while divisor > 0 {
                out.append(UInt8(48 + v / divisor))
                v %= divisor
                divisor /= 10
            }
        }
        if y < 0 { out.append(0x2D) }
        put(y, 4)
        out.append(0x2D)
        put(m, 2)
        out.append(0x2D)
        put(d, 2)
        out.append(0x54)
        put(secondOfDay / 3600, 2)
        out.append(0x3A)
        put(secondOfDay / 60 % 60, 2)
        out.append(0x3A)
        put(secondOfDay % 60, 2)
        out.append(0x2E)
        put(millis, 3)
        out.append(0x5A)
    }
}

private func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

private func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

// Howard Hinnant's `days_from_civil` / `civil_from_days`: exact for the proleptic Gregorian calendar.
private func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

private func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
}
