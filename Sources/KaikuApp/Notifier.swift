import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// A message to queue: for staff a link-only notice, for a customer a reply.
public struct Notice: Sendable, Equatable {
    public enum Channel: String, Sendable {
        case email, sms
    }

    public let channel: Channel
    public let recipient: String
    public let subject: String
    public let body: String
    /// An HTML alternative to the text (the emailed reports).
    public let html: String?
    public let audience: OutboxRepository.Audience
    /// The node the message concerns, for the scoped outbox page.
    public let scopePath: String?
    /// The business event that causes the message: a case's timeline entry, an audit entry, or a
    /// once-per-case deadline. With the recipient it is the idempotency key, so queuing the same
    /// event's message twice stores it once; never a clock reading.
    public let event: String

    public init(channel: Channel = .email, to recipient: String, subject: String, body: String, html: String? = nil,
                audience: OutboxRepository.Audience, scopePath: String?, event: String) {
        self.channel = channel
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.html = html
        self.audience = audience
        self.scopePath = scopePath
        self.event = event
    }

    public var idempotencyKey: String { "\(event):\(channel.rawValue):\(recipient)" }
}

/// The one way to queue a message: into the transactional outbox, in the caller's transaction.
public struct Notifier: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func send(_ notice: Notice, now: Date) async throws {
        try await OutboxRepository(sql).enqueue(channel: notice.channel.rawValue, key: notice.idempotencyKey, recipient: notice.recipient,
                                                subject: notice.subject, body: notice.body, html: notice.html, audience: notice.audience,
                                                scopePath: notice.scopePath, now: now)
    }

    /// A link-only notice to staff, in all three languages (`Catalog.staffMail`).
    public func notifyStaff(_ recipients: [String], template: String, arguments: [String: String], catalog: Catalog, scopePath: String?,
                            event: String, now: Date) async throws {
        let (subject, body) = catalog.staffMail(template, arguments)
        for email in recipients {
            try await send(Notice(to: email, subject: subject, body: body, audience: .staff, scopePath: scopePath, event: event), now: now)
        }
    }
}
