import Foundation
import KaikuCore
import SQLKit

/// The transactional outbox for email (and later SMS): a message is written in the same
/// transaction as the change that causes it, and a sender delivers it afterwards. The
/// idempotency key makes a repeated enqueue a no-op, so nothing is queued twice.
public struct OutboxRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Whom a message is for. Messages to customers carry their address and reply text, so admins
    /// see them masked; staff notices hold only a link.
    public enum Audience: String, Sendable {
        case staff, customer
    }

    public struct Message: Sendable, Equatable {
        public let id: String
        public let channel: String
        public let recipient: String
        public let subject: String
        public let body: String
        public let attempts: Int
        public let sentAt: Date?
        public let lastError: String?
        public let createdAt: Date
        public let audience: Audience
        /// The node the message concerns (a case's handling node, a request's unit); nil for the county.
        public let scopePath: String?
        /// An HTML alternative to `body` (the emailed reports); nil for plain-text mail.
        public let html: String?
    }

    public func enqueue(channel: String = "email", key: String, recipient: String, subject: String, body: String,
                        html: String? = nil, audience: Audience, scopePath: String?, now: Date) async throws {
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO outbox (id, channel, idempotency_key, recipient, subject, body, html, next_attempt_at, created_at, audience, scope_path)
            VALUES (\(bind: Identifier.make(at: now)), \(bind: channel), \(bind: key), \(bind: recipient), \(bind: subject),
                    \(bind: body), \(bind: html), \(bind: stamp), \(bind: stamp), \(bind: audience.rawValue), \(bind: scopePath))
            ON CONFLICT (idempotency_key) DO NOTHING
            """).run()
    }

    struct Row: Decodable {
        let id: String, channel: String, recipient: String, subject: String, body: String, attempts: Int
        let sent_at: String?, last_error: String?, created_at: String, audience: String, scope_path: String?, html: String?
        var message: Message {
            Message(id: id, channel: channel, recipient: recipient, subject: subject, body: body, attempts: attempts,
                    sentAt: sent_at.flatMap(Timestamp.parse), lastError: last_error, createdAt: Timestamp.parse(created_at) ?? .distantPast,
                    audience: Audience(rawValue: audience) ?? .customer, scopePath: scope_path, html: html)
        }
    }

    static let columns = "SELECT id, channel, recipient, subject, body, attempts, sent_at, last_error, created_at, audience, scope_path, html FROM outbox"

    /// Claims up to `limit` due messages for `lease` seconds, so that two senders never send the
    /// same message at the same time. Runs in the caller's transaction.
    /// `keyPrefix`: only messages whose idempotency key starts so (replies to a customer's own
    /// message go outside the invitations' sending window).
    public func lease(channel: String = "email", now: Date, lease: TimeInterval, limit: Int, kind: KaikuDatabase.Kind,
                      keyPrefix: String? = nil) async throws -> [Message] {
        let stamp = Timestamp.format(now)
        let lock = kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let only: SQLQueryString = keyPrefix.map { " AND idempotency_key LIKE \(bind: $0 + "%")" } ?? ""
        let due = try await sql.raw(SQLQueryString(Self.columns) + " WHERE channel = \(bind: channel)" + only + """
             AND sent_at IS NULL AND next_attempt_at <= \(bind: stamp) AND (leased_until IS NULL OR leased_until < \(bind: stamp))
             ORDER BY next_attempt_at LIMIT \(bind: limit)
            """ + SQLQueryString(lock)).all(decoding: Row.self).map(\.message)
        for message in due {
            try await sql.raw("""
                UPDATE outbox SET leased_until = \(bind: Timestamp.format(now.addingTimeInterval(lease))), attempts = attempts + 1
                WHERE id = \(bind: message.id)
                """).run()
        }
        return due
    }

    /// Renews a round's lease on one message just before it is sent, if the lease the round took
    /// (`heldUntil`) is still the message's and has not run out; false otherwise: the round ran past
    /// its lease and another process may have leased the message since, so it is not sent here.
    public func renew(id: String, heldUntil: Date, now: Date, lease: TimeInterval) async throws -> Bool {
        try await sql.raw("""
            UPDATE outbox SET leased_until = \(bind: Timestamp.format(now.addingTimeInterval(lease)))
            WHERE id = \(bind: id) AND sent_at IS NULL AND leased_until = \(bind: Timestamp.format(heldUntil))
              AND leased_until > \(bind: Timestamp.format(now))
            RETURNING id
            """).first() != nil
    }

    /// Marks a message sent. A text message (`erasingFor` its number's key, `SMSKeys.phone`) also
    /// forgets what it said and to whom: the number becomes the key, the text, which held a
    /// personal survey link, is emptied, and so is the idempotency key, which named the number.
    public func markSent(id: String, now: Date, erasingFor recipientKey: String? = nil) async throws {
        var update = SQLQueryString("UPDATE outbox SET sent_at = \(bind: Timestamp.format(now)), leased_until = NULL, last_error = NULL")
        // The idempotency key held the event (the visit's key) and the number: it is done its work.
        if let recipientKey { update = update + ", recipient = \(bind: recipientKey), body = '', idempotency_key = \(bind: "sent:" + id)" }
        try await sql.raw(update + " WHERE id = \(bind: id)").run()
    }

    /// The gateway's delivery report for a message; false for an unknown message.
    public func recordDelivery(id: String, status: String, now: Date) async throws -> Bool {
        try await sql.raw("""
            UPDATE outbox SET delivery_status = \(bind: String(status.prefix(40))), delivered_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: id) AND channel = 'sms' RETURNING id
            """).first() != nil
    }

    /// Seconds before a failed message is tried again the first time; each later failure doubles it.
    public static let firstRetry: TimeInterval = 30

    /// Backs off 30 s, 1 min, 2 min … up to an hour; the message is never given up.
    public func markFailed(id: String, attempts: Int, error: String, now: Date) async throws {
        let delay = min(Self.firstRetry * pow(2, Double(max(0, attempts - 1))), 3600)
        try await sql.raw("""
            UPDATE outbox SET last_error = \(bind: String(error.prefix(500))), leased_until = NULL,
                next_attempt_at = \(bind: Timestamp.format(now.addingTimeInterval(delay)))
            WHERE id = \(bind: id)
            """).run()
    }

    /// What waits to be sent, per channel: how many messages, and since when the oldest.
    public struct Backlog: Sendable, Equatable {
        public let channel: String
        public let depth: Int
        public let oldestCreatedAt: Date?
    }

    struct BacklogRow: Decodable { let channel: String; let n: Int; let oldest: String? }

    public func backlog() async throws -> [Backlog] {
        try await sql.raw("""
            SELECT channel, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE sent_at IS NULL GROUP BY channel
            """).all(decoding: BacklogRow.self).map { Backlog(channel: $0.channel, depth: $0.n, oldestCreatedAt: $0.oldest.flatMap(Timestamp.parse)) }
    }

    /// Hands leased messages back untried, due at `until`, their lease's attempt not counted.
    public func postpone(ids: [String], until: Date) async throws {
        guard !ids.isEmpty else { return }
        try await sql.raw("""
            UPDATE outbox SET leased_until = NULL, attempts = attempts - 1, next_attempt_at = \(bind: Timestamp.format(until))
            WHERE id IN (\(binds: ids))
            """).run()
    }

    /// The newest messages; with `paths`, only those concerning a node under one of them
    /// (messages without a node are the county's and need `paths == nil`).
    public func recent(within paths: [String]?, limit: Int = 100) async throws -> [Message] {
        var query = SQLQueryString(Self.columns)
        if let paths {
            query = query + " WHERE " + (paths.isEmpty ? SQLQueryString("1 = 0") : OrgRepository.pathFilter(paths, column: "scope_path"))
        }
        return try await sql.raw(query + " ORDER BY created_at DESC LIMIT \(bind: limit)").all(decoding: Row.self).map(\.message)
    }

    public func pending() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL").first(decoding: CountRow.self)?.n ?? 0
    }
}
