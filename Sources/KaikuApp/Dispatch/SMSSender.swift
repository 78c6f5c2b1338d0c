import Foundation
import KaikuCore
import KaikuStorage
import Logging
import ServiceLifecycle

/// Delivers the outbox's text messages: only inside the county's sending window, at most its
/// rate per minute, leased like email so that two processes never send one message at once. A
/// gateway failure leaves the message for a later attempt with backoff; once the gateway takes a
/// message, its number and text are erased from the outbox.
public struct SMSSender: Service {
    let database: KaikuDatabase
    let gateway: any SMSGateway
    let clock: any KaikuClock
    let logger: Logger
    let pollInterval: Duration
    /// Seconds a process holds the messages it is sending (120 unless configured); a killed process's are due again after it.
    let lease: TimeInterval

    public init(database: KaikuDatabase, gateway: any SMSGateway, clock: any KaikuClock, logger: Logger, pollInterval: Duration = .seconds(1),
                lease: TimeInterval? = nil) {
        self.database = database
        self.gateway = gateway
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        self.lease = lease ?? 120
    }

    public func run() async throws {
        await pollUntilShutdown(every: pollInterval, logger: logger, label: "sms outbox") {
            try await deliverDue()
        }
    }

    /// Sends one poll's share of what is due (the rate per minute spread over the polls), or
    /// everything due with `limit`; returns how many messages were attempted.
    @discardableResult
    public func deliverDue(limit: Int? = nil, ignoringWindow: Bool = false) async throws -> Int {
        let now = clock.now()
        let policy = try await SMSDispatch.policy(database.sql)
        // Outside the window only the answers to a customer's own reply go: they are waiting for them.
        let open = ignoringWindow || policy.isOpen(at: now)
        let share = limit ?? max(1, Int((Double(policy.perMinute) * pollInterval.seconds / 60).rounded(.up)))
        var keys: SMSKeys?  // read once a message has gone, not on every idle poll
        return try await deliverOutbox(channel: "sms", keyPrefix: open ? nil : SMSDispatch.replyEventPrefix, limit: share, lease: lease, database: database, clock: clock, logger: logger) { message in
            try await gateway.send(OutgoingSMS(id: message.id, to: message.recipient, text: message.body))
        } markSent: { outbox, message, now in
            if keys == nil { keys = try await SMSKeys.load(database.sql, now: now) }
            try await outbox.markSent(id: message.id, now: now, erasingFor: keys?.phone(message.recipient))
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
