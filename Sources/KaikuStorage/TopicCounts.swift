import Foundation
import KaikuCore
import SQLKit

/// Open answers counted by topic and sentiment, for the reports' topic tables and the attention list.
extension TextRepository {
    public struct TopicCount: Sendable, Equatable {
        public let topic: Topic
        public let sentiment: Sentiment
        public let count: Int
    }

    struct TopicCountRow: Decodable { let topic: String; let sentiment: String; let n: Int }

    /// Open answers to `questionKey` by topic and the topic's sentiment, for a survey under a node in a period.
    public func topicCounts(surveyID: String, nodePath: String, from: CalendarDay, to: CalendarDay, questionKey: String) async throws -> [TopicCount] {
        try await sql.raw("""
            SELECT t.topic, t.sentiment, COUNT(*) AS n
            FROM responses r JOIN text_topics t ON t.subject_type = 'answer' AND t.subject_id = r.id AND t.question_key = \(bind: questionKey)
            WHERE r.survey_id = \(bind: surveyID) AND r.node_path LIKE \(bind: nodePath + "%")
              AND r.submitted_on >= \(bind: from.description) AND r.submitted_on <= \(bind: to.description)
            GROUP BY t.topic, t.sentiment
            """).all(decoding: TopicCountRow.self).compactMap { row in
            guard let topic = Topic(rawValue: row.topic), let sentiment = Sentiment(rawValue: row.sentiment) else { return nil }
            return TopicCount(topic: topic, sentiment: sentiment, count: row.n)
        }
    }

    /// The same per answering node's path: one query for a whole subtree, summed up the tree by
    /// the caller.
    public func topicCountsByPath(surveyID: String, nodePath: String, from: CalendarDay, to: CalendarDay,
                                  questionKey: String) async throws -> [(path: String, count: TopicCount)] {
        struct Row: Decodable { let node_path: String; let topic: String; let sentiment: String; let n: Int }
        return try await sql.raw("""
            SELECT r.node_path, t.topic, t.sentiment, COUNT(*) AS n
            FROM responses r JOIN text_topics t ON t.subject_type = 'answer' AND t.subject_id = r.id AND t.question_key = \(bind: questionKey)
            WHERE r.survey_id = \(bind: surveyID) AND r.node_path LIKE \(bind: nodePath + "%")
              AND r.submitted_on >= \(bind: from.description) AND r.submitted_on <= \(bind: to.description)
            GROUP BY r.node_path, t.topic, t.sentiment
            """).all(decoding: Row.self).compactMap { row in
            guard let topic = Topic(rawValue: row.topic), let sentiment = Sentiment(rawValue: row.sentiment) else { return nil }
            return (row.node_path, TopicCount(topic: topic, sentiment: sentiment, count: row.n))
        }
    }

    /// Free-form feedback cases handled in a subtree and received in `from..<to`, by the case's
    /// kind, topic and the topic's sentiment (each case counted once per topic it touches).
    public func caseTopicCounts(path: String, from: Date, to: Date) async throws -> [(kind: FeedbackKind, count: TopicCount)] {
        struct Row: Decodable { let kind: String; let topic: String; let sentiment: String; let n: Int }
        return try await sql.raw("""
            SELECT c.kind, t.topic, t.sentiment, COUNT(*) AS n
            FROM feedback_cases c JOIN text_topics t ON t.subject_type = 'case' AND t.subject_id = c.id
            WHERE c.handling_path LIKE \(bind: path + "%") AND c.received_at >= \(bind: Timestamp.format(from)) AND c.received_at < \(bind: Timestamp.format(to))
            GROUP BY c.kind, t.topic, t.sentiment
            """).all(decoding: Row.self).compactMap { row in
            guard let kind = FeedbackKind(rawValue: row.kind), let topic = Topic(rawValue: row.topic), let sentiment = Sentiment(rawValue: row.sentiment) else {
                return nil
            }
            return (kind, TopicCount(topic: topic, sentiment: sentiment, count: row.n))
        }
    }
}
