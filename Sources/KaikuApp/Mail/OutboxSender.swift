import Foundation
import KaikuCore
import KaikuStorage
import Logging
import ServiceLifecycle

/// Delivers the outbox. Messages are leased in a transaction so that several server processes
/// never send the same one at once; a failure leaves the message for a later attempt with
/// backoff, so an SMTP outage loses nothing and delivery resumes when the server is back.
public struct OutboxSender: Service {
    let database: KaikuDatabase
    let mailer: any Mailer
    let clock: any KaikuClock
    let logger: Logger
    let pollInterval: Duration

    public init(database: KaikuDatabase, mailer: any Mailer, clock: any KaikuClock, logger: Logger, pollInterval: Duration = .seconds(2)) {
        self.database = database
        self.mailer = mailer
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        await pollUntilShutdown(every: pollInterval, logger: logger, label: "outbox") {
            while try await deliverDue() > 0 {}
        }
    }

    /// Sends what is due now; returns how many messages were attempted.
    @discardableResult
    public func deliverDue(limit: Int = 20) async throws -> Int {
        let now = clock.now()
        let kind = database.kind
        let messages = try await database.transaction { db in
            try await OutboxRepository(db).lease(now: now, lease: 120, limit: limit, kind: kind)
        }
        let outbox = OutboxRepository(database.sql)
        for message in messages where message.channel == "email" {
            do {
                try await mailer.send(OutgoingEmail(to: message.recipient, subject: message.subject, body: message.body, html: message.html, messageID: message.id))
                try await outbox.markSent(id: message.id, now: clock.now())
            } catch {
                // Log the reason, never the recipient or the text.
                let text = ErrorDescription.loggable(error)
                logger.warning("email delivery failed; will retry", metadata: ["message": "\(message.id)", "error": "\(text)"])
                try await outbox.markFailed(id: message.id, attempts: message.attempts + 1, error: text, now: clock.now())
            }
        }
        return messages.count
    }
}
