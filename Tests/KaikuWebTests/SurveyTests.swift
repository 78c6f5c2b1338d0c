import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import NIOCore
@testable import KaikuWeb
import SQLKit
import Testing

extension TestApp {
    var national: SurveyRepository.Survey {
        get async throws { try #require(try await SurveyRepository(services.database.sql).survey(code: NationalSurvey.code)) }
    }

    func link(unit: String = "ESIM-U002", language: Language = .sv, expiresIn: TimeInterval = 7 * 86_400,
              background: SurveyRepository.Background = .init(ageBand: .age65to74, contactType: .visit)) async throws -> String {
        try await SurveyRepository(services.database.sql).createLink(
            surveyID: try await national.id, nodeID: try await node(unit).id, channel: .sms, language: language, background: background,
            expiresAt: clock.now().addingTimeInterval(expiresIn), now: clock.now())
    }

    func responses() async throws -> Int {
        try await SurveyRepository(services.database.sql).responseCount(surveyID: try await national.id)
    }
}

@Suite struct SurveyAnsweringTests {
    static let answers: [(String, String)] = [("q.thl.nps", "9"), ("q.thl.nps_reason", "Ystävällinen hoitaja. Soita 040 123 4567"),
                                               ("q.thl.smooth", "5"), ("q.thl.safe", "cant_say")]

    @Test func theNationalSurveyIsPreloadedByMigration() async throws {
        try await TestApp.with(loadDemo: false) { app, _ in
            let survey = try await app.national
            #expect(survey.isNational)
            #expect(survey.status == .published)
            let version = try #require(try await SurveyRepository(app.services.database.sql).latestVersion(surveyID: survey.id))
            #expect(version.definition == NationalSurvey.definition)
        }
    }

    @Test func personalLinkAnsweredOnceInTheLinksLanguage() async throws {
        try await TestApp.with { app, browser in
            let token = try await app.link()
            let page = try await browser.get("/s/\(token)")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<html lang="sv">"#))
            #expect(page.body.contains("Hur sannolikt är det att du skulle rekommendera"))
            #expect(page.body.contains("Strand hälsostation"))
            let submission = TestApp.hidden("submission", in: page.body)
            let sent = try await browser.post("/s/\(token)", Self.answers + [("submission", submission), ("language", "sv")])
            #expect(sent.status == .ok)
            #expect(sent.body.contains("Tack för dina svar"))
            #expect(try await app.responses() == 1)
            // Used: a clear page, and nothing more is stored.
            let again = try await browser.post("/s/\(token)", Self.answers + [("submission", "other")])
            #expect(again.status == .gone)
            #expect(again.body.contains("redan besvarats"))
            #expect(try await browser.get("/s/\(token)").status == .gone)
            #expect(try await app.responses() == 1)
        }
    }

    /// The answering page is rendered once and put together per visitor: nobody gets another's
    /// CSRF token, submission id or personal link.
    @Test func aCachedPageCarriesOnlyTheVisitorsOwnTokens() async throws {
        try await TestApp.with { app, browser in
            let first = try await app.link(), second = try await app.link()
            let a = try await browser.get("/s/\(first)")
            let csrfA = browser.csrf
            browser.forgetCookies()
            let b = try await browser.get("/s/\(second)")
            #expect(a.status == .ok && b.status == .ok && browser.csrf != csrfA)
            #expect(!b.body.contains(first) && !b.body.contains(csrfA) && b.body.contains("/s/\(second)") && b.body.contains(browser.csrf))
            #expect(TestApp.hidden("submission", in: a.body) != TestApp.hidden("submission", in: b.body))
            // The rest of the page is the same bytes.
            func neutral(_ page: String, _ values: [String]) -> String {
                values.reduce(page) { $0.replacingOccurrences(of: $1, with: "•") }
            }
            #expect(neutral(a.body, [first, csrfA, TestApp.hidden("submission", in: a.body)])
                    == neutral(b.body, [second, browser.csrf, TestApp.hidden("submission", in: b.body)]))
            // The open link too, and the answer from the second page is stored.
            browser.forgetCookies()
            let open = try await browser.get("/k/ESIM-U002/thl-national?c=qr")
            #expect(open.body.contains(browser.csrf) && !open.body.contains(csrfA))
            #expect(try await browser.post("/s/\(second)", Self.answers + [("submission", TestApp.hidden("submission", in: b.body))]).status == .ok)
        }
    }

    @Test func expiredAndForgedLinks() async throws {
        try await TestApp.with { app, browser in
            let token = try await app.link(expiresIn: 60)
            app.clock.advance(by: 120)
            let expired = try await browser.get("/s/\(token)?lang=en")
            #expect(expired.status == .gone)
            #expect(expired.body.contains("The link has expired."))
            #expect(try await browser.get("/s/\(Identifier.makeSecret())?lang=en").status == .notFound)
            #expect(try await browser.get("/s/short").status == .notFound)
            // A valid link with one character changed is another, unknown link.
            let other = try await app.link()
            let forged = String(other.dropLast()) + (other.hasSuffix("A") ? "B" : "A")
            #expect(try await browser.get("/s/\(forged)").status == .notFound)
        }
    }

    @Test func answersAreAnonymousAndFreeTextIsMasked() async throws {
        try await TestApp.with { app, browser in
            let token = try await app.link()
            try await browser.get("/s/\(token)")
            try await browser.post("/s/\(token)", Self.answers + [("language", "sv")])
            let sql = app.services.database.sql
            // Nothing in a response points to a person or to the link that was sent (who answered is a
            // relation, not a person; assisted answers never name the helper).
            let columns = try await sql.raw("SELECT * FROM responses").first()?.allColumns ?? []
            #expect(Set(columns) == ["id", "survey_id", "version_id", "node_id", "node_path", "channel", "language", "age_band", "gender",
                                     "contact_type", "call_type", "respondent", "variant", "assisted", "submitted_on", "submission_key"])
            let row = try #require(try await sql.raw("SELECT channel, age_band, contact_type, submitted_on FROM responses").first())
            #expect(try row.decode(column: "channel", as: String.self) == "sms")
            #expect(try row.decode(column: "age_band", as: String.self) == "65-74")
            #expect(try row.decode(column: "submitted_on", as: String.self) == CalendarDay(app.clock.now()).description)
            let text = try await sql.raw("SELECT value_text FROM response_answers WHERE question_key = 'thl.nps_reason'").first()?
                .decode(column: "value_text", as: String.self)
            #expect(text == "Ystävällinen hoitaja. Soita […]")
            // The used link keeps only its token's hash (SecurityTests.aResponseCannotBeMatchedWithItsLink).
            #expect(try await sql.raw("SELECT token_hash FROM survey_tokens").all().isEmpty)
            #expect(try await sql.raw("SELECT * FROM survey_tokens_used").first()?.allColumns == ["token_hash"])
        }
    }

    /// Issue 27, item 10: after answering, the link to free-form feedback opens the form of the
    /// unit's service area with the unit chosen.
    @Test func theThankYouPageLinksToFeedbackAboutTheSameUnit() async throws {
        try await TestApp.with { app, browser in
            let token = try await app.link(unit: "ESIM-U002", language: .en)
            try await browser.get("/s/\(token)")
            let sent = try await browser.post("/s/\(token)", [("q.thl.nps", "9"), ("language", "en")])
            let unit = try await app.node("ESIM-U002")
            let href = try #require(sent.body.firstMatch(of: /href="(\/feedback\/[^"?]+\?unit=[^"]+)"/)?.output.1)
            #expect(href.hasSuffix("?unit=" + unit.id))
            let form = try await browser.get(String(href) + "&lang=en")
            #expect(form.status == .ok && form.body.contains(#"value="\#(unit.id)" checked"#))
        }
    }

    @Test func switchingLanguageMidwayKeepsTheAnswers() async throws {
        try await TestApp.with { app, browser in
            let token = try await app.link(language: .fi)
            try await browser.get("/s/\(token)")
            let switched = try await browser.post("/s/\(token)", [("q.thl.nps", "7"), ("q.thl.nps_reason", "Hyvä"), ("switch_lang", "en")])
            #expect(switched.body.contains(#"<html lang="en">"#))
            #expect(switched.body.contains(#"value="7" checked"#))
            #expect(switched.body.contains(">Hyvä</textarea>"))
            #expect(try await app.responses() == 0)
            let sent = try await browser.post("/s/\(token)", [("q.thl.nps", "7"), ("language", "en")])
            #expect(sent.body.contains("Thank you for your answers"))
            let language = try await app.services.database.sql.raw("SELECT language FROM responses").first()?.decode(column: "language", as: String.self)
            #expect(language == "en")
        }
    }

    @Test func missingRequiredAnswerIsShownNextToTheQuestion() async throws {
        try await TestApp.with { app, browser in
            let token = try await app.link(language: .en)
            try await browser.get("/s/\(token)")
            let refused = try await browser.post("/s/\(token)", [("q.thl.smooth", "9")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("This question needs an answer."))
            #expect(refused.body.contains("The answer is not valid."))
            #expect(try await app.responses() == 0)
            #expect(try await browser.get("/s/\(token)").status == .ok)  // the link still works
        }
    }

    @Test func openLinkForQRCodesAndDoubleSubmit() async throws {
        try await TestApp.with { app, browser in
            let page = try await browser.get("/k/ESIM-U002/\(NationalSurvey.code)?c=qr&lang=fi")
            #expect(page.status == .ok)
            let submission = TestApp.hidden("submission", in: page.body)
            try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)?c=qr", [("q.thl.nps", "10"), ("submission", submission)])
            try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)?c=qr", [("q.thl.nps", "10"), ("submission", submission)])
            #expect(try await app.responses() == 1)
            let channel = try await app.services.database.sql.raw("SELECT channel FROM responses").first()?.decode(column: "channel", as: String.self)
            #expect(channel == "qr")
            #expect(try await browser.get("/k/NOPE/\(NationalSurvey.code)").status == .notFound)
        }
    }

    @Test func aSurveyNotRunningInTheUnitIsRefused() async throws {
        try await TestApp.with(loadDemo: false) { app, browser in
            let sql = app.services.database.sql
            _ = try await OrgRepository(sql).insert(OrgNodeSpec(code: "X", parentCode: nil, level: .county, name: LocalizedText(fi: "X")),
                                                    parent: nil, now: app.clock.now())
            #expect(try await browser.get("/k/X/\(NationalSurvey.code)?lang=en").body.contains("not running in this unit"))
        }
    }
}

@Suite struct SurveyEntryTests {
    @Test func staffEnterPaperAnswersMarkedAsSuch() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("henkilosto@esimerkkila.fi")
            #expect(try await browser.get("/staff/surveys").status == .ok)
            let path = "/staff/surveys/entry?unit=ESIM-U002&survey=\(NationalSurvey.code)&channel=paper"
            let form = try await browser.get(path + "&lang=fi")
            #expect(form.body.contains("Kirjaat vastauksia asiakkaan puolesta"))
            let saved = try await browser.post("/staff/surveys/entry", [("unit", "ESIM-U002"), ("survey", NationalSurvey.code), ("channel", "paper"),
                                                                        ("q.thl.nps", "6"), ("language", "fi"),
                                                                        ("submission", TestApp.hidden("submission", in: form.body))])
            #expect(saved.status == .seeOther)
            #expect(saved.location?.contains("msg=entry_saved") == true)
            let channel = try await app.services.database.sql.raw("SELECT channel FROM responses").first()?.decode(column: "channel", as: String.self)
            #expect(channel == "paper")
            // Only for units in the person's scope, and only paper or interview.
            #expect(try await browser.get("/staff/surveys/entry?unit=ESIM-U006&survey=\(NationalSurvey.code)&channel=paper").status == .notFound)
            #expect(try await browser.get("/staff/surveys/entry?unit=ESIM-U002&survey=\(NationalSurvey.code)&channel=sms").status == .notFound)
        }
    }
}

@Suite struct QRCodeTests {
    @Test func qrCodesAsSVGAndPNG() async throws {
        let code = try #require(QRCode("https://palaute.example.fi/k/ESIM-U002/thl-national?c=qr"))
        #expect(code.size >= 21 && (code.size - 21) % 4 == 0)
        // Finder patterns in three corners.
        #expect(code.modules[0][0] && code.modules[0][6] && code.modules[6][0] && !code.modules[1][1])
        let svg = code.svg(title: "Kysely <Rantala>")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("Kysely &lt;Rantala>"))
        let png = code.png(scale: 4)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(PNG.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test func qrRoutesAndPrintPages() async throws {
        try await TestApp.with { app, browser in
            let svg = try await browser.get("/qr/ESIM-U002/\(NationalSurvey.code)/code.svg")
            #expect(svg.headers[.contentType] == "image/svg+xml")
            #expect(try await browser.get("/qr/NOPE/\(NationalSurvey.code)/code.png").status == .notFound)
            try await browser.login("henkilosto@esimerkkila.fi")
            let poster = try await browser.get("/staff/print/ESIM-U002/\(NationalSurvey.code)?format=poster")
            #expect(poster.body.contains("Strand hälsostation"))
            #expect(poster.body.contains("/qr/ESIM-U002/\(NationalSurvey.code)/code.svg"))
            #expect(try await browser.get("/staff/print/ESIM-U006/\(NationalSurvey.code)").status == .notFound)
        }
    }
}

@Suite struct KioskTests {
    @Test func adminRegistersAKioskWhoseAnswersAreStoredOnce() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            try await browser.get("/admin/kiosks")
            let created = try await browser.post("/admin/kiosks", [("name", "Aula"), ("unit", "ESIM-U002"), ("survey", NationalSurvey.code)])
            let url = try #require(created.body.firstMatch(of: /\/kiosk\/([A-Za-z0-9_-]{43})/))
            let path = "/kiosk/\(url.1)"
            let kiosk = Browser(client: browser.client)
            let page = try await kiosk.get(path + "?lang=fi")
            #expect(page.status == .ok)
            #expect(page.body.contains("Kuinka todennäköisesti"))
            // Without the script: a plain form post.
            #expect(try await kiosk.post(path, [("q.thl.nps", "10"), ("submission", "a1")]).body.contains("Kiitos palautteestasi!"))
            // The script's queue: the same answer sent twice is stored once.
            var headers: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: kiosk.csrf]
            headers[.cookie] = "kaiku_csrf=\(kiosk.cookies["kaiku_csrf"] ?? "")"
            let json = #"{"submission": "b2", "language": "sv", "fields": {"q.thl.nps": ["7"]}}"#
            for _ in 0..<2 {
                let response = try await kiosk.client.execute(uri: path + "/answers", method: .post, headers: headers, body: ByteBuffer(string: json))
                #expect(response.status == .ok)
            }
            #expect(try await app.responses() == 2)
            let channels = try await app.services.database.sql.raw("SELECT DISTINCT channel FROM responses").all().map { try $0.decode(column: "channel", as: String.self) }
            #expect(channels == ["kiosk"])
            // A revoked device's link stops working.
            let device = try #require(try await KioskRepository(app.services.database.sql).within(paths: ["/"]).first?.device)
            try await browser.get("/admin/kiosks")
            try await browser.post("/admin/kiosks", [("action", "revoke"), ("device", device.id)])
            #expect(try await kiosk.get(path).status == .notFound)
        }
    }
}

@Suite struct OnePerPageTests {
    @Test func oneQuestionPerScreenWithBackAndNext() async throws {
        try await TestApp.with { app, browser in
            try await SurveyRepository(app.services.database.sql).setOnePerPage(surveyID: try await app.national.id, true, now: app.clock.now())
            let token = try await app.link(language: .en)
            let first = try await browser.get("/s/\(token)")
            #expect(first.body.contains("Question 1 of 9"))
            #expect(!first.body.contains("Dealing with the service went smoothly."))
            // Next without the required answer stays, with the problem shown.
            let missing = try await browser.post("/s/\(token)", [("step", "0"), ("nav", "next")])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.body.contains("This question needs an answer."))
            let second = try await browser.post("/s/\(token)", [("step", "0"), ("nav", "next"), ("q.thl.nps", "9")])
            #expect(second.body.contains("Question 2 of 9"))
            #expect(second.body.contains(#"name="q.thl.nps" value="9""#))  // carried along
            let back = try await browser.post("/s/\(token)", [("step", "1"), ("nav", "back"), ("q.thl.nps", "9")])
            #expect(back.body.contains("Question 1 of 9"))
            #expect(back.body.contains(#"value="9" checked"#))
            let sent = try await browser.post("/s/\(token)", [("step", "7"), ("q.thl.nps", "9"), ("q.thl.safe", "4"), ("language", "en")])
            #expect(sent.body.contains("Thank you for your answers"))
            #expect(try await app.responses() == 1)
        }
    }
}

@Suite struct AdminSurveyTests {
    @Test func adminListsSurveysAndSetsOneQuestionPerScreen() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let page = try await browser.get("/admin/surveys?lang=en")
            #expect(page.body.contains("National customer feedback survey"))
            let national = try await app.national
            let saved = try await browser.post("/admin/surveys/\(national.id)", [
                ("name_fi", national.name.fi), ("name_sv", national.name.sv), ("name_en", national.name.en), ("audience", "all"),
                ("channel", "qr"), ("channel", "sms"), ("targets", "ESIM"), ("one_per_page", "1"),
            ])
            #expect(saved.status == .seeOther)
            #expect(try await app.national.onePerPage)
        }
    }
}

@Suite struct GroupCommitTests {
    @Test func concurrentAnswersAreAllStoredAndRepeatsOnce() async throws {
        try await TestApp.with { app, _ in
            let service = SurveyService(database: app.services.database, clock: app.clock)
            let target = try await service.target(unitCode: "ESIM-U002", surveyCode: NationalSurvey.code, channel: .kiosk)
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        try await service.submit(target, fields: ["q.thl.nps": ["\(i % 11)"]], language: .fi, token: nil,
                                                 submissionKey: i < 10 ? "same" : "key-\(i)")
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 41)
            #expect(try await app.responses() == 41)
        }
    }
}
