import Foundation
import KaikuCore
import KaikuStorage

extension Reports {
    /// The topics of the open answers to one question, with each topic's sentiment split. A topic
    /// with fewer answers than the rule's minimum is hidden as a whole; within a topic the parts
    /// (positive, negative, the rest) are suppressed together so that none can be worked out by
    /// subtraction (`AnonymityRule.hidden`).
    public struct TopicRow: Sendable, Equatable {
        public let topic: Topic
        /// Nil when hidden.
        public let count: Int?
        public let positive: Int?
        public let negative: Int?
        public let other: Int?

        /// The negative answers' share of the topic's answers, 0–100; nil when either is hidden.
        public var negativeShare: Double? {
            guard let count, count > 0, let negative else { return nil }
            return Double(negative) / Double(count) * 100
        }
    }

    public func topics(surveyCode: String, nodeCode: String, period: ReportPeriod, questionKey: String, reader: Reader) async throws -> [TopicRow] {
        let (survey, _, node) = try await resolve(surveyCode: surveyCode, nodeCode: nodeCode, reader: reader)
        return try await topics(survey, node, period: period, questionKey: questionKey,
                                plan: try await plan(for: period, survey: survey, node: node, reader: reader))
    }

    /// In a calendar period, topics are counted only where the texts themselves may be listed:
    /// a topic's count is then a part of a group at least the text minimum large.
    func topics(_ survey: SurveyRepository.Survey, _ node: OrgNode, period: ReportPeriod, questionKey: String,
                plan: DisclosurePlan?) async throws -> [TopicRow] {
        if let plan, try await plan.hidden(.texts(questionKey), node: node, period: period)[0] { return [] }
        let counts = try await TextRepository(database.sql).topicCounts(surveyID: survey.id, nodePath: node.path, from: period.from, to: period.to,
                                                                        questionKey: questionKey)
        return Topic.allCases.compactMap { topic in
            let rows = counts.filter { $0.topic == topic }
            guard !rows.isEmpty else { return nil }
            func count(_ sentiments: Set<Sentiment>) -> Int { rows.filter { sentiments.contains($0.sentiment) }.map(\.count).reduce(0, +) }
            let parts = [count([.positive]), count([.negative]), count([.neutral, .mixed])]
            let total = parts.reduce(0, +)
            guard rule.allowsFigures(answers: total) else { return TopicRow(topic: topic, count: nil, positive: nil, negative: nil, other: nil) }
            let hidden = rule.hidden(sizes: parts)
            func part(_ index: Int) -> Int? { hidden.contains(index) ? nil : parts[index] }
            return TopicRow(topic: topic, count: total, positive: part(0), negative: part(1), other: part(2))
        }.sorted { ($0.count ?? 0) > ($1.count ?? 0) }
    }
}
