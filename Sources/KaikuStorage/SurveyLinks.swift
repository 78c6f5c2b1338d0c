import Foundation
import KaikuCore
import SQLKit

/// Personal links: made for an invitation, used once, then only their token's hash kept.
extension SurveyRepository {

    public struct Background: Sendable, Equatable {
        public var ageBand: AgeBand?
        public var gender: String?
        public var contactType: ContactType?
        public var callType: CallType?
        /// Answered on the form: who answered, whether a staff member helped. The variant is the
        /// form's (a personal link's may be chosen by its invitation).
        public var respondent: Respondent?
        public var variant: SurveyVariant
        public var assistance: Assistance
        public init(ageBand: AgeBand? = nil, gender: String? = nil, contactType: ContactType? = nil, callType: CallType? = nil,
                    respondent: Respondent? = nil, variant: SurveyVariant = .standard, assistance: Assistance = .independent) {
            self.ageBand = ageBand
            self.gender = gender
            self.contactType = contactType
            self.callType = callType
            self.respondent = respondent
            self.variant = variant
            self.assistance = assistance
        }

        /// The facts a response with this background counts under.
        public func facts(surveyID: String, nodePath: String, day: CalendarDay, channel: Channel, language: Language) -> ResponseFacts {
            ResponseFacts(surveyID: surveyID, nodePath: nodePath, day: day, channel: channel, language: language, ageBand: ageBand,
                          contactType: contactType, callType: callType, respondent: respondent, variant: variant, assistance: assistance)
        }
    }

    public struct Link: Sendable, Equatable {
        public let surveyID: String
        public let nodeID: String
        public let channel: Channel
        public let language: Language
        public let background: Background
        public let expiresAt: Date
    }

    /// Makes a single-use link; only the hash of the returned token is stored.
    public func createLink(surveyID: String, nodeID: String, channel: Channel, language: Language, background: Background,
                           expiresAt: Date, now: Date) async throws -> String {
        guard let node = try await OrgRepository(sql).node(id: nodeID) else { throw SurveyStorageError.noNode }
        return try await createLink(surveyID: surveyID, node: node, channel: channel, language: language, background: background,
                                    expiresAt: expiresAt, now: now)
    }

    /// The same for a node the caller has at hand (an SMS run makes thousands).
    /// `token`: a text message's is short (`SurveyToken.makeShort`).
    public func createLink(surveyID: String, node: OrgNode, channel: Channel, language: Language, background: Background,
                           expiresAt: Date, now: Date, token: String = SurveyToken.make()) async throws -> String {
        try await sql.raw("""
            INSERT INTO survey_tokens (token_hash, survey_id, node_id, channel, language, age_band, gender, contact_type, call_type, variant, expires_at,
                                       created_at)
            VALUES (\(bind: SessionRepository.hash(token)), \(bind: surveyID), \(bind: node.id), \(bind: channel.rawValue), \(bind: language.rawValue),
                    \(bind: background.ageBand?.rawValue), \(bind: background.gender), \(bind: background.contactType?.rawValue),
                    \(bind: background.callType?.rawValue), \(bind: background.variant == .standard ? nil : background.variant.rawValue),
                    \(bind: Timestamp.format(expiresAt)), \(bind: Timestamp.format(now)))
            """).run()
        // Every link made is an invitation, the denominator of the response rate.
        try await ReportRepository(sql).countInvitation(surveyID: surveyID, nodePath: node.path, day: CalendarDay(now), channel: channel,
                                                        language: language, ageBand: background.ageBand)
        return token
    }

    struct LinkRow: Decodable {
        let survey_id: String, node_id: String, channel: String, language: String, age_band: String?, gender: String?
        let contact_type: String?, call_type: String?, variant: String?, expires_at: String
    }

    /// An unused link; nil for an unknown or used one (`isUsed` tells which).
    public func link(token: String, forUpdate: Bool = false, kind: KaikuDatabase.Kind = .sqlite) async throws -> Link? {
        guard SurveyToken.isWellFormed(token) else { return nil }
        return try await link(tokenHash: SessionRepository.hash(token), forUpdate: forUpdate, kind: kind)
    }

    /// The same by the token's hash (an SMS reply knows only that).
    public func link(tokenHash: String, forUpdate: Bool = false, kind: KaikuDatabase.Kind = .sqlite) async throws -> Link? {
        let lock = forUpdate && kind == .postgres ? " FOR UPDATE" : ""
        guard let row = try await sql.raw("""
            SELECT survey_id, node_id, channel, language, age_band, gender, contact_type, call_type, variant, expires_at
            FROM survey_tokens WHERE token_hash = \(bind: tokenHash)
            """ + SQLQueryString(lock)).first(decoding: LinkRow.self) else { return nil }
        return Link(surveyID: row.survey_id, nodeID: row.node_id, channel: Channel(rawValue: row.channel) ?? .web,
                    language: Language(rawValue: row.language) ?? .fi,
                    background: Background(ageBand: row.age_band.flatMap(AgeBand.init), gender: row.gender,
                                           contactType: row.contact_type.flatMap(ContactType.init), callType: row.call_type.flatMap(CallType.init),
                                           variant: row.variant.flatMap(SurveyVariant.init) ?? .standard),
                    expiresAt: Timestamp.parse(row.expires_at) ?? .distantPast)
    }

    public func isUsed(token: String) async throws -> Bool {
        guard SurveyToken.isWellFormed(token) else { return false }
        return try await sql.raw("SELECT token_hash FROM survey_tokens_used WHERE token_hash = \(bind: SessionRepository.hash(token))").first() != nil
    }

    /// Uses up a link. Its row (survey, unit, background values, creation and expiry times) is
    /// deleted and only the token's hash is kept, in a table ordered by hash rather than by time
    /// of use, so nothing can be matched with the response stored in the same transaction.
    public func markUsed(token: String) async throws {
        try await markUsed(tokenHash: SessionRepository.hash(token))
    }

    public func markUsed(tokenHash hash: String) async throws {
        try await sql.raw("DELETE FROM survey_tokens WHERE token_hash = \(bind: hash)").run()
        try await sql.raw("INSERT INTO survey_tokens_used (token_hash) VALUES (\(bind: hash)) ON CONFLICT (token_hash) DO NOTHING").run()
    }
}
