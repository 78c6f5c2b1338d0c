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
            let sql = app.services.database.sql
            let survey = try #require(try await SurveyRepository(sql).survey(code: NationalSurvey.code))
            let version = try #require(try await SurveyRepository(sql).latestVersion(surveyID: survey.id))
            let node = try await app.node("ESIM-U002")
            let reasons = Array(repeating: "Jouduin jonottamaan yli tunnin, odotus oli aivan liian pitkä.", count: 12)
                + Array(repeating: "Hoitaja oli todella ystävällinen.", count: 6)
            let items = reasons.enumerated().map { index, reason in
                (response: SurveyRepository.NewResponse(surveyID: survey.id, versionID: version.id, node: node, channel: .sms, language: .fi,
                                                        background: .init(ageBand: .age30to39), submissionKey: nil),
                 answers: ["thl.nps": AnswerValue.number(index < 12 ? 3 : 10), "thl.nps_reason": .text(reason)])
            }
            let now = app.clock.now()
            _ = try await app.services.database.transaction { db in try await SurveyRepository(db).insertBatch(items, now: now) }
            _ = try await TextAnalytics(database: app.services.database, clock: app.clock).analysePending()
            try await browser.login("paakayttaja@esimerkkila.fi")
            let today = CalendarDay(app.clock.now())
            let query = "node=ESIM-U002&period=custom&from=\(today.adding(days: -7))&to=\(today)&lang=fi"
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
            // Six texts about the encounter: fewer than the text minimum, so none is shown.
            let few = try await browser.get("/staff/reports/texts?" + query + "&question=thl.nps_reason&topic=encounter")
            #expect(few.body.contains("Avoimia vastauksia näytetään vain, kun niitä on vähintään"))
            #expect(!few.body.contains("Hoitaja oli todella ystävällinen."))
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
}
