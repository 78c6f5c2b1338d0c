import Foundation
import KaikuCore
import SQLKit

/// Surveys, their versions and targets, personal links, and anonymous responses.
public struct SurveyRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public struct Survey: Sendable, Equatable {
        public let id: String
        public let code: String
        public let kind: SurveyKind
        public let name: LocalizedText
        public let isNational: Bool
        public let status: SurveyStatus
        public let startsOn: CalendarDay?
        public let endsOn: CalendarDay?
        /// Show one question per screen (back and next) instead of all on one page.
        public let onePerPage: Bool
        public let audience: Audience
        /// The channels the survey is distributed through (for the overlap warning).
        public let channels: Set<Channel>
        /// The scope path of the admin who created it: a draft without targets is theirs.
        public let ownerPath: String?
        /// The contact types its SMS invitations go to after; empty for every type.
        public let smsContactTypes: Set<ContactType>

        public func isOpen(on day: CalendarDay) -> Bool {
            status.isOpen(on: day, startsOn: startsOn, endsOn: endsOn)
        }
    }

    public struct Version: Sendable, Equatable {
        public let id: String
        public let number: Int
        public let definition: SurveyDefinition
    }

    struct Row: Decodable {
        let id: String, code: String, kind: String, name_fi: String, name_sv: String, name_en: String
        let is_national: Bool, status: String, starts_on: String?, ends_on: String?, one_per_page: Bool, audience: String, channels: String
        let owner_path: String?, sms_contact_types: String
        var survey: Survey {
            Survey(id: id, code: code, kind: SurveyKind(rawValue: kind) ?? .shortTerm, name: LocalizedText(fi: name_fi, sv: name_sv, en: name_en), isNational: is_national,
                   status: SurveyStatus(rawValue: status) ?? .draft, startsOn: starts_on.flatMap(CalendarDay.init), endsOn: ends_on.flatMap(CalendarDay.init),
                   onePerPage: one_per_page, audience: Audience(rawValue: audience) ?? .all, channels: Channel.set(from: channels), ownerPath: owner_path,
                   smsContactTypes: ContactType.set(from: sms_contact_types))
        }
    }

    static let select = """
        SELECT id, code, kind, name_fi, name_sv, name_en, is_national, status, starts_on, ends_on, one_per_page, audience, channels, owner_path,
               sms_contact_types FROM surveys
        """

    // MARK: Designer

    /// What the designer changes about a survey besides its questions.
    public struct Settings: Sendable, Equatable {
        public var name: LocalizedText
        public var audience: Audience
        public var channels: Set<Channel>
        public var startsOn: CalendarDay?
        public var endsOn: CalendarDay?
        public var onePerPage: Bool
        public var smsContactTypes: Set<ContactType>
        public init(name: LocalizedText, audience: Audience, channels: Set<Channel>, startsOn: CalendarDay?, endsOn: CalendarDay?, onePerPage: Bool,
                    smsContactTypes: Set<ContactType> = []) {
            self.smsContactTypes = smsContactTypes
            self.name = name
            self.audience = audience
            self.channels = channels
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.onePerPage = onePerPage
        }
    }

    /// A new draft survey with an empty first version.
    public func create(code: String, kind: SurveyKind, settings: Settings, ownerPath: String?, now: Date) async throws -> String {
        let id = Identifier.make(at: now)
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO surveys (id, code, kind, name_fi, name_sv, name_en, is_national, status, starts_on, ends_on, one_per_page, audience,
                                 channels, owner_path, created_at, updated_at)
            VALUES (\(bind: id), \(bind: code), \(bind: kind.rawValue), \(bind: settings.name.fi), \(bind: settings.name.sv), \(bind: settings.name.en), FALSE,
                    'draft', \(bind: settings.startsOn?.description), \(bind: settings.endsOn?.description), \(bind: settings.onePerPage),
                    \(bind: settings.audience.rawValue), \(bind: Channel.codes(settings.channels)), \(bind: ownerPath), \(bind: stamp), \(bind: stamp))
            """).run()
        try await sql.raw("""
            INSERT INTO survey_versions (id, survey_id, number, definition, created_at)
            VALUES (\(bind: Identifier.make(at: now)), \(bind: id), 1, \(bind: try SurveyDefinition(questions: []).encoded()), \(bind: stamp))
            """).run()
        return id
    }

    public func update(surveyID: String, _ settings: Settings, now: Date) async throws {
        try await sql.raw("""
            UPDATE surveys SET name_fi = \(bind: settings.name.fi), name_sv = \(bind: settings.name.sv), name_en = \(bind: settings.name.en),
                audience = \(bind: settings.audience.rawValue), channels = \(bind: Channel.codes(settings.channels)),
                starts_on = \(bind: settings.startsOn?.description), ends_on = \(bind: settings.endsOn?.description),
                one_per_page = \(bind: settings.onePerPage), sms_contact_types = \(bind: ContactType.codes(settings.smsContactTypes)),
                updated_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: surveyID)
            """).run()
    }

    public func setStatus(surveyID: String, _ status: SurveyStatus, now: Date) async throws {
        try await sql.raw("UPDATE surveys SET status = \(bind: status.rawValue), updated_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: surveyID)").run()
    }

    /// Saves edited questions. The latest version is changed in place only while nobody has
    /// answered it; once it has answers the edit becomes a new version, so every stored answer
    /// keeps the exact questions it answered.
    @discardableResult
    public func saveDefinition(surveyID: String, _ definition: SurveyDefinition, now: Date) async throws -> Version {
        let encoded = try definition.encoded()
        guard let latest = try await latestVersion(surveyID: surveyID) else { throw SurveyStorageError.noVersion }
        if try await responseCount(versionID: latest.id) == 0 {
            try await sql.raw("UPDATE survey_versions SET definition = \(bind: encoded) WHERE id = \(bind: latest.id)").run()
            return Version(id: latest.id, number: latest.number, definition: definition)
        }
        let id = Identifier.make(at: now)
        try await sql.raw("""
            INSERT INTO survey_versions (id, survey_id, number, definition, created_at)
            VALUES (\(bind: id), \(bind: surveyID), \(bind: latest.number + 1), \(bind: encoded), \(bind: Timestamp.format(now)))
            """).run()
        try await sql.raw("UPDATE surveys SET updated_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: surveyID)").run()
        return Version(id: id, number: latest.number + 1, definition: definition)
    }

    public func responseCount(versionID: String) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM responses WHERE version_id = \(bind: versionID)").first(decoding: CountRow.self)?.n ?? 0
    }

    public func targetIDs(surveyID: String) async throws -> [String] {
        struct NodeRow: Decodable { let node_id: String }
        return try await sql.raw("SELECT node_id FROM survey_targets WHERE survey_id = \(bind: surveyID) ORDER BY node_id")
            .all(decoding: NodeRow.self).map(\.node_id)
    }

    public func setTargets(surveyID: String, nodeIDs: [String]) async throws {
        try await sql.raw("DELETE FROM survey_targets WHERE survey_id = \(bind: surveyID)").run()
        for nodeID in Set(nodeIDs) { try await addTarget(surveyID: surveyID, nodeID: nodeID) }
    }

    /// Every published survey's plan (targets, audience, channels, dates) for the overlap warning.
    public func publishedPlans() async throws -> [SurveyPlan] {
        struct PlanRow: Decodable { let id: String; let audience: String; let channels: String; let starts_on: String?; let ends_on: String?; let path: String? }
        let rows = try await sql.raw("""
            SELECT s.id, s.audience, s.channels, s.starts_on, s.ends_on, n.path FROM surveys s
            LEFT JOIN survey_targets t ON t.survey_id = s.id LEFT JOIN org_nodes n ON n.id = t.node_id
            WHERE s.status = \(bind: SurveyStatus.published.rawValue) ORDER BY s.id
            """).all(decoding: PlanRow.self)
        var plans: [SurveyPlan] = []
        for row in rows {
            if plans.last?.surveyID == row.id {
                if let path = row.path { plans[plans.count - 1].targetPaths.append(path) }
            } else {
                plans.append(SurveyPlan(surveyID: row.id, targetPaths: row.path.map { [$0] } ?? [], audience: Audience(rawValue: row.audience) ?? .all,
                                        channels: Channel.set(from: row.channels), startsOn: row.starts_on.flatMap(CalendarDay.init),
                                        endsOn: row.ends_on.flatMap(CalendarDay.init)))
            }
        }
        return plans
    }

    public func setOnePerPage(surveyID: String, _ value: Bool, now: Date) async throws {
        try await sql.raw("UPDATE surveys SET one_per_page = \(bind: value), updated_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: surveyID)").run()
    }

    public func survey(code: String) async throws -> Survey? {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE code = \(bind: code)").first(decoding: Row.self)?.survey
    }

    public func survey(id: String) async throws -> Survey? {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE id = \(bind: id)").first(decoding: Row.self)?.survey
    }

    public func all() async throws -> [Survey] {
        try await sql.raw(SQLQueryString(Self.select + " ORDER BY is_national DESC, name_fi")).all(decoding: Row.self).map(\.survey)
    }

    struct VersionRow: Decodable { let id: String; let number: Int; let definition: String }

    public func latestVersion(surveyID: String) async throws -> Version? {
        guard let row = try await sql.raw("""
            SELECT id, number, definition FROM survey_versions WHERE survey_id = \(bind: surveyID) ORDER BY number DESC LIMIT 1
            """).first(decoding: VersionRow.self) else { return nil }
        return Version(id: row.id, number: row.number, definition: try SurveyDefinition.decode(row.definition))
    }

    public func addTarget(surveyID: String, nodeID: String) async throws {
        try await sql.raw("""
            INSERT INTO survey_targets (survey_id, node_id) VALUES (\(bind: surveyID), \(bind: nodeID)) ON CONFLICT (survey_id, node_id) DO NOTHING
            """).run()
    }

    /// Whether the survey runs at the node: a target is the node itself or above it.
    /// Every survey's target paths at once, for lists that show each admin their own surveys.
    public func targetPaths(surveyID: String) async throws -> [String] {
        struct Row: Decodable { let path: String }
        return try await sql.raw("SELECT n.path FROM survey_targets t JOIN org_nodes n ON n.id = t.node_id WHERE t.survey_id = \(bind: surveyID)")
            .all(decoding: Row.self).map(\.path)
    }

    public func targetPathsBySurvey() async throws -> [String: [String]] {
        struct Row: Decodable { let survey_id: String; let path: String }
        let rows = try await sql.raw("SELECT t.survey_id, n.path FROM survey_targets t JOIN org_nodes n ON n.id = t.node_id")
            .all(decoding: Row.self)
        return Dictionary(grouping: rows, by: \.survey_id).mapValues { $0.map(\.path) }
    }

    // MARK: Answer bursts

    /// Counts one answer refused as part of a burst.
    public func countBurst(surveyID: String, nodeID: String, channel: Channel, on day: CalendarDay) async throws {
        try await sql.raw("""
            INSERT INTO answer_bursts (day, survey_id, node_id, channel, refused) VALUES (\(bind: day.description), \(bind: surveyID),
                \(bind: nodeID), \(bind: channel.rawValue), 1)
            ON CONFLICT (day, survey_id, node_id, channel) DO UPDATE SET refused = answer_bursts.refused + 1
            """).run()
    }

    /// Refused burst answers per survey since `day`, within the subtrees at `paths`.
    public func burstsBySurvey(since day: CalendarDay, within paths: [String]) async throws -> [String: Int] {
        guard !paths.isEmpty else { return [:] }
        struct Row: Decodable { let survey_id: String; let n: Int }
        return Dictionary(uniqueKeysWithValues: try await sql.raw("""
            SELECT b.survey_id, SUM(b.refused) AS n FROM answer_bursts b JOIN org_nodes n ON n.id = b.node_id
            WHERE b.day >= \(bind: day.description) AND (
            """ + OrgRepository.pathFilter(paths, column: "n.path") + ") GROUP BY b.survey_id").all(decoding: Row.self).map { ($0.survey_id, $0.n) })
    }

    public func runs(surveyID: String, at node: OrgNode) async throws -> Bool {
        let ids = OrgPath.ids(in: node.path)
        return try await sql.raw("SELECT node_id FROM survey_targets WHERE survey_id = \(bind: surveyID) AND node_id IN (\(binds: ids))").first() != nil
    }

}

public enum SurveyStorageError: Error { case noVersion, noNode }

/// How a batch of answers updates the report rollups: at once, or through `rollup_pending`
/// (one row now, folded by `ReportRepository.foldPending` soon after: the live answer path).
public enum RollupUpkeep: Sendable {
    case immediate
    case deferred
}

extension Channel {
    /// Channels stored as a comma-separated list of codes.
    public static func set(from codes: String) -> Set<Channel> {
        Set(codes.split(separator: ",").compactMap { Channel(rawValue: String($0)) })
    }

    public static func codes(_ channels: Set<Channel>) -> String {
        allCases.filter(channels.contains).map(\.rawValue).joined(separator: ",")
    }
}

extension ContactType {
    /// Contact types stored as a comma-separated list of codes, like channels.
    public static func set(from codes: String) -> Set<ContactType> {
        Set(codes.split(separator: ",").compactMap { ContactType(rawValue: String($0)) })
    }

    public static func codes(_ types: Set<ContactType>) -> String {
        allCases.filter(types.contains).map(\.rawValue).joined(separator: ",")
    }
}
