import Foundation
import KaikuCore
import KaikuStorage

/// Reads of personal data that are themselves audit-logged: one case's export for a data subject
/// request, the audit log's export, the outgoing mail page and the development SMS gateway's
/// messages. The read and its audit entry are
/// one transaction, so no read goes unrecorded.
public struct AuditedReads: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// The messages the development SMS gateway wrote to its file: numbers and links, so each
    /// view is audited, and recorded before it is read.
    public func smsMessages(_ gateway: FileSMSGateway, by actor: Actor) async throws -> [FileSMSGateway.Line] {
        try Reach(database.sql, actor).requireCountyAdmin()
        let now = clock.now()
        _ = try await database.transaction { db in
            try await AuditRepository(db).record(.smsMessagesViewed, by: actor, now: now)
        }
        return gateway.recent()
    }

    /// Everything stored about one case, as plain text, for an admin of its unit.
    public func caseExport(caseID: String, by actor: Actor) async throws -> (FeedbackCase, String) {
        let now = clock.now()
        return try await database.transaction { db in
            let c = try await Reach(db, actor).caseToExport(caseID)
            let repository = FeedbackRepository(db)
            let contact = try await repository.contact(caseID: c.id)
            try await AuditRepository(db).record(.caseExported, by: actor, target: ("feedback_case", c.id), now: now)
            var lines = [
                "reference: \(c.reference)", "received: \(Timestamp.format(c.receivedAt))", "kind: \(c.kind.rawValue)",
                "status: \(c.status.rawValue)", "source: \(c.source.rawValue)", "language: \(c.language.rawValue)",
                "wants_reply: \(c.wantsReply)", "email: \(contact?.email ?? "")", "phone: \(contact?.phone ?? "")",
                "contact_erased: \(contact?.isErased ?? false)", "", "text:", c.body, "", "timeline:",
            ]
            for e in try await repository.events(caseID: c.id) {
                lines.append("\(Timestamp.format(e.at)) \(e.kind.rawValue) \(e.data) \(e.note)")
            }
            return (c, lines.joined(separator: "\n") + "\n")
        }
    }

    /// One page of the audit log, for a county admin.
    public func audit(_ filter: AuditRepository.Filter, limit: Int, offset: Int, by actor: Actor) async throws -> [AuditEntry] {
        try Reach(database.sql, actor).requireCountyAdmin()
        return try await AuditRepository(database.sql).list(filter, limit: limit, offset: offset)
    }

    /// The audit log as CSV (cells neutralised against formulas by `CSV.line`).
    public func auditExport(_ filter: AuditRepository.Filter, query: String, by actor: Actor) async throws -> String {
        try Reach(database.sql, actor).requireCountyAdmin()
        let now = clock.now()
        return try await database.transaction { db in
            let audit = AuditRepository(db)
            let entries = try await audit.list(filter, limit: 100_000)
            try await audit.record(.auditExported, by: actor, detail: query, now: now)
            var csv = CSV.line(["at", "actor_email", "actor_id", "action", "target_type", "target_id", "detail", "ip"])
            for e in entries {
                csv += CSV.line([e.at, e.actorEmail ?? "", e.actorID ?? "", e.action, e.targetType ?? "", e.targetID ?? "", e.detail, e.ip ?? ""])
            }
            return csv
        }
    }

    /// The newest outgoing messages about the admin's part of the tree (a county admin's: all);
    /// the caller masks customers' messages.
    public func outbox(by actor: Actor) async throws -> [OutboxRepository.Message] {
        guard actor.policy.has(.admin) else { throw OutOfReach() }
        let now = clock.now()
        return try await database.transaction { db in
            let messages = try await OutboxRepository(db).recent(within: Reach(db, actor).adminPaths)
            try await AuditRepository(db).record(.outboxViewed, by: actor, detail: "\(messages.count) messages", now: now)
            return messages
        }
    }
}
