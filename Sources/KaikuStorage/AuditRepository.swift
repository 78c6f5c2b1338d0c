import Foundation
import KaikuCore
import SQLKit

/// The append-only audit log. Write entries with the same connection as the change they record.
public struct AuditRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Appends an entry and returns its id (notices caused by the recorded change are keyed by it).
    @discardableResult
    public func record(_ action: AuditAction, by actor: Actor, target: (type: String, id: String)? = nil,
                       detail: String = "", now: Date) async throws -> String {
        let id = Identifier.make(at: now)
        try await sql.raw("""
            INSERT INTO audit_log (id, at, actor_id, actor_email, action, target_type, target_id, detail, ip)
            VALUES (\(bind: id), \(bind: Timestamp.format(now)), \(bind: actor.id), \(bind: actor.email),
                    \(bind: action.rawValue), \(bind: target?.type), \(bind: target?.id), \(bind: String(detail.prefix(2000))), \(bind: actor.ip))
            """).run()
        return id
    }

    public struct Filter: Sendable {
        public var action: String?
        public var actor: String?
        public var target: String?
        public var from: Date?
        public var to: Date?
        public init(action: String? = nil, actor: String? = nil, target: String? = nil, from: Date? = nil, to: Date? = nil) {
            self.action = action
            self.actor = actor
            self.target = target
            self.from = from
            self.to = to
        }
    }

    struct Row: Decodable {
        let id: String
        let at: String
        let actor_id: String?
        let actor_email: String?
        let action: String
        let target_type: String?
        let target_id: String?
        let detail: String
        let ip: String?
        var entry: AuditEntry {
            AuditEntry(id: id, at: at, actorID: actor_id, actorEmail: actor_email, action: action,
                       targetType: target_type, targetID: target_id, detail: detail, ip: ip)
        }
    }

    /// Newest first.
    public func list(_ filter: Filter = Filter(), limit: Int = 100, offset: Int = 0) async throws -> [AuditEntry] {
        var query = SQLQueryString("SELECT id, at, actor_id, actor_email, action, target_type, target_id, detail, ip FROM audit_log WHERE 1 = 1")
        if let action = filter.action { query = query + " AND action = \(bind: action)" }
        if let actor = filter.actor { query = query + " AND actor_email = \(bind: EmailAddress.normalise(actor))" }
        if let target = filter.target { query = query + " AND target_id = \(bind: target)" }
        if let from = filter.from { query = query + " AND at >= \(bind: Timestamp.format(from))" }
        if let to = filter.to { query = query + " AND at < \(bind: Timestamp.format(to))" }
        query = query + " ORDER BY at DESC, id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)"
        return try await sql.raw(query).all(decoding: Row.self).map(\.entry)
    }
}
