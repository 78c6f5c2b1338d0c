import Foundation

/// Working days in Finland: Monday to Friday, except the public holidays that can fall on a
/// weekday. Reports go out on the first working day of a month; SMS invitations on the next
/// working day after a visit.
public enum FinnishCalendar {
    /// Easter Sunday by the Gregorian computus (the anonymous algorithm of 1876).
    public static func easter(_ year: Int) -> CalendarDay {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDay(year: year, month: month, day: day)!
    }

    /// The holidays of a year on which offices are closed even when they fall on a weekday:
    /// New Year's Day, Epiphany, Good Friday, Easter Monday, May Day, Ascension Day, Midsummer
    /// Eve, Independence Day, Christmas Eve, Christmas Day and St Stephen's Day.
    public static func holidays(_ year: Int) -> Set<CalendarDay> {
        let easter = easter(year)
        // Midsummer Eve is the Friday between 19 and 25 June.
        let midsummerEve = (19...25).map { CalendarDay(year: year, month: 6, day: $0)! }.first { weekday($0) == 5 }!
        return [
            CalendarDay(year: year, month: 1, day: 1)!, CalendarDay(year: year, month: 1, day: 6)!,
            easter.adding(days: -2), easter.adding(days: 1), CalendarDay(year: year, month: 5, day: 1)!, easter.adding(days: 39),
            midsummerEve, CalendarDay(year: year, month: 12, day: 6)!, CalendarDay(year: year, month: 12, day: 24)!,
            CalendarDay(year: year, month: 12, day: 25)!, CalendarDay(year: year, month: 12, day: 26)!,
        ]
    }

    /// ISO weekday: 1 Monday … 7 Sunday.
    public static func weekday(_ day: CalendarDay) -> Int { day.weekday }

    public static func isWorkingDay(_ day: CalendarDay) -> Bool {
        weekday(day) <= 5 && !holidays(day.year).contains(day)
    }

    /// The first working day on or after `day`.
    public static func workingDay(onOrAfter day: CalendarDay) -> CalendarDay {
        var candidate = day
        while !isWorkingDay(candidate) { candidate = candidate.adding(days: 1) }
        return candidate
    }

    /// The first working day of the month `day` is in.
    public static func firstWorkingDay(ofMonthOf day: CalendarDay) -> CalendarDay {
        workingDay(onOrAfter: CalendarDay(year: day.year, month: day.month, day: 1)!)
    }
}
