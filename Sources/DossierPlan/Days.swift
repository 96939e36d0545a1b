import DossierValidate

/// Dates as day numbers (days since 1970-01-01, `DateValue.dayNumber`), and the
/// months, years and ISO weeks the timeline and the digest count them in.
package enum Days {
    /// The day number of a date of the proleptic Gregorian calendar.
    package static func number(year: Int, month: Int, day: Int) -> Int {
        DateValue(year: year, month: month, day: day).dayNumber
    }

    /// The date of a day number (Howard Hinnant's `civil_from_days`).
    package static func date(_ number: Int) -> DateValue {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return DateValue(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    package static func weekday(_ number: Int) -> Int { ((number + 3) % 7 + 7) % 7 }

    /// The Monday of the ISO week that holds the day.
    package static func monday(_ number: Int) -> Int { number - weekday(number) }

    /// The ISO week-year and week of a day: the week belongs to the year of its Thursday.
    package static func isoWeek(_ number: Int) -> (year: Int, week: Int) {
        let thursday = monday(number) + 3
        let year = date(thursday).year
        return (year, (thursday - Days.number(year: year, month: 1, day: 1)) / 7 + 1)
    }

    /// `2022-w07`: the digest's name for the ISO week that holds the day.
    package static func weekKey(_ number: Int) -> String {
        let (year, week) = isoWeek(number)
        return String(year) + "-w" + (week < 10 ? "0" : "") + String(week)
    }
}
