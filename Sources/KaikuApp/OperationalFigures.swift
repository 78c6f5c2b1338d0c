import Foundation
import KaikuCore
import KaikuStorage

/// The figures operations watch besides requests and latencies (which the HTTP layer counts):
/// what waits in the outboxes and for how long, and cases past their service promise. Read when
/// metrics are scraped, so they are never stale.
public struct OperationalFigures: Sendable {
    public struct Outbox: Sendable, Equatable {
        public let channel: String
        public let depth: Int
        public let oldestAge: TimeInterval
    }

    public let outboxes: [Outbox]
    public let overdueCases: Int

    public static func read(_ database: KaikuDatabase, now: Date) async throws -> OperationalFigures {
        let backlog = try await OutboxRepository(database.sql).backlog()
        let outboxes = ["email", "sms"].map { channel in
            let waiting = backlog.first { $0.channel == channel }
            return Outbox(channel: channel, depth: waiting?.depth ?? 0,
                          oldestAge: waiting?.oldestCreatedAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        }
        let overdue = try await FeedbackRepository(database.sql).adherence(path: "", now: now).openOverdue
        return OperationalFigures(outboxes: outboxes, overdueCases: overdue)
    }
}
