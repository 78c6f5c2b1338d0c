import Foundation
import KaikuCore
import SQLKit

/// What reports read of the raw answers: the open answers behind a list of texts, and the
/// recomputation of the rollups from every stored answer.
extension ReportRepository {
    /// How many open answers to a question match, and up to `limit` of them, in id order (ids
    /// are random, so the order tells nothing of when they were written).
    public func texts(surveyID: String, nodePath: String, from: CalendarDay, to: CalendarDay, questionKey: String,
                      filter: (key: String, range: ClosedRange<Int>)?, topic: (topic: Topic, sentiment: Sentiment?)? = nil,
                      classKey: String? = nil, limit: Int) async throws -> (count: Int, texts: [OpenText]) {
        var join: SQLQueryString = ""
        if let filter {
            join = """
                JOIN response_answers f ON f.response_id = r.id AND f.question_key = \(bind: filter.key)
                 AND f.value_number >= \(bind: filter.range.lowerBound) AND f.value_number <= \(bind: filter.range.upperBound)
                """
        }
        if let topic {
            join = join + """
                 JOIN text_topics tt ON tt.subject_type = 'answer' AND tt.subject_id = r.id AND tt.question_key = \(bind: questionKey)
                 AND tt.topic = \(bind: topic.topic.rawValue)
                """
            if let sentiment = topic.sentiment { join = join + " AND tt.sentiment = \(bind: sentiment.rawValue)" }
            join = join + " "
        }
        let source: SQLQueryString = "FROM responses r JOIN response_answers a ON a.response_id = r.id AND a.question_key = \(bind: questionKey) "
            + join
        let analysis: SQLQueryString = """
             LEFT JOIN text_analyses ta ON ta.subject_type = 'answer' AND ta.subject_id = r.id AND ta.question_key = \(bind: questionKey)
             LEFT JOIN response_answers c ON c.response_id = r.id AND c.question_key = \(bind: classKey ?? "")
            """
        let filters: SQLQueryString = """
             WHERE r.survey_id = \(bind: surveyID) AND r.node_path LIKE \(bind: nodePath + "%")
              AND r.submitted_on >= \(bind: from.description) AND r.submitted_on <= \(bind: to.description) AND a.value_text <> ''
            """
        let count = try await sql.raw("SELECT COUNT(*) AS n " + source + filters).first(decoding: CountRow.self)?.n ?? 0
        let texts = try await sql.raw("SELECT a.value_text, ta.reference, ta.sentiment, r.submitted_on, r.node_path, c.value_number AS class_value "
                                      + source + analysis + filters + " ORDER BY r.id LIMIT \(bind: limit)").all(decoding: OpenTextRow.self)
        return (count, texts.map {
            OpenText(text: $0.value_text, reference: $0.reference, sentiment: $0.sentiment.flatMap(Sentiment.init(rawValue:)),
                     month: String($0.submitted_on.prefix(7)), nodePath: $0.node_path, classValue: $0.class_value)
        })
    }

    /// An open answer in a report's list: its text, and its analysis's sentiment and opaque
    /// reference (for correcting it) once the analyser has read it. The month, the node and the
    /// writer's answer to `classKey` are for the labels the disclosure plan allows (`Reports`);
    /// they are never shown as such.
    public struct OpenText: Sendable, Equatable {
        public let text: String
        public let reference: String?
        public let sentiment: Sentiment?
        /// "YYYY-MM".
        public let month: String
        public let nodePath: String
        public let classValue: Int?
    }

    struct OpenTextRow: Decodable {
        let value_text: String, reference: String?, sentiment: String?, submitted_on: String, node_path: String, class_value: Int?
    }

    struct RawRow: Decodable {
        let id: String, survey_id: String, version_id: String, node_path: String, submitted_on: String
        let channel: String, language: String, age_band: String?, contact_type: String?, call_type: String?
        let respondent: String?, variant: String?, assisted: Bool
        let question_key: String?, value_number: Int?, value_text: String?, is_cant_say: Bool?
    }

    struct VersionRow: Decodable { let id: String; let definition: String }

    /// The responses of a survey given at or under a node (`nodePath`) on the given days, as
    /// reporting sees them, with the increments they make. Choice and open answers are told apart
    /// by the question's type in the response's version.
    public func recompute(surveyID: String, nodePath: String, from: CalendarDay, to: CalendarDay) async throws -> Rollups.Increments {
        var types: [String: [String: QuestionType]] = [:]
        for row in try await sql.raw("SELECT id, definition FROM survey_versions WHERE survey_id = \(bind: surveyID)").all(decoding: VersionRow.self) {
            let definition = try SurveyDefinition.decode(row.definition)
            types[row.id] = Dictionary(definition.questions.map { ($0.key, $0.type) }, uniquingKeysWith: { a, _ in a })
        }
        let rows = try await sql.raw("""
            SELECT r.id, r.survey_id, r.version_id, r.node_path, r.submitted_on, r.channel, r.language, r.age_band, r.contact_type, r.call_type,
                   r.respondent, r.variant, r.assisted, a.question_key, a.value_number, a.value_text, a.is_cant_say
            FROM responses r LEFT JOIN response_answers a ON a.response_id = r.id
            WHERE r.survey_id = \(bind: surveyID) AND r.node_path LIKE \(bind: nodePath + "%")
              AND r.submitted_on >= \(bind: from.description) AND r.submitted_on <= \(bind: to.description)
            ORDER BY r.id
            """).all(decoding: RawRow.self)
        var increments = Rollups.Increments()
        var index = rows.startIndex
        while index < rows.endIndex {
            let first = rows[index]
            var answers: [String: AnswerValue] = [:]
            while index < rows.endIndex, rows[index].id == first.id {
                let row = rows[index]
                index += 1
                guard let key = row.question_key else { continue }
                answers[key] = Self.answer(row, type: types[row.version_id]?[key])
            }
            guard let day = CalendarDay(first.submitted_on) else { continue }
            let background = SurveyRepository.Background(
                ageBand: first.age_band.flatMap(AgeBand.init), contactType: first.contact_type.flatMap(ContactType.init),
                callType: first.call_type.flatMap(CallType.init), respondent: first.respondent.flatMap(Respondent.init),
                variant: first.variant.flatMap(SurveyVariant.init) ?? .standard, assistance: first.assisted ? .assisted : .independent)
            let facts = background.facts(surveyID: first.survey_id, nodePath: first.node_path, day: day,
                                         channel: Channel(rawValue: first.channel) ?? .web, language: Language(rawValue: first.language) ?? .fi)
            increments.add(facts, answers: answers)
        }
        return increments
    }

    static func answer(_ row: RawRow, type: QuestionType?) -> AnswerValue {
        if row.is_cant_say == true { return .cantSay }
        if let n = row.value_number { return .number(n) }
        let text = row.value_text ?? ""
        switch type {
        case .singleChoice: return .choice(text)
        case .multipleChoice: return .choices(text.split(separator: ",").map(String.init))
        default: return .text(text)
        }
    }

    /// Recomputes every rollup from the raw answers: after a migration adds the tables to a
    /// database that already holds answers, or after history is imported by hand.
    public func rebuild(progress: ProgressReport? = nil) async throws {
        try await sql.raw("DELETE FROM rollup_pending").run()
        try await sql.raw("DELETE FROM rollup_days").run()
        try await sql.raw("DELETE FROM rollup_months").run()
        try await sql.raw("DELETE FROM rollup_month_totals").run()
        struct MonthRow: Decodable { let survey_id: String; let month: String }
        let months = try await sql.raw("SELECT DISTINCT survey_id, SUBSTR(submitted_on, 1, 7) AS month FROM responses")
            .all(decoding: MonthRow.self)
        for (index, row) in months.enumerated() {
            guard let first = CalendarDay(row.month + "-01") else { continue }
            let increments = try await recompute(surveyID: row.survey_id, nodePath: "/", from: first, to: first.addingMonths(1).adding(days: -1))
            try await add(increments)
            progress?(index + 1, months.count)
        }
    }
}
