import Foundation
import KaikuCore
import SQLKit

/// Analyses of open answers and feedback cases, handlers' corrections, and the county's own topic rules.
public struct TextRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public enum SubjectType: String, Sendable { case answer, `case` }

    /// An open answer (a response and a question) or a feedback case.
    public struct Subject: Sendable, Hashable {
        public let type: SubjectType
        public let id: String
        public let questionKey: String

        public init(type: SubjectType, id: String, questionKey: String = "") {
            self.type = type
            self.id = id
            self.questionKey = questionKey
        }
    }

    /// A text waiting for its analysis (none yet, or one by another analyser or rule version).
    public struct Pending: Sendable {
        public let subject: Subject
        public let text: String
        public let language: Language?
        /// Where the text was given (the case's handling unit): corrections teach by place.
        public let nodePath: String
        /// The response's 0–10 recommendation score, evidence for its open answers.
        public let rating: Int?
    }

    struct PendingRow: Decodable {
        let subject_id: String, question_key: String, text: String, language: String, rating: Int?, node_path: String
    }

    /// The key of the national survey's recommendation question: its score is evidence for the response's open answers.
    public static let ratingQuestion = "thl.nps"

    public func pending(version: String, limit: Int) async throws -> [Pending] {
        let answers = try await sql.raw("""
            SELECT a.response_id AS subject_id, a.question_key, a.value_text AS text, r.language, r.node_path,
                   (SELECT n.value_number FROM response_answers n WHERE n.response_id = a.response_id AND n.question_key = \(bind: Self.ratingQuestion)) AS rating
            FROM response_answers a JOIN responses r ON r.id = a.response_id
            LEFT JOIN text_analyses t ON t.subject_type = 'answer' AND t.subject_id = a.response_id AND t.question_key = a.question_key
            WHERE a.value_text IS NOT NULL AND a.value_text <> '' AND (t.subject_id IS NULL OR t.analyser_version <> \(bind: version))
            LIMIT \(bind: limit)
            """).all(decoding: PendingRow.self)
        let cases = try await sql.raw("""
            SELECT c.id AS subject_id, '' AS question_key, c.body AS text, c.language, NULL AS rating, n.path AS node_path
            FROM feedback_cases c JOIN org_nodes n ON n.id = c.handling_node_id
            LEFT JOIN text_analyses t ON t.subject_type = 'case' AND t.subject_id = c.id AND t.question_key = ''
            WHERE c.body <> '' AND (t.subject_id IS NULL OR t.analyser_version <> \(bind: version))
            LIMIT \(bind: limit)
            """).all(decoding: PendingRow.self)
        return answers.map { Pending(subject: Subject(type: .answer, id: $0.subject_id, questionKey: $0.question_key), text: $0.text,
                                     language: Language(shipped: $0.language), nodePath: $0.node_path, rating: $0.rating) }
            + cases.map { Pending(subject: Subject(type: .case, id: $0.subject_id), text: $0.text, language: Language(shipped: $0.language),
                                  nodePath: $0.node_path, rating: nil) }
    }

    public struct Analysis: Sendable, Equatable {
        public var language: Language
        public var sentiment: Sentiment
        public var score: Double
        public var topics: [Topic: Sentiment]
        public var predictedSentiment: Sentiment
        public var predictedTopics: [Topic]
        public var correctedBy: String?
        public var correctedAt: Date?
        /// Names the text without its id, for open answers (migration 013).
        public var reference: String?
    }

    /// Stores an analysis. Where a handler has corrected the text, only the prediction is updated:
    /// the handler's labels stay in force.
    public func save(_ subject: Subject, _ analysis: TextAnalysis, version: String, now: Date) async throws {
        let topics = analysis.topics.map(\.rawValue).joined(separator: ",")
        // The day only: the minute an open answer was analysed would tell when it arrived.
        let stamp = Timestamp.format(CalendarDay(now).start)
        let row = try await sql.raw("""
            INSERT INTO text_analyses (subject_type, subject_id, question_key, language, sentiment, score, topics, predicted_sentiment,
                                       predicted_topics, analyser_version, analysed_at, reference)
            VALUES (\(bind: subject.type.rawValue), \(bind: subject.id), \(bind: subject.questionKey), \(bind: analysis.language.rawValue),
                    \(bind: analysis.sentiment.rawValue), \(bind: analysis.score), \(bind: topics), \(bind: analysis.sentiment.rawValue),
                    \(bind: topics), \(bind: version), \(bind: stamp), \(bind: Identifier.makeReference()))
            ON CONFLICT (subject_type, subject_id, question_key) DO UPDATE SET
                language = excluded.language, score = excluded.score,
                sentiment = CASE WHEN text_analyses.corrected_by IS NULL THEN excluded.sentiment ELSE text_analyses.sentiment END,
                topics = CASE WHEN text_analyses.corrected_by IS NULL THEN excluded.topics ELSE text_analyses.topics END,
                predicted_sentiment = excluded.predicted_sentiment, predicted_topics = excluded.predicted_topics,
                analyser_version = excluded.analyser_version, analysed_at = excluded.analysed_at
            RETURNING corrected_by
            """).first(decoding: CorrectedRow.self)
        if row?.corrected_by == nil { try await replaceTopics(subject, analysis.topicSentiments) }
    }

    struct CorrectedRow: Decodable { let corrected_by: String? }

    /// The text's topics, in one statement after the old ones are gone.
    func replaceTopics(_ subject: Subject, _ topics: [Topic: Sentiment]) async throws {
        try await sql.raw("""
            DELETE FROM text_topics WHERE subject_type = \(bind: subject.type.rawValue) AND subject_id = \(bind: subject.id)
              AND question_key = \(bind: subject.questionKey)
            """).run()
        guard !topics.isEmpty else { return }
        let rows: [SQLQueryString] = topics.sorted { $0.key.rawValue < $1.key.rawValue }.map { topic, sentiment in
            "(\(bind: subject.type.rawValue), \(bind: subject.id), \(bind: subject.questionKey), \(bind: topic.rawValue), \(bind: sentiment.rawValue))"
        }
        try await sql.raw(SurveyRepository.joined("INSERT INTO text_topics (subject_type, subject_id, question_key, topic, sentiment) VALUES ", rows)).run()
    }

    struct AnalysisRow: Decodable {
        let language: String, sentiment: String, score: Double, predicted_sentiment: String, predicted_topics: String
        let corrected_by: String?, corrected_at: String?, reference: String?
    }

    struct TopicRow: Decodable { let topic: String; let sentiment: String }

    public func analysis(of subject: Subject) async throws -> Analysis? {
        guard let row = try await sql.raw("""
            SELECT language, sentiment, score, predicted_sentiment, predicted_topics, corrected_by, corrected_at, reference FROM text_analyses
            WHERE subject_type = \(bind: subject.type.rawValue) AND subject_id = \(bind: subject.id) AND question_key = \(bind: subject.questionKey)
            """).first(decoding: AnalysisRow.self) else { return nil }
        let topics = try await sql.raw("""
            SELECT topic, sentiment FROM text_topics
            WHERE subject_type = \(bind: subject.type.rawValue) AND subject_id = \(bind: subject.id) AND question_key = \(bind: subject.questionKey)
            """).all(decoding: TopicRow.self)
        return Analysis(language: Language(shipped: row.language) ?? .fi, sentiment: Sentiment(rawValue: row.sentiment) ?? .neutral,
                        score: row.score,
                        topics: Dictionary(topics.compactMap { row in Topic(rawValue: row.topic).map { ($0, Sentiment(rawValue: row.sentiment) ?? .neutral) } },
                                           uniquingKeysWith: { a, _ in a }),
                        predictedSentiment: Sentiment(rawValue: row.predicted_sentiment) ?? .neutral,
                        predictedTopics: Self.topics(row.predicted_topics), correctedBy: row.corrected_by,
                        correctedAt: row.corrected_at.flatMap(Timestamp.parse), reference: row.reference)
    }

    /// An open answer found by its analysis's opaque reference, with where it was given (for the
    /// reader's scope) and nothing that would tell when or what else the respondent answered.
    public struct ReferencedAnswer: Sendable {
        public let subject: Subject
        public let text: String
        public let language: Language?
        public let nodePath: String
    }

    struct ReferencedRow: Decodable { let subject_id: String; let question_key: String; let value_text: String; let language: String; let node_path: String }

    public func answer(reference: String) async throws -> ReferencedAnswer? {
        try await sql.raw("""
            SELECT t.subject_id, t.question_key, a.value_text, r.language, r.node_path
            FROM text_analyses t JOIN responses r ON r.id = t.subject_id
            JOIN response_answers a ON a.response_id = r.id AND a.question_key = t.question_key
            WHERE t.reference = \(bind: reference) AND t.subject_type = 'answer'
            """).first(decoding: ReferencedRow.self).map {
            ReferencedAnswer(subject: Subject(type: .answer, id: $0.subject_id, questionKey: $0.question_key), text: $0.value_text,
                             language: Language(shipped: $0.language), nodePath: $0.node_path)
        }
    }

    static func topics(_ list: String) -> [Topic] { list.split(separator: ",").compactMap { Topic(rawValue: String($0)) } }

    /// A handler's labels for a text (a confirmation when they equal the prediction), kept with
    /// what the analyser said and the words it saw (`features`) for the learning layer.
    public func correct(_ subject: Subject, sentiment: Sentiment, topics: [Topic], features: [String], scopePath: String, by userID: String,
                        now: Date) async throws {
        guard let current = try await analysis(of: subject) else { return }
        try await sql.raw("""
            INSERT INTO text_corrections (id, subject_type, subject_id, question_key, language, predicted_sentiment, predicted_topics, sentiment,
                                          topics, features, user_id, created_at, scope_path)
            VALUES (\(bind: Identifier.make(at: now)), \(bind: subject.type.rawValue), \(bind: subject.id), \(bind: subject.questionKey),
                    \(bind: current.language.rawValue), \(bind: current.predictedSentiment.rawValue),
                    \(bind: current.predictedTopics.map(\.rawValue).joined(separator: ",")), \(bind: sentiment.rawValue),
                    \(bind: topics.map(\.rawValue).joined(separator: ",")), \(bind: features.joined(separator: " ")), \(bind: userID),
                    \(bind: Timestamp.format(now)), \(bind: scopePath))
            """).run()
        try await sql.raw("""
            UPDATE text_analyses SET sentiment = \(bind: sentiment.rawValue), topics = \(bind: topics.map(\.rawValue).joined(separator: ",")),
                corrected_by = \(bind: userID), corrected_at = \(bind: Timestamp.format(now))
            WHERE subject_type = \(bind: subject.type.rawValue) AND subject_id = \(bind: subject.id) AND question_key = \(bind: subject.questionKey)
            """).run()
        // A topic the handler added takes the text's sentiment; one the analyser had keeps its own.
        var kept: [Topic: Sentiment] = [:]
        for topic in topics { kept[topic] = current.topics[topic] ?? (sentiment == .mixed ? .neutral : sentiment) }
        try await replaceTopics(subject, kept)
    }

    struct CorrectionRow: Decodable {
        let id: String, features: String, predicted_topics: String, sentiment: String, topics: String, scope_path: String, accepted_at: String?
        let created_at: String, language: String, subject_type: String
    }

    /// The latest correction of each text.
    func latestCorrections() async throws -> [CorrectionRow] {
        try await sql.raw("""
            SELECT c.id, c.features, c.predicted_topics, c.sentiment, c.topics, c.scope_path, c.accepted_at, c.created_at, c.language,
                   c.subject_type
            FROM text_corrections c
            WHERE c.created_at = (SELECT MAX(d.created_at) FROM text_corrections d WHERE d.subject_type = c.subject_type
                                  AND d.subject_id = c.subject_id AND d.question_key = c.question_key)
            """).all(decoding: CorrectionRow.self)
    }

    /// Every correction as an example for `CorrectionModel` (the latest per text), with its scope:
    /// the corrector's reach, or the whole county ("/") once accepted.
    public func correctionExamples() async throws -> [ScopedCorrections.Entry] {
        try await latestCorrections().map { row in
            let predicted = Set(Self.topics(row.predicted_topics)), corrected = Set(Self.topics(row.topics))
            let example = CorrectionModel.Example(features: row.features.split(separator: " ").map(String.init), sentiment: Sentiment(rawValue: row.sentiment),
                                                  addedTopics: Topic.allCases.filter { corrected.contains($0) && !predicted.contains($0) },
                                                  removedTopics: Topic.allCases.filter { predicted.contains($0) && !corrected.contains($0) })
            return ScopedCorrections.Entry(scopePath: row.accepted_at == nil ? row.scope_path : "/", example: example)
        }
    }

    /// A correction that teaches only part of the county, for a county-level reviewer: its labels,
    /// where it applies, and for an open answer the words it teaches (a case's stay with its handlers).
    public struct LocalCorrection: Sendable, Equatable {
        public let id: String
        public let language: Language
        public let sentiment: Sentiment?
        public let topics: [Topic]
        public let features: [String]
        public let scopePath: String
        public let createdAt: Date
    }

    public func localCorrections(countyPaths: Set<String>) async throws -> [LocalCorrection] {
        try await latestCorrections().filter { $0.accepted_at == nil && !countyPaths.contains($0.scope_path) }
            .sorted { $0.created_at > $1.created_at }
            .map { LocalCorrection(id: $0.id, language: Language(shipped: $0.language) ?? .fi, sentiment: Sentiment(rawValue: $0.sentiment),
                                   topics: Self.topics($0.topics),
                                   features: $0.subject_type == "answer" ? $0.features.split(separator: " ").map(String.init) : [],
                                   scopePath: $0.scope_path, createdAt: Timestamp.parse($0.created_at) ?? .distantPast) }
    }

    /// Makes a correction teach the whole county; false for an unknown or already accepted one.
    public func acceptCorrection(id: String, by userID: String, now: Date) async throws -> Bool {
        try await sql.raw("""
            UPDATE text_corrections SET accepted_by = \(bind: userID), accepted_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: id) AND accepted_at IS NULL RETURNING id
            """).first() != nil
    }

    /// How often handlers agreed with the analyser, by month of their review.
    public struct Agreement: Sendable, Equatable {
        public let month: String
        public let reviewed: Int
        public let sentimentAgreed: Int
        public let topicsAgreed: Int
    }

    struct AgreementRow: Decodable { let created_at: String; let predicted_sentiment: String; let sentiment: String; let predicted_topics: String; let topics: String }

    public func agreement(since: Date) async throws -> [Agreement] {
        var months: [String: (Int, Int, Int)] = [:]
        for row in try await sql.raw("""
            SELECT created_at, predicted_sentiment, sentiment, predicted_topics, topics FROM text_corrections
            WHERE created_at >= \(bind: Timestamp.format(since))
            """).all(decoding: AgreementRow.self) {
            let month = String(row.created_at.prefix(7))
            var counts = months[month] ?? (0, 0, 0)
            counts.0 += 1
            if row.predicted_sentiment == row.sentiment { counts.1 += 1 }
            if Set(Self.topics(row.predicted_topics)) == Set(Self.topics(row.topics)) { counts.2 += 1 }
            months[month] = counts
        }
        return months.keys.sorted().map { month in
            let counts = months[month]!
            return Agreement(month: month, reviewed: counts.0, sentimentAgreed: counts.1, topicsAgreed: counts.2)
        }
    }

    // MARK: The county's topic rules

    public struct StoredRule: Sendable, Equatable {
        public let id: String
        public let rule: TopicRule
    }

    struct RuleRow: Decodable { let id: String; let topic: String; let language: String; let term: String }

    public func rules() async throws -> [StoredRule] {
        try await sql.raw("SELECT id, topic, language, term FROM topic_rules ORDER BY topic, language, term").all(decoding: RuleRow.self)
            .compactMap { row in
                guard let topic = Topic(rawValue: row.topic), let language = Language(shipped: row.language) else { return nil }
                return StoredRule(id: row.id, rule: TopicRule(topic: topic, language: language, term: row.term))
            }
    }

    public func addRule(_ rule: TopicRule, by userID: String?, now: Date) async throws {
        try await sql.raw("""
            INSERT INTO topic_rules (id, topic, language, term, created_by, created_at)
            VALUES (\(bind: Identifier.make(at: now)), \(bind: rule.topic.rawValue), \(bind: rule.language.rawValue), \(bind: rule.term),
                    \(bind: userID), \(bind: Timestamp.format(now)))
            ON CONFLICT (topic, language, term) DO NOTHING
            """).run()
    }

    public func deleteRule(id: String) async throws {
        try await sql.raw("DELETE FROM topic_rules WHERE id = \(bind: id)").run()
    }
}
