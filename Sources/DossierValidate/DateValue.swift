import DossierCore
import DossierStore
import Foundation

/// An ISO 8601 date, or date and time, as written in front matter. Without an
/// offset it is a wall-clock time in the site's time zone (a date is midnight there).
public struct DateValue: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int = 0
    public var minute: Int = 0
    public var second: Int = 0
    public var hasTime = false
    /// Seconds east of UTC, when the text gave one.
    public var utcOffset: Int?
    /// The value as written, with its offset, once `localized` has moved it to the
    /// site's wall clock: what `<time datetime>` shows.
    public var written: String?

    /// A date without a time.
    public init(year: Int, month: Int, day: Int) {
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Parses `2022-02-17`, `2022-02-17T08:30`, `2022-02-17 08:30:00+08:00`, `…Z`.
    public init?(iso text: String) {
        let s = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= s.count else { return nil }
            var value = 0
            for byte in s[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard s.count >= 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"),
            let y = number(0..<4), let m = number(5..<7), let d = number(8..<10)
        else { return nil }
        year = y
        month = m
        day = d
        guard (1...12).contains(m), (1...Self.daysIn(month: m, year: y)).contains(d) else { return nil }
        var i = 10
        if i < s.count {
            guard s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: " "), let h = number(i + 1..<i + 3),
                s.count > i + 3, s[i + 3] == UInt8(ascii: ":"), let mi = number(i + 4..<i + 6)
            else { return nil }
            hour = h
            minute = mi
            hasTime = true
            i += 6
            if i < s.count, s[i] == UInt8(ascii: ":") {
                guard let sec = number(i + 1..<i + 3) else { return nil }
                second = sec
                i += 3
                if i < s.count, s[i] == UInt8(ascii: ".") {  // fractions are accepted and dropped
                    i += 1
                    while i < s.count, (48...57).contains(s[i]) { i += 1 }
                }
            }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            if i < s.count {
                if s[i] == UInt8(ascii: "Z") && i + 1 == s.count {
                    utcOffset = 0
                } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-"), let oh = number(i + 1..<i + 3) {
                    var om = 0
                    if s.count == i + 6, s[i + 3] == UInt8(ascii: ":"), let m = number(i + 4..<i + 6) {
                        om = m
                    } else if s.count == i + 5, let m = number(i + 3..<i + 5) {
                        om = m
                    } else if s.count != i + 3 {
                        return nil
                    }
                    utcOffset = (s[i] == UInt8(ascii: "-") ? -1 : 1) * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
        }
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The date part, `2022-02-17`.
    /// Zero-padded digits, without `String(format:)`, which is slow on hot paths.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    public var isoDay: String {
        Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
    }

    public var description: String {
        hasTime
            ? isoDay + "T" + Self.padded(hour, 2) + ":" + Self.padded(minute, 2) + ":" + Self.padded(second, 2) : isoDay
    }

    /// The value with its offset (`Z` for UTC), or a date alone.
    private var withOffset: String {
        guard hasTime, let utcOffset else { return description }
        if utcOffset == 0 { return description + "Z" }
        let magnitude = abs(utcOffset)
        return description + (utcOffset < 0 ? "-" : "+") + Self.padded(magnitude / 3600, 2) + ":"
            + Self.padded(magnitude % 3600 / 60, 2)
    }

    /// A value with an offset, moved to the wall clock of `zone` (where its date is
    /// the day it is there); a value without one already is on that clock.
    public func localized(to zone: TimeZone) -> DateValue {
        guard utcOffset != nil else { return self }
        let instant = instant(in: zone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        var local = self
        (local.year, local.month, local.day) = (c.year!, c.month!, c.day!)
        (local.hour, local.minute, local.second) = (c.hour!, c.minute!, c.second!)
        local.utcOffset = nil
        local.written = written ?? withOffset
        return local
    }

    /// For `<time datetime>`: a date alone as it is; a time with its offset, as
    /// written or else the site's.
    public func datetime(in zone: TimeZone) -> String {
        if let written { return written }
        guard hasTime, utcOffset == nil else { return withOffset }
        var withZone = self
        withZone.utcOffset = zone.secondsFromGMT(for: instant(in: zone))
        return withZone.withOffset
    }

    /// The instant this names, a wall-clock time in `zone` unless it carries an offset.
    public func instant(in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utcOffset.flatMap { TimeZone(secondsFromGMT: $0) } ?? zone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// RFC 3339 in `zone`, as Atom wants: `2022-02-17T00:00:00+08:00`.
    public func rfc3339(in zone: TimeZone) -> String {
        let date = instant(in: zone)
        let offset = utcOffset ?? zone.secondsFromGMT(for: date)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offset) ?? zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!,
            c.second!,
            sign, magnitude / 3600, magnitude % 3600 / 60)
    }

    /// The fields `<` compares, as one number that orders the same (for sorting many dates).
    public var stamp: Int64 {
        let day = (Int64(year) * 100 + Int64(month)) * 100 + Int64(day)
        return ((day * 100 + Int64(hour)) * 100 + Int64(minute)) * 100 + Int64(second)
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }
}

/// The build's date, the *as-of* date: `--as-of YYYY-MM-DD`, else the instant of
/// `SOURCE_DATE_EPOCH`, else now, each as a day in the site's time zone. It decides
/// which articles are future.
public enum BuildDate: Sendable, Equatable {
    case day(DateValue)
    case instant(Date)
    /// The moment it is asked: a process that builds again and again (`serve`) publishes
    /// a scheduled article on its day.
    case now

    /// `--as-of`, else `SOURCE_DATE_EPOCH` (seconds since 1970), else `now`; nil with a
    /// message when what is given is not a date.
    public static func from(asOf: String?, sourceDateEpoch: String?) -> Result<BuildDate, UsageError> {
        if let asOf {
            guard let day = DateValue(iso: asOf), !day.hasTime else {
                return .failure(UsageError("--as-of must be a date written YYYY-MM-DD, not '\(asOf)'"))
            }
            return .success(.day(day))
        }
        if let epoch = sourceDateEpoch, !epoch.isEmpty {
            guard let seconds = Int64(epoch) else {
                return .failure(UsageError("SOURCE_DATE_EPOCH must be a number of seconds, not '\(epoch)'"))
            }
            return .success(.instant(Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
        return .success(.now)
    }

    /// The day it is in `zone`.
    public func day(in zone: TimeZone) -> DateValue {
        switch self {
        case .day(let day): return day
        case .now: return BuildDate.instant(Date()).day(in: zone)
        case .instant(let date):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return DateValue(
                year: c.year!, month: c.month!, day: c.day!, hour: 0, minute: 0, second: 0, hasTime: false,
                utcOffset: nil, written: nil)
        }
    }

    /// What decides the day in any time zone: the day given, or the instant to the quarter
    /// hour (every zone's offset is a whole number of quarter hours).
    public var key: String {
        switch self {
        case .day(let day): return day.isoDay
        case .now: return BuildDate.instant(Date()).key
        case .instant(let date): return "q\(Int64((date.timeIntervalSince1970 / 900).rounded(.down)))"
        }
    }
}

extension DateValue {
    /// Whether its day (in the site's time zone, where dates are read) is after `day`.
    public func isAfter(day other: DateValue) -> Bool {
        (year, month, day) > (other.year, other.month, other.day)
    }
}
