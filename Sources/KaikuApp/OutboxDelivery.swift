import Foundation
import KaikuCore
import KaikuStorage
import Logging

/// One round of delivering a channel's outbox, for every sender: up to `limit` due messages are
/// leased in a transaction for `lease` seconds (so two processes never send the same one at once,
/// and a crashed process's messages are due again after it), each is handed to `send` and then
/// marked sent by `markSent`; a failure is logged by its reason only (never the recipient or the
/// text) and left for a later attempt with backoff, and the rest of the round with it. Returns how
/// many were attempted.
func deliverOutbox(channel: String, keyPrefix: String? = nil, limit: Int, lease: TimeInterval, database: KaikuDatabase, clock: any KaikuClock,
                   logger: Logger,
                   send: (OutboxRepository.Message) async throws -> Void,
                   markSent: (OutboxRepository, OutboxRepository.Message, Date) async throws -> Void) async throws -> Int {
    let now = clock.now()
    let kind = database.kind
    let messages = try await database.transaction { db in
        try await OutboxRepository(db).lease(channel: channel, now: now, lease: lease, limit: limit, kind: kind, keyPrefix: keyPrefix)
    }
    let outbox = OutboxRepository(database.sql)
    let heldUntil = now.addingTimeInterval(lease)
    for (index, message) in messages.enumerated() {
        do {
            // A slow round can outlive its lease; a message whose lease ran out may be another's now.
            guard try await outbox.renew(id: message.id, heldUntil: heldUntil, now: clock.now(), lease: lease) else { continue }
            try await send(message)
            try await markSent(outbox, message, clock.now())
        } catch {
            let text = ErrorDescription.loggable(error)
            logger.warning("\(channel) delivery failed; will retry", metadata: ["message": "\(message.id)", "error": "\(text)"])
            let failedAt = clock.now()
            try await outbox.markFailed(id: message.id, attempts: message.attempts + 1, error: text, now: failedAt)
            // A peer that is down fails every message, each after its timeout (the gateway's is 15 s):
            // the rest of the round waits for the first retry, untried and without an attempt counted.
            let rest = messages[(index + 1)...].map(\.id)
            try await outbox.postpone(ids: rest, until: failedAt.addingTimeInterval(OutboxRepository.firstRetry))
            return index + 1
        }
    }
    return messages.count
}
