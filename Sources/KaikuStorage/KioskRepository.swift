import Foundation
import KaikuCore
import SQLKit

public struct KioskRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public struct Device: Sendable, Equatable {
        public let id: String
        public let name: String
        public let nodeID: String
        public let surveyID: String
        public let isRevoked: Bool
    }

    struct Row: Decodable { let id: String; let name: String; let node_id: String; let survey_id: String; let revoked_at: String? }

    /// Registers a device and returns the secret for its link (shown once).
    public func register(name: String, nodeID: String, surveyID: String, now: Date) async throws -> String {
        let token = SurveyToken.make()
        try await sql.raw("""
            INSERT INTO kiosk_devices (id, name, node_id, survey_id, token_hash, created_at)
            VALUES (\(bind: Identifier.make(at: now)), \(bind: name), \(bind: nodeID), \(bind: surveyID), \(bind: SessionRepository.hash(token)),
                    \(bind: Timestamp.format(now)))
            """).run()
        return token
    }

    public func device(token: String) async throws -> Device? {
        guard SurveyToken.isWellFormed(token) else { return nil }
        return try await sql.raw("""
            SELECT id, name, node_id, survey_id, revoked_at FROM kiosk_devices WHERE token_hash = \(bind: SessionRepository.hash(token))
            """).first(decoding: Row.self).map { Device(id: $0.id, name: $0.name, nodeID: $0.node_id, surveyID: $0.survey_id, isRevoked: $0.revoked_at != nil) }
    }

    /// A registered device as admins list it: with its unit's place in the tree and the names shown.
    public struct Listing: Sendable, Equatable {
        public let device: Device
        public let nodePath: String
        public let unitName: LocalizedText
        public let surveyName: LocalizedText
    }

    struct ListingRow: Decodable {
        let id: String, name: String, node_id: String, survey_id: String, revoked_at: String?, path: String
        let unit_fi: String, unit_sv: String, unit_en: String, survey_fi: String, survey_sv: String, survey_en: String
        var listing: Listing {
            Listing(device: Device(id: id, name: name, nodeID: node_id, surveyID: survey_id, isRevoked: revoked_at != nil), nodePath: path,
                    unitName: LocalizedText(fi: unit_fi, sv: unit_sv, en: unit_en),
                    surveyName: LocalizedText(fi: survey_fi, sv: survey_sv, en: survey_en))
        }
    }

    static let listingSelect = """
        SELECT d.id, d.name, d.node_id, d.survey_id, d.revoked_at, n.path, n.name_fi AS unit_fi, n.name_sv AS unit_sv, n.name_en AS unit_en,
               s.name_fi AS survey_fi, s.name_sv AS survey_sv, s.name_en AS survey_en
        FROM kiosk_devices d JOIN org_nodes n ON n.id = d.node_id JOIN surveys s ON s.id = d.survey_id
        """

    /// Devices whose unit lies under one of `paths`, in one query.
    public func within(paths: [String]) async throws -> [Listing] {
        guard !paths.isEmpty else { return [] }
        return try await sql.raw(SQLQueryString(Self.listingSelect) + " WHERE (" + OrgRepository.pathFilter(paths, column: "n.path") + ") ORDER BY d.name")
            .all(decoding: ListingRow.self).map(\.listing)
    }

    public func listing(id: String) async throws -> Listing? {
        try await sql.raw(SQLQueryString(Self.listingSelect) + " WHERE d.id = \(bind: id)").first(decoding: ListingRow.self)?.listing
    }

    public func revoke(id: String, now: Date) async throws {
        try await sql.raw("UPDATE kiosk_devices SET revoked_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: id)").run()
    }
}
