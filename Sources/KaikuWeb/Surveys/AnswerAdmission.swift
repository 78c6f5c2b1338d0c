import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

extension AppServices {
    /// Checks an anonymous answer to `target` from the request's client against the burst rules
    /// (`AnswerBurstLimiter.admit`); a refusal is answered with 429.
    func admitAnswer(_ target: SurveyService.Target, context: AppContext, kioskID: String? = nil) async throws -> Bool {
        try await bursts.admit(target, rateKey: context.rateKey, kioskID: kioskID, linkAnswersPerSecond: configuration.linkAnswersPerSecond,
                               database: database, now: now())
    }
}
