import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import Logging
import SQLKit
import Testing

/// Answering by replying to the invitation (issue 28): a score, the follow-up question's answer,
/// refusals, and nothing counted twice or after the link's lifetime.
@Suite struct SMSReplyTests {
    struct ResponseRow: Decodable { let id: String, channel: String, language: String }
    struct AnswerRow: Decodable { let question_key: String, value_number: Int?, value_text: String? }

    @Test func repliesBecomeAnonymousAnswersOnceAndRefusalsStopSurveys() async throws {
        try await UseCaseWorld.with { world in
            let catalog = try Catalog.bundled()
            let dispatch = SMSDispatch(database: world.database, clock: world.clock, catalog: catalog, publicURL: "https://kaiku.test")
            try await dispatch.setPolicy(SMSPolicy(replyAnswers: 1), by: .commandLine)
            let health = SMSDispatchTests.points(of: "ESIM-U002")
            let numbers = ["0401110001", "0401110002", "0401110003", "0401110004", "0401110005"]
            let rows = numbers.enumerated().map { index, phone in
                SMSDispatchTests.row("R\(index)", person: "P\(index)", phone: phone, language: index == 1 ? "sv" : "fi", point: health[0],
                                     day: "2026-02-27", hour: 9)
            }
            _ = try await dispatch.importVisits(SMSDispatchTests.file(rows), source: "test", by: .commandLine)
            world.clock.set(SMSDispatchTests.at("2026-03-02", 10.5))
            #expect(try await dispatch.run().sent == 5)
            let invitations = try await SMSDispatchTests.sms(world)
            let first = try #require(invitations.first { $0.recipient == "+358401110001" })
            // Two parts: the question, how to answer by number or link, and how to refuse.
            #expect(first.body.contains("numerolla 0-10") && first.body.contains("https://kaiku.test/s/") && first.body.contains("vastaa EI")
                    && SMSLength(first.body).segments == 2)
            let national = try #require(try await SurveyRepository(world.database.sql).survey(code: NationalSurvey.code))
            let before = try await SurveyRepository(world.database.sql).responseCount(surveyID: national.id)

            // A score asks the open question once; the answer to it stores one response with both.
            #expect(try await dispatch.receiveReply(from: "+358 40 111 0001", text: " 8 ") == .asked)
            let followUp = try await SMSDispatchTests.sms(world).filter { $0.recipient == "+358401110001" && $0.body.contains("Kiitos vastauksesta") }
            #expect(followUp.count == 1 && followUp[0].body.contains("mihin arviosi perustuu"))
            #expect(try await SurveyRepository(world.database.sql).responseCount(surveyID: national.id) == before)
            #expect(try await dispatch.receiveReply(from: "0401110001", text: "Hoitaja oli ystävällinen.\nJono oli pitkä.") == .answered)
            #expect(try await SurveyRepository(world.database.sql).responseCount(surveyID: national.id) == before + 1)
            // A second reply, a second score or the link itself counts nothing more.
            #expect(try await dispatch.receiveReply(from: "0401110001", text: "9") == .ignored)
            #expect(try await dispatch.receiveReply(from: "0401110001", text: "Ja vielä yksi asia") == .ignored)
            let token = try #require(Self.token(in: first.body))
            await #expect(throws: SurveyService.Refusal.used) { try await SurveyService(database: world.database, clock: world.clock).target(token: token) }
            // The stored response: the invitation's survey, unit and language, by SMS; no number anywhere near it.
            let stored = try await world.database.sql.raw("SELECT id, channel, language FROM responses WHERE channel = 'sms'").all(decoding: ResponseRow.self)
            #expect(stored.count == 1 && stored[0].language == "fi")
            let answers = try await world.database.sql.raw("SELECT question_key, value_number, value_text FROM response_answers WHERE response_id = \(bind: stored[0].id)")
                .all(decoding: AnswerRow.self)
            #expect(answers.first { $0.question_key == "thl.nps" }?.value_number == 8)
            #expect(answers.first { $0.question_key == "thl.nps_reason" }?.value_text == "Hoitaja oli ystävällinen. Jono oli pitkä.")
            let everything = try await world.database.sql.raw("SELECT * FROM sms_replies").all().count
            #expect(everything == 4)  // the other four invitations wait; the answered one is gone

            // Words instead of a number: one message tells how to answer; a score then, and the
            // follow-up never answered: stored alone when its time is up.
            #expect(try await dispatch.receiveReply(from: "0401110002", text: "hej") == .helped)
            #expect(try await dispatch.receiveReply(from: "0401110002", text: "hej igen") == .ignored)
            #expect(try await SMSDispatchTests.sms(world).filter { $0.recipient == "+358401110002" && $0.body.contains("bara en siffra") }.count == 1)
            #expect(try await dispatch.receiveReply(from: "0401110002", text: "10/10") == .asked)
            #expect(try await dispatch.finishReplies() == 0)
            world.clock.advance(by: SMSDispatch.followUpHours * 3600 + 60)
            #expect(try await dispatch.finishReplies() == 1)
            #expect(try await SurveyRepository(world.database.sql).responseCount(surveyID: national.id) == before + 2)
            #expect(try await dispatch.receiveReply(from: "0401110002", text: "Bra!") == .ignored)

            // "EI kiitos" refuses further surveys (confirmed once); a score after it is not an answer.
            #expect(try await dispatch.receiveReply(from: "0401110003", text: "EI kiitos") == .refused)
            let key = try await SMSKeys.load(world.database.sql, now: world.clock.now()).phone("+358401110003")
            #expect(try await SMSRepository(world.database.sql).refused(among: [key]) == [key])
            #expect(try await dispatch.receiveReply(from: "0401110003", text: "7") == .ignored)
            // "Ei" at the start of an answer is not a refusal.
            #expect(SMSReply.read("Ei ollut hyvä palvelu") == .text("Ei ollut hyvä palvelu"))

            // Answered by the link first: the reply counts nothing.
            let fourth = try #require(invitations.first { $0.recipient == "+358401110004" })
            let surveys = SurveyService(database: world.database, clock: world.clock)
            let fourthToken = try #require(Self.token(in: fourth.body))
            try await surveys.submit(try await surveys.target(token: fourthToken), fields: ["q.thl.nps": ["6"]], language: .fi, token: fourthToken,
                                     submissionKey: nil)
            #expect(try await dispatch.receiveReply(from: "0401110004", text: "6") == .ignored)
            #expect(try await SurveyRepository(world.database.sql).responseCount(surveyID: national.id) == before + 3)

            // After the link's lifetime a reply is not counted, and the purge forgets the invitation.
            world.clock.advance(by: 15 * 86_400)
            #expect(try await dispatch.receiveReply(from: "0401110005", text: "9") == .ignored)
            try await dispatch.purge()
            #expect(try await world.database.sql.raw("SELECT * FROM sms_replies").all().isEmpty)
            // An unknown number is ignored.
            #expect(try await dispatch.receiveReply(from: "0409999999", text: "5") == .ignored)
        }
    }

    @Test func answersToAReplyGoOutsideTheSendingWindowInvitationsDoNot() async throws {
        try await UseCaseWorld.with { world in
            let outbox = OutboxRepository(world.database.sql)
            world.clock.set(SMSDispatchTests.at("2026-03-02", 20))
            for (key, number) in [("visit:late", "+358401112233"), (SMSDispatch.replyEventPrefix + "follow_up:x", "+358401112234")] {
                _ = try await outbox.enqueue(channel: "sms", key: key, recipient: number, subject: "", body: "x", audience: .customer, scopePath: nil,
                                             now: world.clock.now())
            }
            let gateway = RecordingSMSGateway()
            let sender = SMSSender(database: world.database, gateway: gateway, clock: world.clock, logger: Logger(label: "test"))
            #expect(try await sender.deliverDue(limit: 10) == 1)
            #expect(gateway.sent.map(\.to) == ["+358401112234"])
        }
    }

    static func token(in body: String) -> String? {
        guard let range = body.range(of: "/s/") else { return nil }
        let segment = String(body[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        return SMSLink.split(segment)?.token ?? segment
    }
}
