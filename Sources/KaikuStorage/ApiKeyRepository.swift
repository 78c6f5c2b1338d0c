import Foundation
import KaikuCore
import SQLKit

public struct ApiKeyRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Creates a key that may post answers for the units under `scopeNodeIDs` to the surveys
    /// `surveyCodes`, and returns it; it is shown once and only its hash is kept.
    public func create(name: String, scopeNodeIDs: [String], surveyCodes: [String], now: Date) async throws -> String {
        let key = "kaiku_" + Identifier.makeSecret()
        try await sql.raw("""
            INSERT INTO api_keys (id, name, key_hash, created_at, scope_node_ids, survey_codes) VALUES (\(bind: Identifier.make(at: now)),
                \(bind: name), \(bind: SessionRepository.hash(key)), \(bind: Timestamp.format(now)), \(bind: scopeNodeIDs.joined(separator: ",")),
                \(bind: surveyCodes.joined(separator: ",")))
            """).run()
        return key
    }

    /// What a key may do: post to units under its scope nodes, for its surveys. Keys made before
    /// scopes existed have neither and may do nothing.
    public struct Integration: Sendable, Equatable {
        public let name: String
        public let scopeNodeIDs: [String]
        public let surveyCodes: [String]
    }

    struct Row: Decodable { let name: String; let scope_node_ids: String; let survey_codes: String }

    /// The integration of a valid, unrevoked key.
    public func integration(key: String) async throws -> Integration? {
        guard key.count <= 100 else { return nil }
        return try await sql.raw("""
            SELECT name, scope_node_ids, survey_codes FROM api_keys WHERE key_hash = \(bind: SessionRepository.hash(key)) AND revoked_at IS NULL
            """).first(decoding: Row.self).map {
            Integration(name: $0.name, scopeNodeIDs: $0.scope_node_ids.split(separator: ",").map(String.init),
                        surveyCodes: $0.survey_codes.split(separator: ",").map(String.init))
        }
    }

    public func revoke(name: String, now: Date) async throws {
        try await sql.raw("UPDATE api_keys SET revoked_at = \(bind: Timestamp.format(now)) WHERE name = \(bind: name) AND revoked_at IS NULL").run()
    }

    struct ListRow: Decodable { let name: String; let created_at: String; let revoked_at: String? }

    public func list() async throws -> [(name: String, created: String, revoked: String?)] {
        try await sql.raw("SELECT name, created_at, revoked_at FROM api_keys ORDER BY created_at").all(decoding: ListRow.self)
            .map { ($0.name, $0.created_at, $0.revoked_at) }
    }
}
