import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import Testing

@Suite struct TextAnalyticsTests {
    static func submit(_ world: UseCaseWorld, _ text: String, at unitCode: String = "ESIM-U002") async throws -> FeedbackCase {
        let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
        let area = try #require(try await ServiceAreaRepository(world.database.sql).list().first { $0.code == "terveysasemat" })
        return try await feedback.submit(FeedbackSubmission(serviceAreaID: area.id, unitID: try await world.node(unitCode).id, kind: .criticism,
                                                            text: text, wantsReply: false, email: "", phone: "", language: .fi),
                                         submissionKey: nil)
    }

    /// Issue 25, part 3: what spontaneous feedback is about, in the feedback report.
    @Test func theFeedbackReportCountsCasesByTopicSentimentAndKind() async throws {
        try await UseCaseWorld.with { world in
            let texts = TextAnalytics(database: world.database, clock: world.clock)
            let day = CalendarDay(world.clock.now())
            let period = try #require(ReportPeriod(from: day, to: day))
            let reports = Reports(database: world.database)
            _ = try await texts.analysePending()  // the demo's cases, so that only the new one differs
            let before = try await reports.feedback(nodeCode: "ESIM-U002", period: period, reader: .commandLine, now: world.clock.now())
            _ = try await Self.submit(world, "Hoitaja oli tyly ja jonotin kaksi tuntia.")
            _ = try await texts.analysePending()
            let after = try await reports.feedback(nodeCode: "ESIM-U002", period: period, reader: .commandLine, now: world.clock.now())
            func line(_ report: FeedbackReport) -> FeedbackReport.TopicLine? { report.topics.first { $0.topic == .encounter } }
            #expect((line(after)?.cases ?? 0) == (line(before)?.cases ?? 0) + 1)
            #expect((line(after)?.negative ?? 0) == (line(before)?.negative ?? 0) + 1)
            #expect((line(after)?.byKind[.criticism] ?? 0) == (line(before)?.byKind[.criticism] ?? 0) + 1)
        }
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
            let unit = try await world.node("ESIM-U002")
            try await texts.correctCase(c.id, sentiment: .mixed, topics: [.encounter, .followUp], by: handler)
            let corrected = try #require(try await TextRepository(world.database.sql).analysis(of: subject))
            let handlersLabels = corrected.sentiment == .mixed && Set(corrected.topics.keys) == [.encounter, .followUp]
                && corrected.correctedBy == handler.id && corrected.predictedSentiment == .negative
            #expect(handlersLabels)
            let audited = try await world.audit(.textCorrected).map(\.detail)
            #expect(audited == ["sentiment=mixed topics=encounter,follow_up scope=ESIM-U002"])

            // Analysed again (a new analyser version): the prediction is refreshed, the handler's labels stay.
            try await TextRepository(world.database.sql).save(subject, try TextTools.analyser().analyse(c.body, language: .fi), version: "next",
                                                              now: world.clock.now())
            let again = try #require(try await TextRepository(world.database.sql).analysis(of: subject))
            let kept = again.sentiment == .mixed && Set(again.topics.keys) == [.encounter, .followUp]
            #expect(kept)

            // The correction teaches what comes after it.
            let corrections = try await texts.analyser().corrections
            #expect(corrections.model(for: corrections.scopes(forNodeAt: unit.path)).examples == 1)
            let agreement = try await TextRepository(world.database.sql).agreement(since: .distantPast)
            let reviewedOnceDisagreed = agreement.map(\.reviewed) == [1] && agreement.map(\.sentimentAgreed) == [0]
            #expect(reviewedOnceDisagreed)
        }
    }

    /// A unit's reader teaches the analysis of their own units only; the county's once a
    /// county-level reviewer accepts the correction (disclosure control, finding 4).
    @Test func aCorrectionTeachesOnlyTheCorrectorsUnitsUntilTheCountyAcceptsIt() async throws {
        try await UseCaseWorld.with { world in
            let texts = TextAnalytics(database: world.database, clock: world.clock)
            let sql = world.database.sql
            let sentence = "Käynti oli aivan tavallinen, kävin vastaanotolla."
            func analysed(at code: String) async throws -> (sentiment: Sentiment, topics: [Topic: Sentiment]) {
                let c = try await Self.submit(world, sentence, at: code)
                try await texts.analysePending()
                struct NotAnalysed: Error {}
                guard let analysis = try await TextRepository(sql).analysis(of: .init(type: .case, id: c.id)) else { throw NotAnalysed() }
                return (analysis.sentiment, analysis.topics)
            }
            let before = try await analysed(at: "ESIM-U003")
            #expect(before.sentiment != .positive)
            // A handler of Rantala (ESIM-U002) corrects four such texts there to "positive, about the encounter".
            let handler = try await world.actor("kasittelija@esimerkkila.fi")
            let unit = try await world.node("ESIM-U002")
            for _ in 0..<4 {
                let c = try await Self.submit(world, sentence, at: "ESIM-U002")
                try await texts.correctCase(c.id, sentiment: .positive, topics: [.encounter], by: handler)
            }
            // Rantala's next such text is read their way; another unit's is not.
            #expect(try await analysed(at: "ESIM-U002").sentiment == .positive)
            let elsewhere = try await analysed(at: "ESIM-U003")
            #expect(elsewhere.sentiment == before.sentiment && elsewhere.topics == before.topics)
            // A county admin accepts them: from then on they teach the county, and it is audited.
            let local = try await texts.localCorrections()
            #expect(local.count == 4 && local.allSatisfy { $0.scopePath == unit.path && $0.features.isEmpty })
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            for correction in local { #expect(try await texts.acceptCorrection(id: correction.id, by: admin)) }
            #expect(try await texts.acceptCorrection(id: local[0].id, by: admin) == false)
            #expect(try await texts.localCorrections().isEmpty)
            #expect(try await analysed(at: "ESIM-U003").sentiment == .positive)
            #expect(try await world.audit(.textCorrectionAccepted).count == 4)
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
