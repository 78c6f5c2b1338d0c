import Foundation
import KaikuCore
import KaikuStorage

/// Everything one periodic report holds for one node: the survey's figures with the previous
/// period and the targets, the child units' headline figures, the free-form feedback and what it
/// led to, and for a unit its open cases. The monthly email and the printable page both render it.
public struct ReportDigest: Sendable {
    /// An open case of a unit, without its text or its customer.
    public struct OpenCase: Sendable, Equatable {
        public let reference: String
        public let kind: FeedbackKind
        public let receivedOn: CalendarDay
        public let dueOn: CalendarDay
        public let isOverdue: Bool
    }

    public let summary: SummaryReport
    public let previous: SummaryReport
    /// The same figures by child unit (the summary itself, broken down); nil for a unit.
    public let children: SummaryReport?
    public let feedback: FeedbackReport
    /// For units (the level that handles cases): the open ones, most urgent first.
    public let openCases: [OpenCase]?
    public let responseRate: Reports.ResponseRate?
    /// The top topics of each open question's answers, with their sentiment (anonymity applied).
    public let topics: [(question: Question, rows: [Reports.TopicRow])]
    /// Every node of the subtree, flagged ones first: what the report leads with.
    public let attention: Reports.AttentionList
    /// The months up to the period's end (`ReportPeriod.historyLength`: two years for a quarterly
    /// or yearly review), hidden months as the plan decided them.
    public let history: [Reports.TrendPoint]
    /// The parent's figures broken down by its children — the node and its siblings — when the
    /// reader may read the parent (as on the dashboard); nil at the top or out of the reader's reach.
    public let comparison: SummaryReport?

    public var node: OrgNode { summary.node }
    public var period: ReportPeriod { summary.period }
}

extension Reports {
    /// Open cases listed in one report; the count covers all of them.
    public static let openCaseLimit = 50
    /// Topics listed per open question in one report.
    public static let digestTopics = 5

    public func digest(surveyCode: String, nodeCode: String, period: ReportPeriod, reader: Reader, now: Date) async throws -> ReportDigest {
        let (survey, version, node) = try await resolve(surveyCode: surveyCode, nodeCode: nodeCode, reader: reader)
        // Above a unit, the figures come broken down by child units (the total is the same).
        let isUnit = node.level == .unit
        let plan = try await plan(for: period, survey: survey, node: node, reader: reader)
        let summary = try await summary(survey, version, node, period: period, by: isUnit ? nil : .childUnits, plan: plan)
        var openCases: [ReportDigest.OpenCase]?
        if isUnit {
            openCases = try await FeedbackRepository(database.sql).open(path: node.path, limit: Self.openCaseLimit).map {
                ReportDigest.OpenCase(reference: $0.reference, kind: $0.kind, receivedOn: CalendarDay($0.receivedAt), dueOn: CalendarDay($0.dueAt),
                                      isOverdue: $0.isOverdue(now: now))
            }
        }
        var topics: [(question: Question, rows: [Reports.TopicRow])] = []
        for result in summary.total.questions where result.question.type == .freeText && !result.suppressed {
            let rows = try await self.topics(survey, node, period: period, questionKey: result.question.key, plan: plan)
            if !rows.isEmpty { topics.append((result.question, Array(rows.prefix(Self.digestTopics)))) }
        }
        var comparison: SummaryReport?
        if let parent = try await readableParent(of: node, reader: reader) {
            comparison = try await self.summary(survey, version, parent, period: period, by: .childUnits, plan: plan)
        }
        return ReportDigest(summary: summary, previous: try await self.summary(survey, version, node, period: period.previous, by: nil, plan: plan),
                            children: isUnit ? nil : summary, feedback: try await feedback(node, period: period, now: now),
                            openCases: openCases, responseRate: try await smsResponseRate(survey, node, period: period, plan: plan), topics: topics,
                            attention: try await attention(survey, version, node, period: period, plan: plan),
                            history: try await trend(survey, version, node, period: period, months: period.historyLength, plan: plan),
                            comparison: comparison)
    }
}
