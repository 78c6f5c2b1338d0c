import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuWeb
import Testing

/// Sentiment and topics where people see them: the handler's case page (with the correction form),
/// the report's topic table and its drill-down to the negative texts, and the admin's page.
@Suite struct TextWebTests {
    @Test func theHandlerSeesAndCorrectsTheSentimentAndTopicsOfACase() async throws {
        try await TestApp.with { app, browser in
            let thanks = try await app.giveFeedback(browser, text: "Hoitaja oli tyly ja jouduin odottamaan vastaanotolla tunnin.")
            let c = try await app.feedbackCase(try #require(TestApp.reference(in: thanks.body)))
            let handler = Browser(client: browser.client)
            try await handler.login("kasittelija@esimerkkila.fi")
            let page = try await handler.get("/staff/cases/\(c.id)?lang=fi")
            #expect(page.body.contains("Sävy ja aiheet"))
            #expect(page.body.contains("sentiment-negative"))
            #expect(page.body.contains("Kohtaaminen ja ystävällisyys"))

            let refused = try await handler.post("/staff/cases/\(c.id)/text", [("sentiment", "angry")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Valitse sävy."))
            let saved = try await handler.post("/staff/cases/\(c.id)/text", [("sentiment", "mixed"), ("topic", "waiting"), ("topic", "fees")])
            #expect(saved.status == .seeOther)
            let after = try await handler.get("/staff/cases/\(c.id)?lang=fi")
            #expect(after.body.contains("korjannut kasittelija@esimerkkila.fi"))
            #expect(after.body.contains("Maksut ja laskut"))
            #expect(!after.body.contains("Kohtaaminen ja ystävällisyys ("))
            let audited = try await app.audit(.textCorrected).count
            #expect(audited == 1)
        }
    }

    @Test func theReportCountsTopicsAndOpensTheNegativeTexts() async throws {
        try await TestApp.with { app, browser in
            try await Self.answer(app, Array(repeating: (3, "Jouduin jonottamaan yli tunnin, odotus oli aivan liian pitkä."), count: 12)
                                  + Array(repeating: (10, "Hoitaja oli todella ystävällinen."), count: 6))
            try await browser.login("paakayttaja@esimerkkila.fi")
            let query = "node=ESIM-U002&period=month&lang=fi"
            let report = try await browser.get("/staff/reports?" + query)
            #expect(report.status == .ok)
            #expect(report.body.contains("Avoimien vastausten aiheet"))
            // The chart's red part is a link to the negative texts, named for the keyboard and screen readers.
            #expect(report.body.contains(#"<rect class="bar negative""#))
            #expect(report.body.contains(#"aria-label="Odottaminen ja jonotus: 12 kielteinen""#))
            let link = try #require(report.body.range(of: #"/staff/reports/texts\?[^"]*topic=[a-z_]+&amp;sentiment=negative"#, options: .regularExpression))
            let texts = try await browser.get(String(report.body[link]).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(texts.status == .ok)
            #expect(texts.body.contains("Odottaminen ja jonotus, kielteinen"))
            #expect(texts.body.contains("Jouduin jonottamaan yli tunnin"))
            #expect(!texts.body.contains("Hoitaja oli todella ystävällinen."))
            // The periodic report (the monthly email's content) lists the top topics with their sentiment.
            let printed = try await browser.get("/staff/reports/print?" + query)
            #expect(printed.body.contains("Avoimien vastausten aiheet: "))
            #expect(printed.body.contains("<th scope=\"row\" class=\"mail-td\">Odottaminen ja jonotus</th>"))
            // Six texts about the encounter: a part of the month's 18, which may be listed, and read
            // from the texts themselves, so they tell nothing the whole list does not.
            let part = try await browser.get("/staff/reports/texts?" + query + "&question=thl.nps_reason&topic=encounter")
            #expect(part.body.contains("Hoitaja oli todella ystävällinen."))
            #expect(!part.body.contains("Jouduin jonottamaan"))
        }
    }

    @Test func aReaderCorrectsAnOpenAnswerByItsReferenceWithoutSeeingItsResponse() async throws {
        try await TestApp.with { app, browser in
            try await Self.answer(app, (0..<12).map { (9, "Vastaus \($0): lääkäri kuunteli, ei valittamista.") })
            try await browser.login("johto@esimerkkila.fi")
            let list = "/staff/reports/texts?node=ESIM-U002&period=\(ReportPortalTests.lastMonth.description.prefix(7))&question=thl.nps_reason&lang=fi"
            let texts = try await browser.get(list)
            #expect(texts.body.contains("Vastaus 0: lääkäri kuunteli"))
            // The list names each answer by its analysis's random reference, never by its response.
            struct Row: Decodable { let id: String }
            for response in try await app.services.database.sql.raw("SELECT id FROM responses").all(decoding: Row.self) {
                #expect(!texts.body.contains(response.id))
            }
            let link = try #require(texts.body.range(of: #"/staff/reports/texts/[0-9a-f]{32}\?back=[^"]+"#, options: .regularExpression))
            let review = try await browser.get(String(texts.body[link]).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(review.status == .ok)
            #expect(review.body.contains("Tarkista sävy ja aiheet") || review.body.contains("Sävy ja aiheet"))
            let path = String(String(texts.body[link]).prefix { $0 != "?" })
            let reference = String(path.split(separator: "/").last!)
            let refused = try await browser.post(path, [("sentiment", "happy")])
            #expect(refused.status == .unprocessableContent)
            let saved = try await browser.post(path + "?back=" + Browser.encode(list), [("sentiment", "mixed"), ("topic", "fees")])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == list + "&msg=text_corrected")
            let after = try await browser.get(path + "?lang=fi")
            #expect(after.body.contains("korjannut johto@esimerkkila.fi"))
            #expect(after.body.contains("Maksut ja laskut"))
            // The audit trail names the answer by its reference too.
            let audited = try await app.audit(.textCorrected)
            #expect(audited.map(\.targetID) == [reference])
            // A redirect elsewhere is refused: `back` only ever returns to a list of texts.
            let elsewhere = try await browser.post(path + "?back=" + Browser.encode("//evil.example/staff/reports/texts?"), [("sentiment", "mixed")])
            #expect(elsewhere.headers[.location] == "/staff/reports?msg=text_corrected")
        }
    }

    @Test func theCountyAdminTeachesATopicAndSeesTheAgreement() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let page = try await browser.get("/admin/text?lang=fi")
            #expect(page.status == .ok)
            #expect(page.body.contains("Käsittelijät eivät ole vielä tarkistaneet tekstejä."))
            let refused = try await browser.post("/admin/text/rules", [("topic", "fees"), ("language", "fi"), ("term", "")])
            #expect(refused.status == .unprocessableContent)
            let added = try await browser.post("/admin/text/rules", [("topic", "facilities"), ("language", "fi"), ("term", "tuoli")])
            #expect(added.status == .seeOther)
            let rules = try await TextRepository(app.services.database.sql).rules()
            #expect(rules.map(\.rule.term) == ["tuoli"])
            let listed = try await browser.get("/admin/text?lang=fi")
            #expect(listed.body.contains("tuoli"))
            let deleted = try await browser.post("/admin/text/rules/\(rules[0].id)/delete")
            #expect(deleted.status == .seeOther)
            let left = try await TextRepository(app.services.database.sql).rules()
            #expect(left.isEmpty)
        }
    }

    /// National-survey responses at ESIM-U002 with a score and an open answer each, analysed.
    static func answer(_ app: TestApp, _ answers: [(score: Int, text: String)]) async throws {
        let sql = app.services.database.sql
        let survey = try #require(try await SurveyRepository(sql).survey(code: NationalSurvey.code))
        let version = try #require(try await SurveyRepository(sql).latestVersion(surveyID: survey.id))
        let node = try await app.node("ESIM-U002")
        let items = answers.map { answer in
            (response: SurveyRepository.NewResponse(surveyID: survey.id, versionID: version.id, node: node, channel: .sms, language: .fi,
                                                    background: .init(ageBand: .age30to39), submissionKey: nil, day: ReportPortalTests.lastMonth),
             answers: ["thl.nps": AnswerValue.number(answer.score), "thl.nps_reason": .text(answer.text)])
        }
        let now = app.clock.now()
        _ = try await app.services.database.transaction { db in try await SurveyRepository(db).insertBatch(items, now: now) }
        _ = try await TextAnalytics(database: app.services.database, clock: app.clock).analysePending()
    }
}
