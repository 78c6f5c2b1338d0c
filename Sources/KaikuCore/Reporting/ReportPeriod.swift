import Foundation

/// A reporting period: whole days from `from` to `to`, both included.
public struct ReportPeriod: Sendable, Equatable, Hashable, Codable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case month, quarter, year, custom
    }

    public let kind: Kind
    public let from: CalendarDay
    public let to: CalendarDay

    public init?(kind: Kind = .custom, from: CalendarDay, to: CalendarDay) {
        guard from <= to else { return nil }
        self.kind = kind
        self.from = from
        self.to = to
    }

    /// The last whole month, quarter or twelve months before `today`.
    public static func last(_ kind: Kind, before today: CalendarDay) -> ReportPeriod {
        let firstOfMonth = CalendarDay(year: today.year, month: today.month, day: 1)!
        switch kind {
        case .month, .custom:
            return ReportPeriod(kind: .month, from: firstOfMonth.addingMonths(-1), to: firstOfMonth.adding(days: -1))!
        case .quarter:
            let quarterStart = CalendarDay(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)!
            return ReportPeriod(kind: .quarter, from: quarterStart.addingMonths(-3), to: quarterStart.adding(days: -1))!
        case .year:
            return ReportPeriod(kind: .year, from: firstOfMonth.addingMonths(-12), to: firstOfMonth.adding(days: -1))!
        }
    }

    /// The period just before, to compare with: the month, quarter or twelve months before, or as
    /// many days before a custom period.
    public var previous: ReportPeriod {
        switch kind {
        case .month: ReportPeriod(kind: kind, from: from.addingMonths(-1), to: from.adding(days: -1))!
        case .quarter: ReportPeriod(kind: kind, from: from.addingMonths(-3), to: from.adding(days: -1))!
        case .year: ReportPeriod(kind: kind, from: from.addingMonths(-12), to: from.adding(days: -1))!
        case .custom: ReportPeriod(kind: kind, from: from.adding(days: -days), to: from.adding(days: -1))!
        }
    }

    public var days: Int {
        var count = 0
        var day = from
        while day <= to { count += 1; day = day.adding(days: 1) }
        return count
    }

    /// The calendar months the period touches, as "YYYY-MM".
    public var months: [String] {
        var result: [String] = []
        var month = CalendarDay(year: from.year, month: from.month, day: 1)!
        while month <= to {
            result.append(String(month.description.prefix(7)))
            month = month.addingMonths(1)
        }
        return result
    }

    /// The months wholly inside the period, and the days of the months it only partly covers.
    public var wholeMonths: [String] {
        months.filter { month in
            let first = CalendarDay(month + "-01")!
            return from <= first && first.addingMonths(1).adding(days: -1) <= to
        }
    }

    /// The days of the months the period covers only in part, as ranges.
    public var partialRanges: [(from: CalendarDay, to: CalendarDay)] {
        let whole = Set(wholeMonths)
        return months.filter { !whole.contains($0) }.map { month in
            let first = CalendarDay(month + "-01")!
            return (Swift.max(from, first), Swift.min(to, first.addingMonths(1).adding(days: -1)))
        }
    }

    /// The twelve months ending with the period's last month, for a trend line.
    public var trendMonths: [String] {
        let last = CalendarDay(year: to.year, month: to.month, day: 1)!
        return (0..<12).reversed().map { String(last.addingMonths(-$0).description.prefix(7)) }
    }
}

extension CalendarDay {
    /// The same day of a month `count` months away, clamped to that month's last day.
    public func addingMonths(_ count: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + count
        let y = index / 12, m = index % 12 + 1
        return CalendarDay(year: y, month: m, day: min(day, CalendarDay.daysIn(month: m, year: y)))!
    }
}
