import Foundation
import KaikuCore
import SQLKit

extension TextRepository {
    /// A feedback case's text as a report lists it: what it said (not yet masked), when, of what
    /// kind, where it is handled, and the sentiment of the topic asked for.
    public struct CaseText: Sendable, Equatable {
        public let body: String
        public let kind: FeedbackKind
        /// "YYYY-MM-DD…" as stored.
        public let receivedAt: String
        public let handlingPath: String
        public let sentiment: Sentiment?
    }

    /// The cases handled at or under `path` received in [from, to) that touch `topic` (with
    /// `sentiment`, and of `kind`, when given), newest first: how many, and up to `limit`.
    public func caseTexts(path: String, from: Date, to: Date, topic: Topic?, sentiment: Sentiment?, kind: FeedbackKind?,
                          limit: Int) async throws -> (count: Int, texts: [CaseText]) {
        struct Row: Decodable { let body: String; let kind: String; let received_at: String; let handling_path: String; let sentiment: String? }
        struct Count: Decodable { let n: Int }
        var source: SQLQueryString = "FROM feedback_cases c "
        if let topic {
            source = source + "JOIN text_topics t ON t.subject_type = 'case' AND t.subject_id = c.id AND t.topic = \(bind: topic.rawValue) "
            if let sentiment { source = source + "AND t.sentiment = \(bind: sentiment.rawValue) " }
        }
        source = source + "WHERE c.handling_path LIKE \(bind: path + "%") AND c.received_at >= \(bind: Timestamp.format(from)) AND c.received_at < \(bind: Timestamp.format(to)) "
        if let kind { source = source + "AND c.kind = \(bind: kind.rawValue) " }
        let count = try await sql.raw("SELECT COUNT(*) AS n " + source).first(decoding: Count.self)?.n ?? 0
        let columns: SQLQueryString = topic == nil ? "SELECT c.body, c.kind, c.received_at, c.handling_path, NULL AS sentiment "
            : "SELECT c.body, c.kind, c.received_at, c.handling_path, t.sentiment "
        let rows = try await sql.raw(columns + source + "ORDER BY c.received_at DESC, c.id LIMIT \(bind: limit)").all(decoding: Row.self)
        return (count, rows.compactMap { row in
            FeedbackKind(rawValue: row.kind).map {
                CaseText(body: row.body, kind: $0, receivedAt: row.received_at, handlingPath: row.handling_path,
                         sentiment: row.sentiment.flatMap(Sentiment.init(rawValue:)))
            }
        })
    }
}
