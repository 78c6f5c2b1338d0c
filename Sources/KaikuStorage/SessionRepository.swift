import Crypto
import Foundation
import KaikuCore
import SQLKit

/// Sessions live in the database so that several server processes share them. Only a hash of
/// the cookie's token is stored: a copy of the database does not let anyone log in.
public struct SessionRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public struct Session: Sendable, Equatable {
        public let userID: String
        public let csrfToken: String
        public let expiresAt: Date
        public let lastSeenAt: Date
    }

    public static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// Starts a session and returns the token for the cookie.
    public func create(userID: String, now: Date, lifetime: TimeInterval) async throws -> (token: String, session: Session) {
        let token = Identifier.makeSecret()
        let session = Session(userID: userID, csrfToken: Identifier.makeSecret(), expiresAt: now.addingTimeInterval(lifetime), lastSeenAt: now)
        try await sql.raw("""
            INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
            VALUES (\(bind: Self.hash(token)), \(bind: userID), \(bind: session.csrfToken), \(bind: Timestamp.format(now)),
                    \(bind: Timestamp.format(now)), \(bind: Timestamp.format(session.expiresAt)))
            """).run()
        return (token, session)
    }

    struct Row: Decodable { let user_id: String; let csrf_token: String; let expires_at: String; let last_seen_at: String }

    /// The live session for a token. Idle sessions expire; activity extends them, written at most
    /// once a minute so that reads stay reads.
    public func find(token: String, now: Date, lifetime: TimeInterval) async throws -> Session? {
        let key = Self.hash(token)
        guard let row = try await sql.raw("""
            SELECT user_id, csrf_token, expires_at, last_seen_at FROM sessions WHERE token_hash = \(bind: key)
            """).first(decoding: Row.self),
              let expires = Timestamp.parse(row.expires_at), let lastSeen = Timestamp.parse(row.last_seen_at),
              expires > now else { return nil }
        if now.timeIntervalSince(lastSeen) > 60 {
            try await sql.raw("""
                UPDATE sessions SET last_seen_at = \(bind: Timestamp.format(now)), expires_at = \(bind: Timestamp.format(now.addingTimeInterval(lifetime)))
                WHERE token_hash = \(bind: key)
                """).run()
        }
        return Session(userID: row.user_id, csrfToken: row.csrf_token, expiresAt: expires, lastSeenAt: lastSeen)
    }

    public func delete(token: String) async throws {
        try await sql.raw("DELETE FROM sessions WHERE token_hash = \(bind: Self.hash(token))").run()
    }

    /// Ends every session of a user, except the one with token `keeping` (the person's own).
    public func deleteAll(userID: String, keeping token: String? = nil) async throws {
        let kept = token.map(Self.hash) ?? ""
        try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userID) AND token_hash <> \(bind: kept)").run()
    }

    @discardableResult
    public func deleteExpired(now: Date) async throws -> Int {
        let stamp = Timestamp.format(now)
        let n = try await sql.raw("SELECT COUNT(*) AS n FROM sessions WHERE expires_at <= \(bind: stamp)").first(decoding: CountRow.self)?.n ?? 0
        try await sql.raw("DELETE FROM sessions WHERE expires_at <= \(bind: stamp)").run()
        return n
    }
}
