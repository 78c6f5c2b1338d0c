import Foundation
import KaikuCore
import KaikuStorage

extension Reports {
    /// The free-form feedback behind a figure of the feedback report: the cases of a node and
    /// period on one topic (or all), each with its month, kind and unit, its text masked
    /// (`PersonalData.mask`). Feedback is not anonymous the way survey answers are, so a reader
    /// of the node sees every case, and each listing is recorded in the audit log.
    public struct FeedbackTexts: Sendable, Equatable {
        public struct Text: Sendable, Equatable {
            public let text: String
            public let month: ReportPeriod?
            public let kind: FeedbackKind
            public let unit: OrgNode?
            public let sentiment: Sentiment?
        }

        public let node: OrgNode
        public let period: ReportPeriod
        public let count: Int
        public let texts: [Text]
    }

    public static let feedbackTextLimit = 200

    public func feedbackTexts(nodeCode: String, period: ReportPeriod, topic: Topic?, sentiment: Sentiment?, kind: FeedbackKind?,
                              reader: Reader) async throws -> FeedbackTexts {
        let node = try await resolve(nodeCode: nodeCode, reader: reader)
        let (count, cases) = try await TextRepository(database.sql).caseTexts(
            path: node.path, from: period.from.start, to: period.to.adding(days: 1).start, topic: topic, sentiment: sentiment, kind: kind,
            limit: Self.feedbackTextLimit)
        let children = try await OrgRepository(database.sql).children(of: node.id)
        if !reader.policy.isOperator {
            let filter = [topic?.rawValue, sentiment?.rawValue, kind?.rawValue].compactMap { $0 }.joined(separator: " ")
            try await AuditRepository(database.sql).record(.feedbackTextsRead, by: reader, target: ("org_node", node.id),
                                                           detail: "\(period.from)–\(period.to) \(filter) (\(count))", now: Date())
        }
        return FeedbackTexts(node: node, period: period, count: count, texts: cases.map { text in
            FeedbackTexts.Text(text: PersonalData.mask(text.body), month: ReportPeriod(code: String(text.receivedAt.prefix(7))), kind: text.kind,
                               unit: children.first { text.handlingPath.hasPrefix($0.path) } ?? node, sentiment: text.sentiment)
        })
    }
}
