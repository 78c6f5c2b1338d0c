import Foundation
import KaikuCore
import SQLKit

/// Requests for short-term surveys, sent by staff and decided by admins.
public struct SurveyRequestRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public struct Request: Sendable, Equatable {
        public let id: String
        public let requestedBy: String
        public let requesterEmail: String
        public let nodeID: String
        public let nodePath: String
        public let draft: SurveyRequestDraft
        public let status: SurveyRequestStatus
        public let decisionNote: String
        public let surveyID: String?
        public let createdAt: Date
    }

    struct Row: Decodable {
        let id: String, requested_by: String, email: String, node_id: String, node_path: String, code: String, title: String
        let purpose: String, goal: String, audience: String, channels: String, starts_on: String, ends_on: String
        let draft_questions: String, results_use: String, status: String, decision_note: String, survey_id: String?, created_at: String
        var request: Request {
            Request(id: id, requestedBy: requested_by, requesterEmail: email, nodeID: node_id, nodePath: node_path,
                    draft: SurveyRequestDraft(title: title, unitCode: code, purpose: purpose, goal: goal, audience: Audience(rawValue: audience),
                                              channels: Channel.set(from: channels), startsOn: CalendarDay(starts_on), endsOn: CalendarDay(ends_on),
                                              draftQuestions: draft_questions, resultsUse: results_use),
                    status: SurveyRequestStatus(rawValue: status) ?? .submitted, decisionNote: decision_note, surveyID: survey_id,
                    createdAt: Timestamp.parse(created_at) ?? .distantPast)
        }
    }

    static let select = """
        SELECT r.id, r.requested_by, u.email, r.node_id, r.node_path, n.code, r.title, r.purpose, r.goal, r.audience, r.channels, r.starts_on,
               r.ends_on, r.draft_questions, r.results_use, r.status, r.decision_note, r.survey_id, r.created_at
        FROM survey_requests r JOIN users u ON u.id = r.requested_by JOIN org_nodes n ON n.id = r.node_id
        """

    /// Stores a checked draft as submitted.
    public func create(_ draft: SurveyRequestDraft, node: OrgNode, requestedBy userID: String, now: Date) async throws -> String {
        let id = Identifier.make(at: now)
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO survey_requests (id, requested_by, node_id, node_path, title, purpose, goal, audience, channels, starts_on, ends_on,
                                         draft_questions, results_use, status, created_at, updated_at)
            VALUES (\(bind: id), \(bind: userID), \(bind: node.id), \(bind: node.path), \(bind: draft.title), \(bind: draft.purpose),
                    \(bind: draft.goal), \(bind: draft.audience?.rawValue ?? Audience.all.rawValue), \(bind: Channel.codes(draft.channels)),
                    \(bind: draft.startsOn?.description ?? ""), \(bind: draft.endsOn?.description ?? ""), \(bind: draft.draftQuestions),
                    \(bind: draft.resultsUse), 'submitted', \(bind: stamp), \(bind: stamp))
            """).run()
        return id
    }

    /// A returned request, corrected and sent again.
    public func resubmit(id: String, _ draft: SurveyRequestDraft, node: OrgNode, now: Date) async throws {
        try await sql.raw("""
            UPDATE survey_requests SET node_id = \(bind: node.id), node_path = \(bind: node.path), title = \(bind: draft.title),
                purpose = \(bind: draft.purpose), goal = \(bind: draft.goal), audience = \(bind: draft.audience?.rawValue ?? Audience.all.rawValue),
                channels = \(bind: Channel.codes(draft.channels)), starts_on = \(bind: draft.startsOn?.description ?? ""),
                ends_on = \(bind: draft.endsOn?.description ?? ""), draft_questions = \(bind: draft.draftQuestions),
                results_use = \(bind: draft.resultsUse), status = 'submitted', updated_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: id) AND status = 'returned'
            """).run()
    }

    /// Decides a request still waiting for a decision; false when it was already decided (another
    /// admin, a second click), in which case nothing changed.
    @discardableResult
    public func decide(id: String, _ status: SurveyRequestStatus, note: String, surveyID: String?, by userID: String, now: Date) async throws -> Bool {
        try await sql.raw("""
            UPDATE survey_requests SET status = \(bind: status.rawValue), decision_note = \(bind: note), survey_id = \(bind: surveyID),
                decided_by = \(bind: userID), decided_at = \(bind: Timestamp.format(now)), updated_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: id) AND status = \(bind: SurveyRequestStatus.submitted.rawValue) RETURNING id
            """).first() != nil
    }

    public func find(id: String) async throws -> Request? {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE r.id = \(bind: id)").first(decoding: Row.self)?.request
    }

    public func find(surveyID: String) async throws -> Request? {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE r.survey_id = \(bind: surveyID)").first(decoding: Row.self)?.request
    }

    public func byRequester(_ userID: String) async throws -> [Request] {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE r.requested_by = \(bind: userID) ORDER BY r.created_at DESC LIMIT 200")
            .all(decoding: Row.self).map(\.request)
    }

    /// Requests for units under any of the paths, waiting ones first.
    public func within(paths: [String]) async throws -> [Request] {
        guard !paths.isEmpty else { return [] }
        var query = SQLQueryString(Self.select) + " WHERE ("
        for (i, path) in paths.enumerated() { query = query + (i == 0 ? "" : " OR ") + "r.node_path LIKE \(bind: path + "%")" }
        query = query + ") ORDER BY CASE r.status WHEN 'submitted' THEN 0 ELSE 1 END, r.created_at DESC LIMIT 500"
        return try await sql.raw(query).all(decoding: Row.self).map(\.request)
    }
}
