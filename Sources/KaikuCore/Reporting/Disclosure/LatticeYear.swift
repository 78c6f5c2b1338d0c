import Foundation

/// The seventeen periods of a calendar year that reports may show to most readers: the twelve
/// months (0–11), the four quarters (12–15) and the year (16). Every other period is a union of
/// these, so a difference of two allowed periods is always a union of whole cells.
public enum LatticeYear {
    public static let periods = 17
    public static let year = 16

    public static func quarter(_ q: Int) -> Int { 12 + q }

    /// How many of the year's months must have ended before the period may be shown.
    public static func monthsNeeded(_ period: Int) -> Int {
        switch period {
        case 0..<12: period + 1
        case 12..<16: (period - 11) * 3
        default: 12
        }
    }

    /// The months (0–11) a period covers.
    public static func months(of period: Int) -> Range<Int> {
        period < 12 ? period..<(period + 1) : period == year ? 0..<12 : ((period - 12) * 3)..<((period - 11) * 3)
    }

    /// The periods a quarter or the year is the sum of; none for a month.
    public static func parts(of period: Int) -> [Int] {
        period == year ? (0..<4).map(quarter) : period >= 12 ? Array(months(of: period)) : []
    }

    /// The period's index within its year; nil for a period that is not a whole month, quarter
    /// or calendar year.
    public static func index(of period: ReportPeriod) -> Int? {
        guard period.isLattice else { return nil }
        switch period.kind {
        case .month: return period.from.month - 1
        case .quarter: return quarter((period.from.month - 1) / 3)
        case .year: return year
        case .custom: return nil
        }
    }

    /// The months of the year that have ended before `today`.
    public static func completeMonths(of year: Int, today: CalendarDay) -> Int {
        year < today.year ? 12 : year > today.year ? 0 : today.month - 1
    }
}
