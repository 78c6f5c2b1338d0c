import Foundation
import KaikuCore
import SQLKit

/// Anonymous responses and their answers, with the report rollups they add to.
extension SurveyRepository {

    public struct NewResponse: Sendable {
        public let surveyID: String
        public let versionID: String
        public let node: OrgNode
        public let channel: Channel
        public let language: Language
        public let background: Background
        public let submissionKey: String?
        /// The day it was given, when not today: answers imported from an earlier system.
        public let day: CalendarDay?
        public init(surveyID: String, versionID: String, node: OrgNode, channel: Channel, language: Language, background: Background,
                    submissionKey: String?, day: CalendarDay? = nil) {
            self.day = day
            self.surveyID = surveyID
            self.versionID = versionID
            self.node = node
            self.channel = channel
            self.language = language
            self.background = background
            self.submissionKey = submissionKey
        }
    }

    /// Stores an anonymous response: background variables and answers, nothing personal. Free
    /// text is masked in case someone wrote a phone number or identity code in it. Returns false
    /// when the same submission was already stored (a double click).
    @discardableResult
    public func insert(_ response: NewResponse, answers: [String: AnswerValue], now: Date) async throws -> Bool {
        try await insertBatch([(response, answers)], now: now)[0]
    }

    /// A history's responses in batches of 5,000 (a batch's rollup counts merge before they are
    /// written), reporting progress after each; returns how many were stored (not imported before).
    public func insertAll(_ items: [(response: NewResponse, answers: [String: AnswerValue])], now: Date,
                          progress: ProgressReport? = nil) async throws -> Int {
        var stored = 0, done = 0
        for batch in items.chunked(5_000) {
            stored += try await insertBatch(Array(batch), now: now).filter { $0 }.count
            done += batch.count
            progress?(done, items.count)
        }
        return stored
    }

    /// Stores many responses in two statements (group commit from `ResponseWriter`). Returns, per
    /// response, false when its submission key was already stored (also earlier in the same batch).
    public func insertBatch(_ items: [(response: NewResponse, answers: [String: AnswerValue])], now: Date,
                            rollups upkeep: RollupUpkeep = .immediate) async throws -> [Bool] {
        // Submission keys (a kiosk's answer id, an integration's submission_id) are stored hashed.
        let keys = items.compactMap { $0.response.submissionKey.map(SessionRepository.hash) }
        var seen = Set<String>()
        if !keys.isEmpty {
            struct KeyRow: Decodable { let submission_key: String }
            seen = Set(try await sql.raw("SELECT submission_key FROM responses WHERE submission_key IN (\(binds: keys))")
                .all(decoding: KeyRow.self).map(\.submission_key))
        }
        var results: [Bool] = []
        var responseRows: [SQLQueryString] = []
        var answerRows: [SQLQueryString] = []
        let today = CalendarDay(now)
        let day = today.description
        var rollups = Rollups.Increments()
        var ids = Identifier.makeRandom(count: items.count).makeIterator()
        for (response, answers) in items {
            let key = response.submissionKey.map(SessionRepository.hash)
            if let key {
                guard seen.insert(key).inserted else { results.append(false); continue }
            }
            results.append(true)
            // A random id: a time-ordered one would tell when the answer was given.
            let id = ids.next()!
            let b = response.background
            responseRows.append("""
                (\(bind: id), \(bind: response.surveyID), \(bind: response.versionID), \(bind: response.node.id), \(bind: response.node.path),
                 \(bind: response.channel.rawValue), \(bind: response.language.rawValue), \(bind: b.ageBand?.rawValue), \(bind: b.gender),
                 \(bind: b.contactType?.rawValue), \(bind: b.callType?.rawValue), \(bind: b.respondent?.rawValue),
                 \(bind: b.variant == .standard ? nil : b.variant.rawValue), \(bind: b.assistance == .assisted),
                 \(bind: response.day?.description ?? day), \(bind: key))
                """)
            answerRows += Self.answerRows(responseID: id, answers: answers)
            rollups.add(b.facts(surveyID: response.surveyID, nodePath: response.node.path, day: response.day ?? today, channel: response.channel,
                                language: response.language), answers: answers)
        }
        // In statements of at most 4,000 rows: PostgreSQL takes at most 65,535 bound values in one
        // (16 a response), SQLite 250,000.
        for chunk in responseRows.chunked(4_000) {
            try await sql.raw(Self.joined("""
                INSERT INTO responses (id, survey_id, version_id, node_id, node_path, channel, language, age_band, gender, contact_type, call_type,
                                       respondent, variant, assisted, submitted_on, submission_key) VALUES \u{20}
                """, Array(chunk))).run()
        }
        for chunk in answerRows.chunked(5_000) {
            try await sql.raw(Self.joined("INSERT INTO response_answers (response_id, question_key, value_number, value_text, is_cant_say) VALUES ",
                                          Array(chunk))).run()
        }
        // Reports read these counts, kept in the same transaction as the answers they count.
        switch upkeep {
        case .immediate: try await ReportRepository(sql).add(rollups)
        case .deferred: try await ReportRepository(sql).deferIncrements(rollups, now: now)
        }
        return results
    }

    static func answerRows(responseID id: String, answers: [String: AnswerValue]) -> [SQLQueryString] {
        var rows: [SQLQueryString] = []
        for (key, value) in answers.sorted(by: { $0.key < $1.key }) {
            var number: Int?
            var text: String?
            var cantSay = false
            switch value {
            case .number(let n): number = n
            case .cantSay: cantSay = true
            case .choice(let c): text = c
            case .choices(let cs): text = cs.joined(separator: ",")
            case .text(let t): text = PersonalData.mask(t)
            }
            if case .text(let t) = value, t.isEmpty { continue }
            rows.append("(\(bind: id), \(bind: key), \(bind: number), \(bind: text), \(bind: cantSay))")
        }
        return rows
    }

    static func joined(_ head: String, _ rows: [SQLQueryString]) -> SQLQueryString {
        // `+=` appends fragments in place; `+` would nest every row one level deeper.
        var query = SQLQueryString(head)
        for (i, row) in rows.enumerated() {
            if i > 0 { query += ", " }
            query += row
        }
        return query
    }

    public func versionCount(surveyID: String) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM survey_versions WHERE survey_id = \(bind: surveyID)").first(decoding: CountRow.self)?.n ?? 0
    }

    public func responseCount(surveyID: String) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM responses WHERE survey_id = \(bind: surveyID)").first(decoding: CountRow.self)?.n ?? 0
    }
}
