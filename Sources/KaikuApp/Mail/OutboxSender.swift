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
    /// Seconds a process holds the messages it is sending (120 unless configured); a killed process's are due again after it.
    let lease: TimeInterval

    public init(database: KaikuDatabase, mailer: any Mailer, clock: any KaikuClock, logger: Logger, pollInterval: Duration = .seconds(2),
                lease: TimeInterval? = nil) {
        self.database = database
        self.mailer = mailer
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        self.lease = lease ?? 120
    }

    public func run() async throws {
        await pollUntilShutdown(every: pollInterval, logger: logger, label: "outbox") {
            // Another round at once only after a full one: after a failure the rest waits for its retry.
            while !Task.isShuttingDownGracefully, try await deliverDue() == Self.round {}
        }
    }

    /// Messages leased and sent in one round.
    public static let round = 20

    /// Sends what is due now; returns how many messages were attempted.
    @discardableResult
    public func deliverDue(limit: Int = round) async throws -> Int {
        try await deliverOutbox(channel: "email", limit: limit, lease: lease, database: database, clock: clock, logger: logger) { message in
            try await mailer.send(OutgoingEmail(to: message.recipient, subject: message.subject, body: message.body, html: message.html,
                                                messageID: message.id))
        } markSent: { outbox, message, now in
            try await outbox.markSent(id: message.id, now: now)
        }
    }
}
