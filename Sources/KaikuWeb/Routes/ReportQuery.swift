import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The choices of a report view, read from the address; what is missing gets a default (the
/// reader's own top node, the national survey, last month).
struct ReportQuery {
    var node: String
    var survey: String
    var period: ReportPeriod
    var breakdown: ReportBreakdown?
    var question: String?
    /// The one background value the figures are narrowed to (`ReportFilter`).
    var only: ReportFilter?

    static let breakdownCodes = ["unit"] + ReportDimension.allCases.map(\.rawValue)

    init(_ request: Request, _ context: AppContext, services: AppServices) async throws {
        let today = services.today()
        if let code = request.query("node"), !code.isEmpty {
            node = code
        } else {
            node = try await services.reports().home(reader: services.actor(context))?.code ?? ""
        }
        survey = request.query("survey").flatMap { $0.isEmpty ? nil : $0 } ?? NationalSurvey.code
        let asked = request.query("period") ?? ""
        if let lattice = ReportPeriod(code: asked) {
            period = lattice
        } else if asked == ReportPeriod.Kind.custom.rawValue, let from = request.query("from").flatMap(CalendarDay.init),
                  let to = request.query("to").flatMap(CalendarDay.init), let custom = ReportPeriod(kind: .custom, from: from, to: to), custom.days <= 3 * 366 {
            // Days that make a calendar month, quarter or year are that period; any other days
            // only for those who may ask for them (`Reports.mayAskAnyDays`, docs/SECURITY.md).
            if let lattice = ReportPeriod.lattice(from: from, to: to) {
                period = lattice
            } else {
                guard Reports.mayAskAnyDays(services.actor(context)) else { throw AppError(.badRequest, "report_error_period") }
                period = custom
            }
        } else {
            let kind = ReportPeriod.Kind(rawValue: asked) ?? .month
            period = ReportPeriod.last(kind == .custom ? .month : kind, before: today)
        }
        breakdown = request.query("by").flatMap(ReportBreakdown.init(code:))
        question = request.query("q").flatMap { $0.isEmpty ? nil : $0 }
        if let code = request.query("only"), !code.isEmpty {
            guard let filter = ReportFilter(code: code) else { throw AppError(.badRequest, "report_error_filter") }
            // Another variable's breakdown of a filtered report is a cross table the plan never decided.
            if case .dimension = breakdown { throw AppError(.badRequest, "report_error_filter_breakdown") }
            only = filter
        }
    }

    /// The address of this view, with changes.
    func queryString(by: ReportBreakdown?? = .none, question: String?? = .none, only: ReportFilter?? = .none) -> String {
        var items = [("node", node), ("survey", survey), ("period", period.code ?? ReportPeriod.Kind.custom.rawValue)]
        if period.kind == .custom { items += [("from", period.from.description), ("to", period.to.description)] }
        if let code = (by ?? breakdown)?.code { items.append(("by", code)) }
        if let q = question ?? self.question { items.append(("q", q)) }
        if let filter = only ?? self.only { items.append(("only", filter.code)) }
        return items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")" }.joined(separator: "&")
    }

    /// The calendar periods a reader picks from: the last 24 months, 8 quarters and 3 years that
    /// have ended, newest first.
    static func recentPeriods(before today: CalendarDay) -> [(ReportPeriod.Kind, [ReportPeriod])] {
        [(.month, 24), (.quarter, 8), (.year, 3)].map { kind, count in
            var periods = [ReportPeriod.last(kind, before: today)]
            while periods.count < count, let last = periods.last { periods.append(last.previous) }
            return (kind, periods)
        }
    }

    /// "9/2026", "Q3 2026", "2026"; the dates of a custom period.
    static func label(_ period: ReportPeriod) -> String {
        switch period.kind {
        case .month: "\(period.from.month)/\(period.from.year)"
        case .quarter: "Q\((period.from.month - 1) / 3 + 1) \(period.from.year)"
        case .year: String(period.from.year)
        case .custom: "\(period.from.finnish)–\(period.to.finnish)"
        }
    }

    /// RFC 3986's unreserved characters: codes like ESIM-U002 stay readable in a bookmarked address.
    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    /// Which respondents' open answers: by their NPS class.
    static func npsFilter(_ code: String) -> ClosedRange<Int>? { NPSClass(rawValue: code)?.scores }
}

extension ReportQuery {
    func with(node: String) -> ReportQuery {
        var copy = self
        copy.node = node
        return copy
    }
}
