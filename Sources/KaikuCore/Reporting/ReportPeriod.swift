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

    /// The last whole calendar month, quarter or year that ended before `today`.
    public static func last(_ kind: Kind, before today: CalendarDay) -> ReportPeriod {
        let firstOfMonth = CalendarDay(year: today.year, month: today.month, day: 1)!
        switch kind {
        case .month, .custom:
            return ReportPeriod(kind: .month, from: firstOfMonth.addingMonths(-1), to: firstOfMonth.adding(days: -1))!
        case .quarter:
            let quarterStart = CalendarDay(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)!
            return ReportPeriod(kind: .quarter, from: quarterStart.addingMonths(-3), to: quarterStart.adding(days: -1))!
        case .year:
            return ReportPeriod(kind: .year, from: CalendarDay(year: today.year - 1, month: 1, day: 1)!, to: CalendarDay(year: today.year - 1, month: 12, day: 31)!)!
        }
    }

    /// A calendar month ("2026-09"), quarter ("2026-Q3") or year ("2026") by its code.
    public init?(code: String) {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let year = Int(parts[0]), parts[0].count == 4, (2000...2200).contains(year) else { return nil }
        if parts.count == 1 {
            self.init(kind: .year, from: CalendarDay(year: year, month: 1, day: 1)!, to: CalendarDay(year: year, month: 12, day: 31)!)
        } else if parts.count == 2, parts[1].count == 2, parts[1].hasPrefix("Q"), let q = Int(parts[1].dropFirst()), (1...4).contains(q) {
            let from = CalendarDay(year: year, month: (q - 1) * 3 + 1, day: 1)!
            self.init(kind: .quarter, from: from, to: from.addingMonths(3).adding(days: -1))
        } else if parts.count == 2, parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) {
            let from = CalendarDay(year: year, month: month, day: 1)!
            self.init(kind: .month, from: from, to: from.addingMonths(1).adding(days: -1))
        } else {
            return nil
        }
    }

    /// The calendar month, quarter or year that is exactly these days, if any.
    public static func lattice(from: CalendarDay, to: CalendarDay) -> ReportPeriod? {
        [String(from.description.prefix(7)), "\(from.year)-Q\((from.month - 1) / 3 + 1)", String(from.year)]
            .compactMap(ReportPeriod.init(code:)).first { $0.from == from && $0.to == to }
    }

    /// The code `init(code:)` reads, for a calendar month, quarter or year; nil for a custom period.
    public var code: String? {
        guard isLattice else { return nil }
        switch kind {
        case .month: return String(from.description.prefix(7))
        case .quarter: return "\(from.year)-Q\((from.month - 1) / 3 + 1)"
        case .year: return String(from.year)
        case .custom: return nil
        }
    }

    /// A whole calendar month, quarter or year: the periods every reader may ask for
    /// (docs/SECURITY.md, "Disclosure control").
    public var isLattice: Bool {
        let first = CalendarDay(year: from.year, month: from.month, day: 1)!
        guard from == first else { return false }
        switch kind {
        case .month: return to == first.addingMonths(1).adding(days: -1)
        case .quarter: return (from.month - 1) % 3 == 0 && to == first.addingMonths(3).adding(days: -1)
        case .year: return from.month == 1 && to == first.addingMonths(12).adding(days: -1)
        case .custom: return false
        }
    }

    /// The quarter holding a month, the year holding a quarter; nil for a year or a custom period.
    public var wider: ReportPeriod? {
        guard isLattice else { return nil }
        switch kind {
        case .month: return ReportPeriod(code: "\(from.year)-Q\((from.month - 1) / 3 + 1)")
        case .quarter: return ReportPeriod(code: String(from.year))
        case .year, .custom: return nil
        }
    }

    /// The period just before, to compare with: the month, quarter or year before, or as many
    /// days before a custom period.
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
    public var trendMonths: [String] { months(ending: 12) }

    /// The `count` months ending with the period's last month, oldest first.
    public func months(ending count: Int) -> [String] {
        let last = CalendarDay(year: to.year, month: to.month, day: 1)!
        return (0..<count).reversed().map { String(last.addingMonths(-$0).description.prefix(7)) }
    }

    /// How many months a review of this period looks back: a year for a month, two years for a
    /// quarter or a year (seed 003: the quarterly and yearly reviews compare with the history).
    public var historyLength: Int { kind == .month ? 12 : 24 }
}

extension CalendarDay {
    /// The same day of a month `count` months away, clamped to that month's last day.
    public func addingMonths(_ count: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + count
        let y = index / 12, m = index % 12 + 1
        return CalendarDay(year: y, month: m, day: min(day, CalendarDay.daysIn(month: m, year: y)))!
    }
}
