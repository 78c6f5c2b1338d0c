import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

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
            // The key stays in this process's memory only; no need to hash it.
            [("client:" + context.rateKey + ":" + link, AnswerBurstRules.perClient),
             ("link:" + link, { AnswerBurstRules.perLink(now: $0, perSecond: linkRate) })]
        }
        if bursts.admit(keys, now: now) { return true }
        try await SurveyRepository(database.sql).countBurst(surveyID: target.survey.id, nodeID: target.node.id, channel: target.channel,
                                                            on: CalendarDay(now))
        return false
    }
}
