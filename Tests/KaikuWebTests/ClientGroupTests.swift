import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import KaikuWeb
import SQLKit
import Testing

/// Every client group can answer (issue 28): picture and easy-to-read versions, who answered,
/// assisted answers, the print page's cards, answers by SMS reply and a language a county adds.
@Suite struct ClientGroupTests {
    struct Row: Decodable { let variant: String?, respondent: String?, assisted: Bool, language: String }

    static func rows(_ app: TestApp) async throws -> [Row] {
        try await app.services.database.sql.raw("SELECT variant, respondent, assisted, language FROM responses ORDER BY submitted_on, id")
            .all(decoding: Row.self)
    }

    @Test func theChildrensAndEasyVersionsAskTheSameQuestionsWithPictures() async throws {
        try await TestApp.with { app, browser in
            let child = try await browser.get("/k/ESIM-U002/\(NationalSurvey.code)?v=child&p=weather&lang=fi")
            #expect(child.status == .ok)
            // The children's words, large pictures each with its text alternative, and the same question keys.
            #expect(child.body.contains("Kertoisitko kaverillesi") && child.body.contains(#"class="picture" src="/static/pictures/weather-5.svg" alt="Aurinkoista""#))
            #expect(child.body.contains(#"name="q.thl.nps""#) && child.body.contains(#"name="bg.variant" value="child""#))
            #expect(child.body.contains("Kuka vastaa?") && !child.body.contains("bg.assisted"))
            // Someone who is not signed in cannot mark an answer assisted.
            let sent = try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)", [("q.thl.nps", "9"), ("q.thl.safe", "5"), ("bg.variant", "child"),
                                                                                     ("q.bg.respondent", "customer"), ("bg.assisted", "1"), ("language", "fi")])
            #expect(sent.status == .ok)
            let easy = try await browser.get("/k/ESIM-U002/\(NationalSurvey.code)?v=easy&lang=sv")
            #expect(easy.body.contains("Skulle du tipsa en vän") && easy.body.contains("Ja, helt") && easy.body.contains("smiley-5.svg"))
            _ = try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)", [("q.thl.nps", "4"), ("bg.variant", "easy"), ("q.bg.respondent", "relative"),
                                                                              ("language", "sv")])
            // A form that is not a variant is the standard one; a respondent not offered is refused.
            let bad = try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)", [("q.thl.nps", "4"), ("q.bg.respondent", "mayor"), ("language", "fi")])
            #expect(bad.status == .unprocessableContent)
            // (Response ids are random, so the rows come in any order.)
            let rows = try await Self.rows(app).sorted { ($0.variant ?? "") < ($1.variant ?? "") }
            #expect(rows.map(\.variant) == ["child", "easy"] && rows.map(\.respondent) == ["customer", "relative"] && rows.allSatisfy { !$0.assisted })
            // The answers count in the standard figures: the same question keys.
            let keys = try await app.services.database.sql.raw("SELECT DISTINCT question_key FROM response_answers ORDER BY question_key").all()
                .map { try $0.decode(column: "question_key", as: String.self) }
            #expect(keys == ["thl.nps", "thl.safe"])
        }
    }

    @Test func staffMarkAnAnswerAssistedWithoutBeingNamed() async throws {
        try await TestApp.with { app, browser in
            _ = try await browser.login("henkilosto@esimerkkila.fi")
            let path = "/staff/surveys/entry?unit=ESIM-U002&survey=\(NationalSurvey.code)&channel=interview"
            let form = try await browser.get(path)
            #expect(form.body.contains(#"name="bg.assisted""#))
            let saved = try await browser.post("/staff/surveys/entry", [("unit", "ESIM-U002"), ("survey", NationalSurvey.code), ("channel", "interview"),
                                                                       ("q.thl.nps", "8"), ("bg.assisted", "1"), ("q.bg.respondent", "staff"), ("language", "fi")])
            #expect(saved.status == .seeOther || saved.status == .ok)
            let rows = try await Self.rows(app)
            #expect(rows.count == 1 && rows[0].assisted && rows[0].respondent == "staff")
            let user = try await app.user("henkilosto@esimerkkila.fi")
            let columns = try await app.services.database.sql.raw("SELECT * FROM responses").first()?.allColumns ?? []
            #expect(!columns.contains { $0.contains("user") || $0.contains("staff") })
            let values = try await app.services.database.sql.raw("SELECT * FROM responses").all().flatMap { row in
                row.allColumns.compactMap { try? row.decode(column: $0, as: String.self) }
            }
            #expect(!values.contains(user.id) && !values.contains(user.email))
        }
    }

    @Test func theEasyToReadFeedbackForm() async throws {
        try await TestApp.with { app, browser in
            let area = try #require(try await app.services.feedback.areas().first)
            let page = try await browser.get("/feedback/\(area.id)?v=easy&lang=fi")
            #expect(page.body.contains("Mitä haluat sanoa?") && page.body.contains(#"name="variant" value="easy""#)
                    && page.body.contains("Tavallinen lomake"))
            // A refused send shows the easy form again.
            let refused = try await browser.post("/feedback/\(area.id)", [("variant", "easy"), ("kind", "praise"), ("text", "")])
            #expect(refused.status == .unprocessableContent && refused.body.contains("Mitä haluat sanoa?"))
            let standard = try await browser.get("/feedback/\(area.id)?lang=fi")
            #expect(standard.body.contains("Millaista palautetta annat?") && standard.body.contains("Selkokielinen lomake"))
        }
    }

    @Test func thePrintPageGivesCardsBadgesAndVehicleStickers() async throws {
        try await TestApp.with { app, browser in
            _ = try await browser.login("henkilosto@esimerkkila.fi")
            let base = "/staff/print/ESIM-U002/\(NationalSurvey.code)"
            for format in ["poster", "stickers", "card", "badges", "vehicle", "smileys", "weather"] {
                let page = try await browser.get(base + "?format=\(format)&lang=en")
                #expect(page.status == .ok, "\(format)")
                #expect(page.body.contains(#"lang="fi""#) && page.body.contains(#"lang="sv""#) && page.body.contains(#"lang="en""#), "\(format)")
            }
            let smileys = try await browser.get(base + "?format=smileys&v=child")
            #expect(smileys.body.contains("smiley-1.svg") && smileys.body.contains("code.svg?v=child&amp;p=smiley"))
            let weather = try await browser.get(base + "?format=weather")
            #expect(weather.body.contains("weather-5.svg") && weather.body.contains("code.svg?v=easy&amp;p=weather"))
            // The QR code itself carries the version.
            let qr = try await browser.get("/qr/ESIM-U002/\(NationalSurvey.code)/code.svg?v=child&p=weather")
            #expect(qr.status == .ok && qr.body.contains("<svg"))
        }
    }

    @Test func theInboundWebhookNeedsTheTokenAndTakesReplies() async throws {
        try await TestApp.with(configure: { $0.smsCallbackToken = "cb-token" }) { app, browser in
            func post(_ path: String, _ body: String, bearer: String? = nil) async throws -> (HTTPResponse.Status, String) {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let bearer { headers[.authorization] = "Bearer \(bearer)" }
                let response = try await browser.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
                return (response.status, String(buffer: response.body))
            }
            #expect(try await post("/api/v1/sms/inbound", #"{"from": "+358401234567", "text": "8"}"#).0 == .unauthorized)
            #expect(try await post("/api/v1/sms/inbound?token=wrong", #"{"from": "+358401234567", "text": "8"}"#).0 == .unauthorized)
            #expect(try await post("/api/v1/sms/inbound", #"{"text": "8"}"#, bearer: "cb-token").0 == .unprocessableContent)
            let (status, body) = try await post("/api/v1/sms/inbound?token=cb-token", #"{"from": "+358401234567", "text": "8"}"#)
            #expect(status == .ok && body.contains(#""ignored""#))
            // Form-encoded, as some gateways post.
            let form = try await browser.client.execute(uri: "/api/v1/sms/inbound?token=cb-token", method: .post,
                                                        headers: [.contentType: "application/x-www-form-urlencoded"],
                                                        body: ByteBuffer(string: "sender=%2B358401234567&message=EI"))
            #expect(form.status == .ok && String(buffer: form.body).contains(#""refused""#))
        }
        // Without a callback token the gateway's endpoints are not there.
        try await TestApp.with { _, browser in
            let response = try await browser.client.execute(uri: "/api/v1/sms/inbound", method: .post, headers: [.contentType: "application/json"],
                                                            body: ByteBuffer(string: #"{"from": "+358401234567", "text": "8"}"#))
            #expect(response.status == .notFound)
        }
    }

    @Test func aLanguageTheCountyAddsFromATranslatorsFile() async throws {
        try await TestApp.with { app, browser in
            let languages = app.services.publicLanguages
            let admin = Actor.commandLine
            let exported = try await languages.export("qaa", by: admin)
            let rows = exported.split(separator: "\n").map(String.init)
            #expect(rows.first == "key,fi,sv,translation" && exported.contains("survey:\(NationalSurvey.code):thl.nps,") && exported.contains("survey:*:bg.respondent"))
            // The translator's file: most texts translated (here a marked pseudo-translation, never machine-written Sámi).
            func file(_ edit: (String, String) -> String?) -> [UInt8] {
                var lines = ["key,fi,translation"]
                for record in try! CSV.parse(exported).dropFirst() {
                    let (key, finnish) = (record.fields[0], record.fields[1])
                    lines.append(CSV.line([key, finnish, edit(key, finnish) ?? ""]).trimmingCharacters(in: .newlines))
                }
                return Array(lines.joined(separator: "\n").utf8)
            }
            let good = file { key, finnish in key == "survey_required" ? nil : "⟪" + finnish + "⟫" }
            // Refused whole, changing nothing: a shipped code, no reviewer, an unknown key, a lost placeholder.
            await #expect(throws: Refused("languages_error_code")) { try await languages.importFile(good, language: "fi", name: "X", reviewedBy: "T", by: admin) }
            await #expect(throws: Refused("languages_error_reviewer")) { try await languages.importFile(good, language: "qaa", name: "X", reviewedBy: " ", by: admin) }
            let unknown = Array("key,fi,translation\nnot_a_text,x,y\n".utf8)
            await #expect(throws: PublicLanguages.FileRefused.self) { try await languages.importFile(unknown, language: "qaa", name: "X", reviewedBy: "T", by: admin) }
            let lost = file { key, finnish in key == "feedback_thanks_promise" ? "ilman paikkamerkkiä" : finnish }
            do {
                _ = try await languages.importFile(lost, language: "qaa", name: "X", reviewedBy: "T", by: admin)
                Issue.record("a translation without its placeholder was taken")
            } catch let refused as PublicLanguages.FileRefused {
                #expect(refused.problems.count == 1 && refused.problems[0].text(TestApp.catalog, .en).contains("{days}"))
            }
            #expect(try await languages.languages().isEmpty && app.services.catalog.publicLanguages == Language.shipped)
            // A text whose Finnish changed after translation is not used.
            let outdatedFile = file { key, finnish in key == "survey_intro" ? nil : "⟪" + finnish + "⟫" }
            var text = String(decoding: outdatedFile, as: UTF8.self)
            let intro = try #require(app.services.catalog.strings[.fi]?["survey_intro"])
            text = text.replacingOccurrences(of: "survey_intro," + CSV.escape(intro) + ",", with: "survey_intro,Vanha teksti,⟪Vanha⟫")
            let report = try await languages.importFile(Array(text.utf8), language: "qaa", name: "Testikieli", reviewedBy: "Kääntäjä K.", by: admin)
            #expect(report.outdated == ["survey_intro"] && report.untranslated == 0 && report.translated > 200)

            let qaa = try #require(Language(rawValue: "qaa"))
            #expect(app.services.catalog.publicLanguages.contains(qaa))
            let page = try await browser.get("/k/ESIM-U002/\(NationalSurvey.code)?lang=qaa")
            #expect(page.body.contains(#"<html lang="qaa""#) && page.body.contains("Testikieli"))
            #expect(page.body.contains("⟪Kuinka todennäköisesti suosittelisit") && page.body.contains("⟪Kuka vastaa kyselyyn?⟫"))
            // Finnish where there is no translation.
            #expect(page.body.contains(intro))
            let answered = try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)", [("q.thl.nps", "10"), ("language", "qaa")])
            #expect(answered.status == .ok, "\(answered.body.prefix(3000))")
            #expect(try await Self.rows(app).map(\.language) == ["qaa"])
            // A language nobody added is not taken (the page's language, remembered, is).
            _ = try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)", [("q.thl.nps", "10"), ("language", "qab")])
            #expect(try await Self.rows(app).map(\.language) == ["qaa", "qaa"])
            try await languages.remove("qaa", by: admin)
            #expect(app.services.catalog.publicLanguages == Language.shipped)
            #expect(try await browser.get("/k/ESIM-U002/\(NationalSurvey.code)?lang=qaa").body.contains(#"<html lang="fi""#))
        }
    }
}
