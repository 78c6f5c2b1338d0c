import Foundation
import KaikuCore
import KaikuStorage
import Synchronization

/// Refuses answers that arrive in a burst from one client or on one open link or kiosk
/// (`AnswerBurstRules`), and counts the refusals per day, survey, unit and channel for the admin's
/// survey list. Buckets live in this process's memory: behind several processes each counts its
/// own share, which only loosens the limit by the number of processes.
public final class AnswerBurstLimiter: Sendable {
    public init() {}

    private let buckets = Mutex<[String: TokenBucket]>([:])

    /// Whether every one of `keys` (each with its rule) has room for one more answer; takes from
    /// each only when all have room.
    public func admit(_ keys: [(key: String, rule: @Sendable (Date) -> TokenBucket)], now: Date) -> Bool {
        buckets.withLock { buckets in
            // Forgetting a full bucket loses nothing; under a flood of new clients, forgetting
            // everything only loosens the limits for a moment, and keeps each check cheap.
            if buckets.count > 100_000 {
                buckets = buckets.filter { !$0.value.isIdle(now: now) }
                if buckets.count > 50_000 { buckets.removeAll(keepingCapacity: true) }
            }
            var taken: [String: TokenBucket] = [:]
            for (key, rule) in keys {
                var bucket = buckets[key] ?? rule(now)
                guard bucket.take(now: now) else { return false }
                taken[key] = bucket
            }
            buckets.merge(taken) { _, new in new }
            return true
        }
    }

    /// Admits an anonymous answer to `target` from a client (by its address key) or a kiosk, by the
    /// burst rules; a refusal is counted for the admins' survey list.
    public func admit(_ target: SurveyService.Target, rateKey: String, kioskID: String?, linkAnswersPerSecond: Double,
                      database: KaikuDatabase, now: Date) async throws -> Bool {
        let link = "\(target.survey.id):\(target.node.id)"
        let keys: [(key: String, rule: @Sendable (Date) -> TokenBucket)] = if let kioskID {
            [("kiosk:" + kioskID, AnswerBurstRules.perKiosk)]
        } else {
            // The key stays in this process's memory only; no need to hash it.
            [("client:" + rateKey + ":" + link, AnswerBurstRules.perClient),
             ("link:" + link, { AnswerBurstRules.perLink(now: $0, perSecond: linkAnswersPerSecond) })]
        }
        if admit(keys, now: now) { return true }
        try await database.transaction { db in
            try await SurveyRepository(db).countBurst(surveyID: target.survey.id, nodeID: target.node.id, channel: target.channel, on: CalendarDay(now))
        }
        return false
    }
}
