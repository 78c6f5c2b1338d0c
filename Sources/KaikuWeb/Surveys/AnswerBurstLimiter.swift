import Foundation
import KaikuCore
import KaikuStorage
import Synchronization

/// Refuses answers that arrive in a burst from one client or on one open link or kiosk
/// (`AnswerBurstRules`), and counts the refusals per day, survey, unit and channel for the admin's
/// survey list. Buckets live in this process's memory: behind several processes each counts its
/// own share, which only loosens the limit by the number of processes.
final class AnswerBurstLimiter: Sendable {
    private let buckets = Mutex<[String: TokenBucket]>([:])

    /// Whether every one of `keys` (each with its rule) has room for one more answer; takes from
    /// each only when all have room.
    func admit(_ keys: [(key: String, rule: @Sendable (Date) -> TokenBucket)], now: Date) -> Bool {
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
}

extension AppServices {
    /// Checks an anonymous answer to `target` from the request's client against the burst rules;
    /// a refusal is counted for the admins and answered with 429.
    func admitAnswer(_ target: SurveyService.Target, context: AppContext, kioskID: String? = nil) async throws -> Bool {
        let now = now()
        let link = "\(target.survey.id):\(target.node.id)"
        let linkRate = configuration.linkAnswersPerSecond
        let keys: [(key: String, rule: @Sendable (Date) -> TokenBucket)] = if let kioskID {
            [("kiosk:" + kioskID, AnswerBurstRules.perKiosk)]
        } else {
            [("client:" + SessionRepository.hash((context.remoteAddress ?? "?") + ":" + link), AnswerBurstRules.perClient),
             ("link:" + link, { AnswerBurstRules.perLink(now: $0, perSecond: linkRate) })]
        }
        if bursts.admit(keys, now: now) { return true }
        try await SurveyRepository(database.sql).countBurst(surveyID: target.survey.id, nodeID: target.node.id, channel: target.channel,
                                                            on: CalendarDay(now))
        return false
    }
}
