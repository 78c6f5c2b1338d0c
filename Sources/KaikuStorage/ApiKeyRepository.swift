import Foundation
import KaikuCore
import SQLKit

public struct ApiKeyRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Creates a key and returns it; it is shown once and only its hash is kept.
    public func create(name: String, now: Date) async throws -> String {
        let key = "kaiku_" + Identifier.makeSecret()
        try await sql.raw("""
            INSERT INTO api_keys (id, name, key_hash, created_at) VALUES (\(bind: Identifier.make(at: now)), \(bind: name),
                \(bind: SessionRepository.hash(key)), \(bind: Timestamp.format(now)))
            """).run()
        return key
    }

    struct Row: Decodable { let name: String }

    /// The integration's name for a valid, unrevoked key.
    public func integration(key: String) async throws -> String? {
        try await sql.raw("SELECT name FROM api_keys WHERE key_hash = \(bind: SessionRepository.hash(key)) AND revoked_at IS NULL")
            .first(decoding: Row.self)?.name
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
