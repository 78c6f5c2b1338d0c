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
    /// The same figures by child unit; nil for a node without children.
    public let children: SummaryReport?
    public let feedback: FeedbackReport
    /// For units (the level that handles cases): the open ones, most urgent first.
    public let openCases: [OpenCase]?
    public let responseRate: Reports.ResponseRate?

    public var node: OrgNode { summary.node }
    public var period: ReportPeriod { summary.period }
}

extension Reports {
    /// Open cases listed in one report; the count covers all of them.
    public static let openCaseLimit = 50

    public func digest(surveyCode: String, nodeCode: String, period: ReportPeriod, reader: Reader, now: Date) async throws -> ReportDigest {
        let summary = try await summary(surveyCode: surveyCode, nodeCode: nodeCode, period: period, by: nil, reader: reader)
        let previous = try await self.summary(surveyCode: surveyCode, nodeCode: nodeCode, period: period.previous, by: nil, reader: reader)
        let hasChildren = !(try await OrgRepository(database.sql).children(of: summary.node.id)).isEmpty
        let children = hasChildren && summary.node.level != .unit
            ? try await self.summary(surveyCode: surveyCode, nodeCode: nodeCode, period: period, by: .childUnits, reader: reader) : nil
        let feedback = try await self.feedback(nodeCode: nodeCode, period: period, reader: reader, now: now)
        var openCases: [ReportDigest.OpenCase]?
        if summary.node.level == .unit {
            openCases = try await FeedbackRepository(database.sql).open(path: summary.node.path, limit: Self.openCaseLimit).map {
                ReportDigest.OpenCase(reference: $0.reference, kind: $0.kind, receivedOn: CalendarDay($0.receivedAt), dueOn: CalendarDay($0.dueAt),
                                      isOverdue: $0.isOverdue(now: now))
            }
        }
        let rate = try await smsResponseRate(surveyCode: surveyCode, nodeCode: nodeCode, period: period, reader: reader)
        return ReportDigest(summary: summary, previous: previous, children: children, feedback: feedback, openCases: openCases, responseRate: rate)
    }
}
