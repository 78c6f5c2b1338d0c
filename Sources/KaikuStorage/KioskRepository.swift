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

    public func all() async throws -> [Device] {
        try await sql.raw("SELECT id, name, node_id, survey_id, revoked_at FROM kiosk_devices ORDER BY name").all(decoding: Row.self)
            .map { Device(id: $0.id, name: $0.name, nodeID: $0.node_id, surveyID: $0.survey_id, isRevoked: $0.revoked_at != nil) }
    }

    public func revoke(id: String, now: Date) async throws {
        try await sql.raw("UPDATE kiosk_devices SET revoked_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: id)").run()
    }
}
