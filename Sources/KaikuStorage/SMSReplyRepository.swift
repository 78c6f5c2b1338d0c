import Foundation
import KaikuCore
import SQLKit

/// Invitations that may be answered by replying (`sms_replies`): a number's keyed hash, the
/// link's token hash, and a reply's score while the open question waits for its answer.
public struct SMSReplyRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public struct Slot: Sendable, Equatable, Decodable {
        public let tokenHash: String
        public let score: Int?
        public let helped: Bool

        public init(tokenHash: String, score: Int?, helped: Bool) {
            self.tokenHash = tokenHash
            self.score = score
            self.helped = helped
        }

        enum CodingKeys: String, CodingKey { case tokenHash = "token_hash", score, helped }
    }

    public func expect(phoneKey: String, token: String, expiresAt: Date, now: Date) async throws {
        try await sql.raw("""
            INSERT INTO sms_replies (phone_key, token_hash, expires_at, created_at)
            VALUES (\(bind: phoneKey), \(bind: SessionRepository.hash(token)), \(bind: Timestamp.format(expiresAt)), \(bind: Timestamp.format(now)))
            """).run()
    }

    /// The newest invitation of the number still waiting for its score.
    public func awaitingScore(phoneKey: String, now: Date) async throws -> Slot? {
        try await sql.raw("""
            SELECT token_hash, score, helped FROM sms_replies
            WHERE phone_key = \(bind: phoneKey) AND score IS NULL AND expires_at > \(bind: Timestamp.format(now))
            ORDER BY created_at DESC LIMIT 1
            """).first(decoding: Slot.self)
    }

    /// The newest score of the number waiting for the open question's answer.
    public func awaitingText(phoneKey: String, now: Date) async throws -> Slot? {
        try await sql.raw("""
            SELECT token_hash, score, helped FROM sms_replies
            WHERE phone_key = \(bind: phoneKey) AND score IS NOT NULL AND follow_up_until > \(bind: Timestamp.format(now))
            ORDER BY created_at DESC LIMIT 1
            """).first(decoding: Slot.self)
    }

    /// Scores whose open question was not answered in time (with the number's hash, to delete).
    public func unanswered(now: Date, limit: Int = 500) async throws -> [(phoneKey: String, slot: Slot)] {
        struct Row: Decodable { let phone_key: String, token_hash: String, score: Int?, helped: Bool }
        return try await sql.raw("""
            SELECT phone_key, token_hash, score, helped FROM sms_replies
            WHERE score IS NOT NULL AND follow_up_until <= \(bind: Timestamp.format(now)) LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: Row.self).map { ($0.phone_key, Slot(tokenHash: $0.token_hash, score: $0.score, helped: $0.helped)) }
    }

    public func setScore(_ score: Int, phoneKey: String, tokenHash: String, followUpUntil: Date) async throws {
        try await sql.raw("""
            UPDATE sms_replies SET score = \(bind: score), follow_up_until = \(bind: Timestamp.format(followUpUntil))
            WHERE phone_key = \(bind: phoneKey) AND token_hash = \(bind: tokenHash)
            """).run()
    }

    public func setHelped(phoneKey: String, tokenHash: String) async throws {
        try await sql.raw("UPDATE sms_replies SET helped = \(bind: true) WHERE phone_key = \(bind: phoneKey) AND token_hash = \(bind: tokenHash)").run()
    }

    /// Forgets one invitation's reply; true when this call removed it (a concurrent one did not).
    @discardableResult
    public func delete(phoneKey: String, tokenHash: String) async throws -> Bool {
        try await sql.raw("""
            DELETE FROM sms_replies WHERE phone_key = \(bind: phoneKey) AND token_hash = \(bind: tokenHash) RETURNING token_hash
            """).first() != nil
    }

    /// Every invitation of a number that refused further surveys.
    public func deleteAll(phoneKey: String) async throws {
        try await sql.raw("DELETE FROM sms_replies WHERE phone_key = \(bind: phoneKey)").run()
    }

    /// Invitations whose link expired without a score.
    public func purge(now: Date) async throws {
        try await sql.raw("DELETE FROM sms_replies WHERE score IS NULL AND expires_at <= \(bind: Timestamp.format(now))").run()
    }
}
