package import Foundation

/// ISO-8601 timestamps as Celery writes and reads them (`eta`, `expires`, `date_done`).
package enum CeleryDate {
    /// Formats like Python's `datetime.isoformat()` on an aware UTC datetime:
    /// `2026-11-25T05:24:19.685409+00:00`.
    package static func format(_ date: Date) -> String {
        let (whole, micros) = wholeSecondsAndMicroseconds(date)
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        // Written digit by digit: `String(format:)` cost more than the rest of a no-op task's result.
        var text = ""
        text.reserveCapacity(32)
        text.appendPadded(Int(parts.tm_year) + 1900, digits: 4)
        text += "-"
        text.appendPadded(Int(parts.tm_mon) + 1, digits: 2)
        text += "-"
        text.appendPadded(Int(parts.tm_mday), digits: 2)
        text += "T"
        text.appendPadded(Int(parts.tm_hour), digits: 2)
        text += ":"
        text.appendPadded(Int(parts.tm_min), digits: 2)
        text += ":"
        text.appendPadded(Int(parts.tm_sec), digits: 2)
        if micros != 0 {
            text += "."
            text.appendPadded(micros, digits: 6)
        }
        return text + "+00:00"
    }

    /// Seconds since the epoch with six decimals (`1764480000.123456`), as kombu writes `unacked_index` scores.
    package static func epochSeconds(_ date: Date) -> String {
        let (whole, micros) = wholeSecondsAndMicroseconds(date)
        var text = String(whole)
        text += "."
        text.appendPadded(micros, digits: 6)
        return text
    }

    /// The seconds since the epoch, rounded down, and the microseconds after them, rounded (a round-up to a whole
    /// second carries over).
    private static func wholeSecondsAndMicroseconds(_ date: Date) -> (whole: Int, micros: Int) {
        let seconds = date.timeIntervalSince1970
        let whole = Int(seconds.rounded(.down))
        let micros = Int(((seconds - Double(whole)) * 1_000_000).rounded())
        return micros == 1_000_000 ? (whole + 1, 0) : (whole, micros)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM]`; naive times are UTC, as Celery treats them.
    package static func parse(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard scalars.count >= 19, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            [UInt8(ascii: "T"), UInt8(ascii: " ")].contains(scalars[10]),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < scalars.count, (48...57).contains(scalars[index]) {
                fraction += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < scalars.count {
            switch scalars[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = scalars[index] == UInt8(ascii: "-") ? -1 : 1
                guard let hours = number(index + 1..<index + 3) else { return nil }
                var minutesStart = index + 3
                if minutesStart < scalars.count, scalars[minutesStart] == UInt8(ascii: ":") { minutesStart += 1 }
                let minutes = number(minutesStart..<minutesStart + 2) ?? 0
                offset = sign * (hours * 3600 + minutes * 60)
                index = min(minutesStart + 2, scalars.count)
            default:
                return nil
            }
        }
        guard index == scalars.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epoch = timegm(&parts)
        return Date(timeIntervalSince1970: Double(epoch - offset) + fraction)
    }
}

extension String {
    /// Appends a non-negative `value` in decimal, zero-padded on the left to at least `digits` digits.
    fileprivate mutating func appendPadded(_ value: Int, digits: Int) {
        let decimal = String(value)
        if decimal.utf8.count < digits { append(String(repeating: "0", count: digits - decimal.utf8.count)) }
        append(decimal)
    }
}
