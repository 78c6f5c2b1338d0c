import Foundation
import KaikuCore
import KaikuStorage

/// A report narrowed to the respondents of one background value: age band 65–74, the SMS channel.
/// Its figures are cells the disclosure plan has already decided — the group's cell in the node's
/// breakdown by that variable, and in each child's — so a filter shows nothing a reader could not
/// see by opening those breakdowns one by one (docs/SECURITY.md, "One background value").
public struct ReportFilter: Sendable, Equatable, Hashable {
    public let dimension: ReportDimension
    public let bucket: String

    /// `age_band:65-74`, `channel:sms`: a variable and one of its known values.
    public init?(code: String) {
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let dimension = ReportDimension(rawValue: parts[0]),
              Reports.buckets(dimension).contains(parts[1]), !parts[1].isEmpty else { return nil }
        self.init(dimension: dimension, bucket: parts[1])
    }

    private init(dimension: ReportDimension, bucket: String) {
        self.dimension = dimension
        self.bucket = bucket
    }

    public var code: String { "\(dimension.rawValue):\(bucket)" }

    /// Every value a report can be narrowed to, by variable (the unknown value is no choice).
    public static var all: [(ReportDimension, [ReportFilter])] {
        ReportDimension.allCases.map { d in (d, Reports.buckets(d).filter { !$0.isEmpty }.map { ReportFilter(dimension: d, bucket: $0) }) }
    }
}

extension Reports {
    /// The figures of one background value at a node: its group as the total, and with
    /// `.childUnits` each child's group for the same value. Another variable's breakdown of a
    /// filtered report would be a cross table the plan never decided, so it is refused.
    func summary(_ survey: SurveyRepository.Survey, _ version: SurveyRepository.Version, _ node: OrgNode, period: ReportPeriod,
                 only filter: ReportFilter, by breakdown: ReportBreakdown?, plan: DisclosurePlan?) async throws -> SummaryReport {
        guard breakdown == nil || breakdown == .childUnits else { throw Refused("report_error_filter_breakdown") }
        // The value's cell in `at`'s breakdown, keyed as a summary keys its total ("") or a child (its id).
        func cell(_ at: OrgNode, key: String) async throws -> GroupResult {
            let split = try await summary(survey, version, at, period: period, by: .dimension(filter.dimension), plan: plan)
            let group = split.groups.first { $0.key == filter.bucket }!
            return GroupResult(key: key, node: at, responses: group.responses, suppressed: group.suppressed, questions: group.questions)
        }
        var groups: [GroupResult] = []
        if breakdown == .childUnits {
            for child in try await OrgRepository(database.sql).children(of: node.id).sorted(by: { $0.code < $1.code }) {
                groups.append(try await cell(child, key: child.id))
            }
        }
        return SummaryReport(survey: survey, node: node, period: period, breakdown: breakdown, total: try await cell(node, key: ""),
                             groups: groups, rule: rule, targets: try await targets(surveyID: survey.id, node: node, on: period.to))
    }

    /// The portal's view of one background value: the figures with the previous period, the
    /// parent's (when the reader may read it) and the twelve-month trend of the same value.
    /// Topics, open answers and response rates are not split by background, so they are left out.
    func filteredDashboard(_ survey: SurveyRepository.Survey, _ version: SurveyRepository.Version, _ node: OrgNode, period: ReportPeriod,
                           only filter: ReportFilter, by breakdown: ReportBreakdown?, plan: DisclosurePlan?, reader: Reader) async throws -> Dashboard {
        var parent: SummaryReport?
        if let parentNode = try await readableParent(of: node, reader: reader) {
            parent = try await summary(survey, version, parentNode, period: period, only: filter, by: nil, plan: plan)
        }
        var trend: [TrendPoint] = []
        for month in period.trendMonths {
            guard let monthPeriod = ReportPeriod(code: month) else { continue }
            trend.append(TrendPoint(month: month, group: try await summary(survey, version, node, period: monthPeriod, only: filter, by: nil, plan: plan).total))
        }
        return Dashboard(summary: try await summary(survey, version, node, period: period, only: filter, by: breakdown, plan: plan),
                         previous: try await summary(survey, version, node, period: period.previous, only: filter, by: nil, plan: plan),
                         parent: parent, trend: trend, rate: nil, wider: nil, topics: [], rates: nil, filter: filter)
    }
}
