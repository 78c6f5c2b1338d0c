import Foundation
import HTTPTypes
import KaikuApp
import KaikuCore
import KaikuStorage
@testable import KaikuWeb
import Testing

extension TestApp {
    func survey(code: String) async throws -> SurveyRepository.Survey {
        try #require(try await SurveyRepository(services.database.sql).survey(code: code))
    }

    func definition(_ surveyID: String) async throws -> SurveyRepository.Version {
        try #require(try await SurveyRepository(services.database.sql).latestVersion(surveyID: surveyID))
    }

    var today: CalendarDay { CalendarDay(clock.now()) }
}

extension Browser {
    /// Creates a short-term survey in the designer and returns its id.
    func createSurvey(code: String, audience: String = "adults") async throws -> String {
        try await get("/admin/surveys/new")
        let created = try await post("/admin/surveys/new", [("code", code), ("name_fi", "Perhekeskuksen pilotti"), ("name_sv", "Familjecentrets pilot"),
                                                            ("name_en", "Family centre pilot"), ("kind", "short_term"), ("audience", audience)])
        #expect(created.status == .seeOther)
        return String(try #require(created.location?.split(separator: "/").last?.split(separator: "?").first))
    }

    func saveSettings(_ id: String, audience: String = "adults", channels: [String] = ["qr", "sms"], starts: CalendarDay?, ends: CalendarDay?,
                      targets: String = "ESIM-U002") async throws -> Browser.Page {
        try await post("/admin/surveys/\(id)", [("name_fi", "Perhekeskuksen pilotti"), ("name_sv", "Familjecentrets pilot"),
                                                ("name_en", "Family centre pilot"), ("audience", audience), ("starts_on", starts?.description ?? ""),
                                                ("ends_on", ends?.description ?? ""), ("targets", targets)] + channels.map { ("channel", $0) })
    }
}

@Suite struct SurveyDesignerTests {
    static func texts(_ fi: String, _ sv: String, _ en: String) -> [(String, String)] {
        [("text_fi", fi), ("text_sv", sv), ("text_en", en)]
    }

    @Test func anAdminBuildsPreviewsTestsPublishesEditsAndClosesAShortTermSurvey() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            #expect(try await browser.get("/admin/surveys/new?lang=en").status == .ok)
            let bad = try await browser.post("/admin/surveys/new?lang=en", [("code", "Bad Code"), ("name_fi", "x")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("Code: 2–40 characters"))
            #expect(bad.body.contains("Give the name in Finnish, Swedish and English"))
            let taken = try await browser.post("/admin/surveys/new?lang=en", [("code", NationalSurvey.code), ("name_fi", "x"), ("name_sv", "x"), ("name_en", "x")])
            #expect(taken.body.contains("already used"))

            let id = try await browser.createSurvey(code: "perhe-pilotti")
            let survey = try await app.survey(code: "perhe-pilotti")
            #expect(survey.status == .draft && survey.kind == .shortTerm && survey.audience == .adults)
            let notReady = try await browser.post("/admin/surveys/\(id)/publish?lang=en")
            #expect(notReady.status == .unprocessableContent)
            #expect(notReady.body.contains("The survey has no questions."))
            #expect(notReady.body.contains("Choose at least one target unit."))
            #expect(notReady.body.contains("A short-term survey needs an end date."))
            #expect(try await browser.get("/admin/surveys/\(id)/preview").location == "/admin/surveys/\(id)?err=survey_empty")

            for type in ["nps", "free_text", "single_choice"] {
                #expect(try await browser.post("/admin/surveys/\(id)/questions", [("type", type)]).status == .seeOther)
            }
            #expect(try await browser.post("/admin/surveys/\(id)/questions", [("type", "essay")]).status == .unprocessableContent)
            #expect(try await browser.post("/admin/surveys/\(id)/questions/q1", Self.texts("Suosittelisitko?", "Skulle du rekommendera?", "Would you recommend?")
                                           + [("required", "1")]).status == .seeOther)
            #expect(try await browser.post("/admin/surveys/\(id)/questions/q2", Self.texts("Mitä parantaisit?", "Vad skulle du förbättra?", "What would you improve?")
                                           + [("condition_on", "q1"), ("condition_min", "0"), ("condition_max", "6")]).status == .seeOther)
            let q3 = Self.texts("Milloin kävit?", "När besökte du?", "When did you visit?")
            let badOptions = try await browser.post("/admin/surveys/\(id)/questions/q3?lang=en", q3 + [("options", "aamu | Aamulla")])
            #expect(badOptions.status == .unprocessableContent)
            #expect(badOptions.body.contains("every line has four parts"))
            #expect(try await app.definition(id).definition.question("q3")?.text.fi == "")
            #expect(try await browser.post("/admin/surveys/\(id)/questions/q3", q3 + [
                ("options", "aamu | Aamulla | På morgonen | In the morning\nilta | Illalla | På kvällen | In the evening"),
            ]).status == .seeOther)
            let refusedMove = try await browser.post("/admin/surveys/\(id)/questions/q2?lang=en", [("action", "up")])
            #expect(refusedMove.body.contains("A follow-up cannot come before"))

            let badDate = try await browser.post("/admin/surveys/\(id)?lang=en", [("name_fi", "a"), ("name_sv", "a"), ("name_en", "a"), ("starts_on", "2027-02-30")])
            #expect(badDate.status == .unprocessableContent)
            #expect(badDate.body.contains("The date is invalid"))
            let saved = try await browser.saveSettings(id, starts: app.today, ends: app.today.adding(days: 30))
            #expect(saved.status == .seeOther)
            #expect(try await SurveyRepository(app.services.database.sql).targetIDs(surveyID: id) == [try await app.node("ESIM-U002").id])

            // Preview in each language, and a test answer that is checked but not stored.
            for (language, text) in [("fi", "Suosittelisitko?"), ("sv", "Skulle du rekommendera?"), ("en", "Would you recommend?")] {
                let preview = try await browser.get("/admin/surveys/\(id)/preview?lang=\(language)")
                #expect(preview.status == .ok)
                #expect(preview.body.contains(text))
                #expect(preview.body.contains(#"action="/admin/surveys/\#(id)/test""#))
            }
            let missing = try await browser.post("/admin/surveys/\(id)/test", [("language", "en")])
            #expect(missing.status == .unprocessableContent)
            let tested = try await browser.post("/admin/surveys/\(id)/test", [("language", "en"), ("q.q1", "3"), ("q.q2", "Nopeammin"), ("q.q3", "ilta")])
            #expect(tested.status == .ok)
            #expect(tested.body.contains("nothing was stored"))
            #expect(tested.body.contains("Nopeammin"))
            #expect(try await SurveyRepository(app.services.database.sql).responseCount(surveyID: id) == 0)

            // For adults by QR code, inside the national survey's audience of everyone (issue 27, item 5):
            // published only when the overlap is confirmed.
            #expect(try await browser.post("/admin/surveys/\(id)/publish").status == .unprocessableContent)
            #expect(try await browser.post("/admin/surveys/\(id)/publish", [("confirm_overlap", "1")]).location == "/admin/surveys/\(id)?msg=survey_published")
            #expect(try await app.survey(code: "perhe-pilotti").status == .published)
            browser.forgetCookies()
            let answering = try await browser.get("/k/ESIM-U002/perhe-pilotti?c=qr&lang=sv")
            #expect(answering.body.contains("Skulle du rekommendera?"))
            let thanks = try await browser.post("/k/ESIM-U002/perhe-pilotti?c=qr", [("q.q1", "9"), ("q.q3", "aamu"), ("language", "sv")])
            #expect(thanks.status == .ok)
            #expect(try await SurveyRepository(app.services.database.sql).responseCount(surveyID: id) == 1)

            // The answered version is frozen: the edit becomes version 2, the answer keeps version 1.
            try await browser.login("paakayttaja@esimerkkila.fi")
            try await browser.get("/admin/surveys/\(id)")
            let before = try await app.definition(id)
            #expect(try await browser.post("/admin/surveys/\(id)/questions/q1", Self.texts("Suosittelisitko palvelua?", "Skulle du rekommendera tjänsten?",
                                                                                          "Would you recommend the service?") + [("required", "1")]).status == .seeOther)
            let after = try await app.definition(id)
            #expect(after.number == before.number + 1)
            #expect(after.definition.question("q1")?.text.en == "Would you recommend the service?")
            #expect(try await SurveyRepository(app.services.database.sql).responseCount(versionID: before.id) == 1)
            #expect(try await browser.get("/admin/surveys/\(id)?lang=en").body.contains("Version 2, no answers yet"))
            #expect(try await app.audit(.surveyChanged).count >= 8)

            #expect(try await browser.post("/admin/surveys/\(id)/close").status == .seeOther)
            app.clock.advance(by: SurveyService.cacheLifetime + 1)  // open links keep their target for a few seconds
            #expect(try await browser.get("/k/ESIM-U002/perhe-pilotti").status == .gone)
            let list = try await browser.get("/admin/surveys?lang=en")
            #expect(list.body.contains("Family centre pilot") && list.body.contains("Closed"))
        }
    }

    @Test func editingANationalQuestionWarnsThatComparabilityIsLost() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let national = try await app.national
            let designer = try await browser.get("/admin/surveys/\(national.id)?lang=en")
            #expect(designer.body.contains("This is the national survey"))
            let edit = Self.texts("Muutettu", "Ändrad", "Changed") + [("required", "1")]
            let warned = try await browser.post("/admin/surveys/\(national.id)/questions/thl.nps?lang=en", edit)
            #expect(warned.status == .unprocessableContent)
            #expect(warned.body.contains("Changing a national question loses comparability"))
            #expect(try await app.definition(national.id).definition == NationalSurvey.definition)
            let deleted = try await browser.post("/admin/surveys/\(national.id)/questions/thl.safe?lang=en", [("action", "delete")])
            #expect(deleted.status == .unprocessableContent)

            // The county's own statement goes at the end without touching the national ones.
            #expect(try await browser.post("/admin/surveys/\(national.id)/questions", [("type", "agree5")]).status == .seeOther)
            let own = try await app.definition(national.id).definition
            #expect(own.questions.count == NationalSurvey.definition.questions.count + 1)
            #expect(SurveyDesign.nationalChanges(from: NationalSurvey.definition, to: own) == [])

            #expect(try await browser.post("/admin/surveys/\(national.id)/questions/thl.nps", edit + [("confirm_national", "1")]).status == .seeOther)
            let changed = try #require(try await app.definition(national.id).definition.question("thl.nps"))
            #expect(changed.text.fi == "Muutettu" && !changed.isNational)
            #expect(try await app.audit(.surveyChanged).contains { $0.detail.contains("national comparability lost: thl.nps") })
        }
    }

    @Test func theDesignerWarnsAboutAnOverlappingSurvey() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let id = try await browser.createSurvey(code: "kaikille", audience: "all")
            #expect(try await browser.post("/admin/surveys/\(id)/questions", [("type", "smiley3")]).status == .seeOther)
            #expect(try await browser.post("/admin/surveys/\(id)/questions/q1", Self.texts("Miltä tuntui?", "Hur kändes det?", "How did it feel?")).status == .seeOther)
            #expect(try await browser.saveSettings(id, audience: "all", channels: ["qr"], starts: app.today, ends: app.today.adding(days: 14)).status == .seeOther)
            // The national survey runs in the whole county for all customers, by QR code among others.
            let page = try await browser.get("/admin/surveys/\(id)?lang=en")
            #expect(page.body.contains("Overlapping survey"))
            #expect(page.body.contains("Rantala health centre: “National customer feedback survey” is already running for the same people through QR code."))
            let refused = try await browser.post("/admin/surveys/\(id)/publish?lang=en")
            #expect(refused.status == .unprocessableContent)
            #expect(try await app.survey(code: "kaikille").status == .draft)
            // Another channel, or another audience, does not overlap.
            #expect(try await browser.saveSettings(id, audience: "all", channels: ["widget"], starts: app.today, ends: app.today.adding(days: 14)).status == .seeOther)
            #expect(!(try await browser.get("/admin/surveys/\(id)?lang=en").body.contains("Overlapping survey")))
            #expect(try await browser.saveSettings(id, audience: "all", channels: ["qr"], starts: app.today, ends: app.today.adding(days: 14)).status == .seeOther)
            #expect(try await browser.post("/admin/surveys/\(id)/publish", [("confirm_overlap", "1")]).status == .seeOther)
            #expect(try await app.survey(code: "kaikille").status == .published)
            #expect(try await app.audit(.surveyChanged).contains { $0.detail == "published despite 1 overlaps" })
        }
    }
}

@Suite struct SurveyRequestTests {
    static func request(_ app: TestApp, unit: String = "ESIM-U002", title: String = "Perhekeskuksen pilotti") -> [(String, String)] {
        [("title", title), ("unit", unit), ("purpose", "Uuden ajanvarauksen pilotti"), ("goal", "Toimiiko ajanvaraus perheille"),
         ("audience", "relatives"), ("channel", "qr"), ("channel", "sms"), ("starts_on", app.today.adding(days: 7).description),
         ("ends_on", app.today.adding(days: 37).description), ("draft_questions", "Oliko ajan varaaminen helppoa? kyllä/ei"),
         ("results_use", "Päätös pilotin jatkosta")]
    }

    @Test func staffRequestAdminReturnsStaffCorrectsAdminAccepts() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("henkilosto@esimerkkila.fi")
            #expect(try await browser.get("/staff/survey-requests/new").status == .ok)
            let empty = try await browser.post("/staff/survey-requests/new?lang=en")
            #expect(empty.status == .unprocessableContent)
            #expect(empty.body.contains("Describe the survey&#39;s purpose.") || empty.body.contains("Describe the survey's purpose."))
            let outside = try await browser.post("/staff/survey-requests/new?lang=en", Self.request(app, unit: "ESIM-U001"))
            #expect(outside.status == .unprocessableContent)
            #expect(try await browser.post("/staff/survey-requests/new", Self.request(app)).location == "/staff/survey-requests?msg=request_sent")
            #expect(try await browser.get("/staff/survey-requests").body.contains("Perhekeskuksen pilotti"))
            let mine = try await SurveyRequestRepository(app.services.database.sql).byRequester(try await app.user("henkilosto@esimerkkila.fi").id)
            let stored = try #require(mine.first { $0.draft.title == "Perhekeskuksen pilotti" })
            #expect(stored.status == .submitted)
            #expect(try await app.audit(.surveyRequested).count == 1)
            let notice = try #require(try await OutboxRepository(app.services.database.sql).recent(within: nil).first { $0.recipient == "paakayttaja@esimerkkila.fi" })
            #expect(notice.body.contains("/admin/survey-requests/\(stored.id)"))

            // Someone else cannot read it.
            browser.forgetCookies()
            try await browser.login("kasittelija@esimerkkila.fi")
            #expect(try await browser.get("/staff/survey-requests/\(stored.id)").status == .notFound)

            browser.forgetCookies()
            try await browser.login("paakayttaja@esimerkkila.fi")
            #expect(try await browser.get("/admin/surveys").body.contains(#"<span class="badge">2</span>"#))  // the demo's request and this one
            #expect(try await browser.get("/admin/survey-requests").body.contains("Perhekeskuksen pilotti"))
            #expect(try await browser.get("/admin/survey-requests/\(stored.id)").body.contains("Oliko ajan varaaminen helppoa?"))
            #expect(try await browser.post("/admin/survey-requests/\(stored.id)/return").status == .unprocessableContent)
            #expect(try await browser.post("/admin/survey-requests/\(stored.id)/return", [("note", "Tarkenna kohderyhmä.")]).status == .seeOther)
            let mail = try #require(try await OutboxRepository(app.services.database.sql).recent(within: nil).first { $0.recipient == "henkilosto@esimerkkila.fi" })
            #expect(mail.body.contains("/staff/survey-requests/\(stored.id)"))
            #expect(!mail.body.contains("Uuden ajanvarauksen"))

            browser.forgetCookies()
            try await browser.login("henkilosto@esimerkkila.fi")
            let returned = try await browser.get("/staff/survey-requests/\(stored.id)")
            #expect(returned.body.contains("Tarkenna kohderyhmä."))
            #expect(try await browser.post("/staff/survey-requests/\(stored.id)", Self.request(app, title: "Perhekeskuksen pilotti, vanhemmat")).status == .seeOther)
            #expect(try await SurveyRequestRepository(app.services.database.sql).find(id: stored.id)?.status == .submitted)

            browser.forgetCookies()
            try await browser.login("paakayttaja@esimerkkila.fi")
            try await browser.get("/admin/survey-requests/\(stored.id)")
            let accepted = try await browser.post("/admin/survey-requests/\(stored.id)/accept")
            let surveyID = String(try #require(accepted.location?.split(separator: "/").last?.split(separator: "?").first))
            let survey = try #require(try await SurveyRepository(app.services.database.sql).survey(id: surveyID))
            #expect(survey.kind == .shortTerm && survey.status == .draft && survey.audience == .relatives && survey.channels == [.qr, .sms])
            #expect(survey.startsOn == app.today.adding(days: 7) && survey.endsOn == app.today.adding(days: 37))
            #expect(try await SurveyRepository(app.services.database.sql).targetIDs(surveyID: surveyID) == [try await app.node("ESIM-U002").id])
            let designer = try await browser.get("/admin/surveys/\(surveyID)?lang=en")
            #expect(designer.body.contains("Oliko ajan varaaminen helppoa?"))
            #expect(try await SurveyRequestRepository(app.services.database.sql).find(id: stored.id)?.status == .accepted)
            #expect(try await browser.post("/admin/survey-requests/\(stored.id)/accept").location == "/admin/survey-requests/\(stored.id)")
            #expect(try await app.audit(.surveyRequestDecided).count == 2)
        }
    }
}

@Suite struct SurveyScopeTests {
    @Test func anAdminOfOneResultAreaManagesOnlyItsSurveys() async throws {
        try await TestApp.with { app, browser in
            let sql = app.services.database.sql
            let now = app.clock.now()
            let admin = try await UserRepository(sql).create(email: "alue@esimerkkila.fi", displayName: "Alue",
                                                            passwordHash: try await app.services.passwords.hash("alueen-paakayttaja-1"),
                                                            mustChangePassword: false, now: now)
            try await UserRepository(sql).addGrant(userID: admin.id, role: .admin, nodeID: try await app.node("ESIM-TER-TA").id, now: now)
            try await browser.login("alue@esimerkkila.fi", "alueen-paakayttaja-1")
            let id = try await browser.createSurvey(code: "alueen-kysely")
            // Targets outside the result area are refused; inside it they are kept.
            #expect(try await browser.saveSettings(id, starts: nil, ends: nil, targets: "ESIM-U006").status == .unprocessableContent)
            #expect(try await browser.saveSettings(id, starts: nil, ends: nil, targets: "ESIM-U002").status == .seeOther)
            let list = try await browser.get("/admin/surveys?lang=en")
            #expect(list.body.contains("Family centre pilot"))
            #expect(!list.body.contains("National customer feedback survey"))
            #expect(try await browser.get("/admin/surveys/\(try await app.national.id)").status == .notFound)
            #expect(try await browser.post("/admin/surveys/\(try await app.national.id)/close").status == .notFound)
            #expect(try await app.national.status == .published)
        }
    }
}
