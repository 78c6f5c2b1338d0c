import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import Testing

@Suite struct TextAnalyticsTests {
    static func submit(_ world: UseCaseWorld, _ text: String) async throws -> FeedbackCase {
        let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
        let area = try #require(try await ServiceAreaRepository(world.database.sql).list().first { $0.code == "terveysasemat" })
        return try await feedback.submit(FeedbackSubmission(serviceAreaID: area.id, unitID: try await world.node("ESIM-U002").id, kind: .criticism,
                                                            text: text, wantsReply: false, email: "", phone: "", language: .fi),
                                         submissionKey: nil)
    }

    @Test func casesAreAnalysedCorrectedAndTheCorrectionStays() async throws {
        try await UseCaseWorld.with { world in
            let texts = TextAnalytics(database: world.database, clock: world.clock)
            let c = try await Self.submit(world, "Hoitaja oli tyly ja jonotin kaksi tuntia.")
            let first = try await texts.analysePending(), second = try await texts.analysePending()
            #expect(first >= 1)
            #expect(second == 0)
            let subject = TextRepository.Subject(type: .case, id: c.id)
            let analysed = try #require(try await TextRepository(world.database.sql).analysis(of: subject))
            let negativeAboutEncounterAndWaiting = analysed.sentiment == .negative && analysed.topics[.encounter] == .negative
                && analysed.topics[.waiting] != nil
            #expect(negativeAboutEncounterAndWaiting)

            let handler = try await world.actor("kasittelija@esimerkkila.fi")
            try await texts.correct(subject, text: c.body, language: .fi, sentiment: .mixed, topics: [.encounter, .followUp], by: handler)
            let corrected = try #require(try await TextRepository(world.database.sql).analysis(of: subject))
            let handlersLabels = corrected.sentiment == .mixed && Set(corrected.topics.keys) == [.encounter, .followUp]
                && corrected.correctedBy == handler.id && corrected.predictedSentiment == .negative
            #expect(handlersLabels)
            let audited = try await world.audit(.textCorrected).map(\.detail)
            #expect(audited == ["sentiment=mixed topics=encounter,follow_up"])

            // Analysed again (a new analyser version): the prediction is refreshed, the handler's labels stay.
            try await TextRepository(world.database.sql).save(subject, try TextTools.analyser().analyse(c.body, language: .fi), version: "next",
                                                              now: world.clock.now())
            let again = try #require(try await TextRepository(world.database.sql).analysis(of: subject))
            let kept = again.sentiment == .mixed && Set(again.topics.keys) == [.encounter, .followUp]
            #expect(kept)

            // The correction teaches what comes after it.
            let examples = try await texts.analyser().0.corrections.examples
            #expect(examples == 1)
            let agreement = try await TextRepository(world.database.sql).agreement(since: .distantPast)
            let reviewedOnceDisagreed = agreement.map(\.reviewed) == [1] && agreement.map(\.sentimentAgreed) == [0]
            #expect(reviewedOnceDisagreed)
        }
    }

    @Test func aCountysOwnTopicRuleAnalysesTheTextsAgain() async throws {
        try await UseCaseWorld.with { world in
            let texts = TextAnalytics(database: world.database, clock: world.clock)
            let c = try await Self.submit(world, "Kaivattaisiin enemmän tuoleja.")
            try await texts.analysePending()
            let subject = TextRepository.Subject(type: .case, id: c.id)
            let before = try await TextRepository(world.database.sql).analysis(of: subject)?.topics[.facilities]
            #expect(before == nil)
            let admin = try await world.user("paakayttaja@esimerkkila.fi")
            try await TextRepository(world.database.sql).addRule(TopicRule(topic: .facilities, language: .fi, term: "tuoli"), by: admin.id,
                                                                 now: world.clock.now())
            let reanalysed = try await texts.analysePending()
            #expect(reanalysed >= 1)
            let after = try await TextRepository(world.database.sql).analysis(of: subject)?.topics[.facilities]
            #expect(after != nil)
        }
    }
}
