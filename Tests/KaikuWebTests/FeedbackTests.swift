import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import KaikuWeb
import Logging
import Testing

extension TestApp {
    func area(_ code: String) async throws -> ServiceArea {
        try #require(try await ServiceAreaRepository(services.database.sql).list().first { $0.code == code })
    }

    /// Opens the form, waits as a person would, and sends it.
    @discardableResult
    func giveFeedback(_ browser: Browser, area: String = "terveysasemat", unit: String? = "ESIM-U002", kind: String = "criticism",
                      text: String = "Jouduin odottamaan vastaanotolla tunnin.", email: String = "asiakas@example.fi",
                      wantsReply: Bool = true, language: String = "fi", extra: [(String, String)] = []) async throws -> Browser.Page {
        let area = try await self.area(area)
        let form = try await browser.get("/feedback/\(area.id)?lang=\(language)")
        clock.advance(by: 20)
        var fields = [("started", Self.hidden("started", in: form.body)), ("submission", Self.hidden("submission", in: form.body)),
                      ("kind", kind), ("text", text), ("email", email), ("phone", ""), ("website", "")]
        if let unit { fields.append(("unit", unit == "unknown" ? "unknown" : try await node(unit).id)) }
        if wantsReply { fields.append(("wants_reply", "1")) }
        return try await browser.post("/feedback/\(area.id)?lang=\(language)", fields + extra)
    }

    static func hidden(_ name: String, in html: String) -> String {
        guard let range = html.range(of: "name=\"\(name)\" value=\"[^\"]*\"", options: .regularExpression) else { return "" }
        return String(html[range].split(separator: "\"")[3])
    }

    static func reference(in html: String) -> String? {
        html.firstMatch(of: /id="reference">([0-9]{4}-[A-Z0-9]{6})</).map { String($0.1) }
    }

    func feedbackCase(_ reference: String) async throws -> FeedbackCase {
        try #require(try await FeedbackRepository(services.database.sql).find(reference: reference))
    }

    func deliverMail(_ mailer: RecordingMailer) async throws {
        try await OutboxSender(database: services.database, mailer: mailer, clock: clock, logger: Logger(label: "test")).deliverDue()
    }
}

@Suite struct FeedbackFlowTests {
    @Test func customerToHandlerToReplyEndToEnd() async throws {
        try await TestApp.with { app, browser in
            let thanks = try await app.giveFeedback(browser)
            #expect(thanks.status == .ok)
            let reference = try #require(TestApp.reference(in: thanks.body))
            #expect(thanks.body.contains("Vastaamme 7 päivän kuluessa."))
            let c = try await app.feedbackCase(reference)
            #expect(c.handlingNodeID == (try await app.node("ESIM-U002")).id)
            #expect(c.dueAt == app.clock.now().addingTimeInterval(7 * 86_400))

            // Both designated handlers get a link, never the text or the customer's address.
            let mailer = RecordingMailer()
            try await app.deliverMail(mailer)
            #expect(Set(mailer.sent.map(\.to)) == ["kasittelija@esimerkkila.fi", "kasittelija2@esimerkkila.fi"])
            for mail in mailer.sent {
                #expect(mail.body.contains("/staff/cases/\(c.id)"))
                #expect(!mail.body.contains("odottamaan"))
                #expect(!mail.body.contains("asiakas@example.fi"))
            }

            // The handler finds it, sees the contact only by asking, replies from a phrase.
            let handler = Browser(client: browser.client)
            try await handler.login("kasittelija@esimerkkila.fi")
            let inbox = try await handler.get("/staff/cases?lang=fi")
            #expect(inbox.body.contains(reference))
            // The front page counts what waits: new cases and overdue ones, linked to the list.
            let me = try #require(try await UserRepository(app.services.database.sql).find(email: "kasittelija@esimerkkila.fi"))
            let grants = try await UserRepository(app.services.database.sql).grants(userID: me.id).map(\.grant)
            let waiting = try await app.services.feedback.waiting(by: Actor(id: me.id, email: me.email, policy: AccessPolicy(grants: grants)))
            let home = try await handler.get("/staff?lang=fi")
            #expect((waiting?.new ?? 0) >= 1 && home.body.contains("<strong>\(waiting?.new ?? -1)</strong> uutta palautetta"))
            #expect(home.body.contains("<strong>\(waiting?.overdue ?? -1)</strong> myöhässä") && home.body.contains(#"href="/staff/cases?status=new""#))
            let page = try await handler.get("/staff/cases/\(c.id)?lang=fi")
            #expect(page.body.contains("Jouduin odottamaan vastaanotolla tunnin."))
            #expect(!page.body.contains("asiakas@example.fi"))
            let contact = try await handler.post("/staff/cases/\(c.id)/contact")
            #expect(contact.body.contains("asiakas@example.fi"))
            #expect(try await app.audit(.contactViewed).count == 1)

            let phrase = try #require(try await PhraseRepository(app.services.database.sql).list().first)
            let prefilled = try await handler.get("/staff/cases/\(c.id)?phrase=\(phrase.id)")
            #expect(prefilled.body.contains("kiitos lämpimästä palautteestasi"))
            // Issue 27, item 4: the phrase also goes in at the cursor (kaiku.js), the transfer list
            // suggests units by name, the score has a decimal comma, and "take" is offered once.
            #expect(page.body.contains(#"data-phrase-target="reply-text""#) && page.body.contains(#"list="transfer-units""#))
            #expect(page.body.contains(#"<option value=""# + (try await app.node("ESIM-U002")).name.fi + #" (ESIM-U002)">"#))
            #expect(page.body.range(of: #"\b[01],\d\d\b"#, options: .regularExpression) != nil && page.body.contains(#"value="take""#))
            try await handler.post("/staff/cases/\(c.id)", [("action", "take")])
            #expect(!(try await handler.get("/staff/cases/\(c.id)")).body.contains(#"value="take""#))
            let replied = try await handler.post("/staff/cases/\(c.id)", [("action", "reply"), ("text", phrase.body.fi + "\nOdotusaikoja lyhennetään.")])
            #expect(replied.status == .seeOther)
            try await app.deliverMail(mailer)
            let reply = try #require(mailer.sent.first { $0.to == "asiakas@example.fi" })
            #expect(reply.subject.contains(reference))
            #expect(reply.body.contains("Odotusaikoja lyhennetään."))
            #expect(reply.body.contains("Tähän viestiin ei voi vastata"))
            // Signed with the handler's name and unit.
            #expect(reply.body.contains("Odotusaikoja lyhennetään.\n\nKalle Käsittelijä\n" + (try await app.node("ESIM-U002")).name.fi))
            #expect(try await app.feedbackCase(reference).status == .answered)

            // What it led to, then close; the timeline keeps every step.
            try await handler.get("/staff/cases/\(c.id)")
            try await handler.post("/staff/cases/\(c.id)", [("action", "effect"), ("effect", "changed_practice"), ("effect", "training"),
                                                             ("note", "Ajanvarausta muutettiin.")])
            try await handler.get("/staff/cases/\(c.id)")
            try await handler.post("/staff/cases/\(c.id)", [("action", "close")])
            let closed = try await app.feedbackCase(reference)
            #expect(closed.status == .closed)
            #expect(closed.effects == [.changedPractice, .training])
            let events = try await FeedbackRepository(app.services.database.sql).events(caseID: c.id).map(\.kind)
            #expect(events == [.received, .routed, .contactViewed, .taken, .replied, .effectRecorded, .closed])
            let adherence = try await FeedbackRepository(app.services.database.sql).adherence(path: try await app.node("ESIM-U002").path, now: app.clock.now())
            #expect(adherence.onTime == 1)
            #expect(try await handler.get("/staff/cases?status=all").body.contains("100 %"))
        }
    }

    @Test func theSameFormSentTwiceMakesOneCase() async throws {
        try await TestApp.with { app, browser in
            let area = try await app.area("terveysasemat")
            let form = try await browser.get("/feedback/\(area.id)")
            app.clock.advance(by: 20)
            let fields = [("started", TestApp.hidden("started", in: form.body)), ("submission", TestApp.hidden("submission", in: form.body)),
                          ("kind", "praise"), ("text", "Kiitos!"), ("unit", try await app.node("ESIM-U002").id)]
            let first = try await browser.post("/feedback/\(area.id)", fields)
            let second = try await browser.post("/feedback/\(area.id)", fields)
            #expect(TestApp.reference(in: first.body) == TestApp.reference(in: second.body))
            let count = try await app.services.database.sql.raw("SELECT COUNT(*) AS n FROM feedback_cases").first()?.decode(column: "n", as: Int.self)
            #expect(count == 1)
        }
    }

    @Test func badInputIsRefusedWithMessagesAndNothingStored() async throws {
        try await TestApp.with { app, browser in
            let hetu = try await app.giveFeedback(browser, text: "Henkilötunnukseni on 131052-308T ja puhelin 040 123 4567", language: "sv")
            #expect(hetu.status == .unprocessableContent)
            #expect(hetu.body.contains("personbeteckning, telefonnummer"))
            #expect(hetu.body.contains("131052-308T"))  // what was written comes back to be edited
            let empty = try await app.giveFeedback(browser, text: "   ", language: "en")
            #expect(empty.body.contains("Write your feedback."))
            let long = try await app.giveFeedback(browser, text: String(repeating: "a", count: 5001), language: "en")
            #expect(long.body.contains("too long"))
            let email = try await app.giveFeedback(browser, email: "not-an-email", language: "en")
            #expect(email.body.contains("The email address is not valid."))
            let noUnit = try await app.giveFeedback(browser, unit: nil, language: "en")
            #expect(noUnit.body.contains("Choose a unit"))
            let script = try await app.giveFeedback(browser, text: "<script>alert(1)</script>", email: "bad", language: "en")
            #expect(script.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!script.body.contains("<script>alert(1)"))
            let count = try await app.services.database.sql.raw("SELECT COUNT(*) AS n FROM feedback_cases").first()?.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func spamDefencesWork() async throws {
        try await TestApp.with { app, browser in
            let area = try await app.area("terveysasemat")
            let form = try await browser.get("/feedback/\(area.id)")
            let fields = [("started", TestApp.hidden("started", in: form.body)), ("kind", "praise"), ("text", "Kiitos!"),
                          ("unit", try await app.node("ESIM-U002").id)]
            // Sent within a second of opening the form.
            #expect(try await browser.post("/feedback/\(area.id)", fields).status == .unprocessableContent)
            app.clock.advance(by: 20)
            // A forged timestamp.
            let forged = try await browser.post("/feedback/\(area.id)", [("started", "1.abc")] + fields.dropFirst())
            #expect(forged.status == .unprocessableContent)
            // A bot filling the hidden field sees thanks, but nothing is stored.
            let bot = try await browser.post("/feedback/\(area.id)", fields + [("website", "http://spam.example")])
            #expect(bot.status == .ok)
            let count = try await app.services.database.sql.raw("SELECT COUNT(*) AS n FROM feedback_cases").first()?.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func unknownUnitGoesToTriageAndUnitsWithoutHandlersGoUpTheTree() async throws {
        try await TestApp.with { app, browser in
            let county = try await app.node("ESIM")
            let triage = try #require(TestApp.reference(in: try await app.giveFeedback(browser, unit: "unknown").body))
            let triaged = try await app.feedbackCase(triage)
            #expect(triaged.isTriage)
            #expect(triaged.handlingNodeID == county.id)
            // Mäkelä's health centre has no handlers of its own: the county's handler gets it.
            let fallback = try #require(TestApp.reference(in: try await app.giveFeedback(browser, unit: "ESIM-U003").body))
            #expect(try await app.feedbackCase(fallback).handlingNodeID == county.id)
            let mailer = RecordingMailer()
            try await app.deliverMail(mailer)
            #expect(mailer.sent.filter { $0.to == "palautekoordinaattori@esimerkkila.fi" }.count == 2)

            // The coordinator routes the triaged case to the right unit, whose handlers are notified.
            let coordinator = Browser(client: browser.client)
            try await coordinator.login("palautekoordinaattori@esimerkkila.fi")
            try await coordinator.get("/staff/cases/\(triaged.id)")
            let moved = try await coordinator.post("/staff/cases/\(triaged.id)", [("action", "transfer_unit"), ("unit", "ESIM-U002"),
                                                                                  ("note", "Koskee Rantalaa.")])
            #expect(moved.status == .seeOther)
            let after = try await app.feedbackCase(triage)
            #expect(after.handlingNodeID == (try await app.node("ESIM-U002")).id)
            #expect(!after.isTriage)
            try await app.deliverMail(mailer)
            #expect(mailer.sent.contains { $0.to == "kasittelija@esimerkkila.fi" && $0.subject.contains("siirrettiin") })
        }
    }

    @Test func anotherUnitsHandlerCannotSeeOrGuessTheCase() async throws {
        try await TestApp.with { app, browser in
            let reference = try #require(TestApp.reference(in: try await app.giveFeedback(browser).body))
            let c = try await app.feedbackCase(reference)
            // A handler of Keskusta only (not Rantala).
            let sql = app.services.database.sql
            let hash = try await app.services.passwords.hash("keskustan-kasittelija")
            let other = try await UserRepository(sql).create(email: "keskusta@esimerkkila.fi", displayName: "K", passwordHash: hash, mustChangePassword: false, now: app.clock.now())
            try await UserRepository(sql).addGrant(userID: other.id, role: .handler, nodeID: try await app.node("ESIM-U001").id, now: app.clock.now())
            let outsider = Browser(client: browser.client)
            try await outsider.login("keskusta@esimerkkila.fi", "keskustan-kasittelija")
            #expect(try await outsider.get("/staff/cases/\(c.id)").status == .notFound)
            #expect(!(try await outsider.get("/staff/cases?status=all&q=\(reference)").body.contains("/staff/cases/\(c.id)")))
            try await outsider.get("/staff/cases")
            #expect(try await outsider.post("/staff/cases/\(c.id)/contact").status == .notFound)
            #expect(try await outsider.post("/staff/cases/\(c.id)", [("action", "take")]).status == .notFound)
        }
    }

    @Test func askingAColleagueSharesReadOnly() async throws {
        try await TestApp.with { app, browser in
            let reference = try #require(TestApp.reference(in: try await app.giveFeedback(browser).body))
            let c = try await app.feedbackCase(reference)
            let handler = Browser(client: browser.client)
            try await handler.login("kasittelija@esimerkkila.fi")
            try await handler.get("/staff/cases/\(c.id)")
            let asked = try await handler.post("/staff/cases/\(c.id)", [("action", "ask"), ("email", "raportoija@esimerkkila.fi"),
                                                                       ("note", "Tiedätkö, mitä tapahtui?")])
            #expect(asked.status == .seeOther)
            let colleague = Browser(client: browser.client)
            try await colleague.login("raportoija@esimerkkila.fi")
            let page = try await colleague.get("/staff/cases/\(c.id)?lang=en")
            #expect(page.status == .ok)
            #expect(page.body.contains("shared with you for information"))
            #expect(!page.body.contains("Show contact details"))
            let mailer = RecordingMailer()
            try await app.deliverMail(mailer)
            #expect(mailer.sent.contains { $0.to == "raportoija@esimerkkila.fi" })
        }
    }

    @Test func remindersAndOverdueEscalationRunOncePerCase() async throws {
        try await TestApp.with { app, browser in
            let reference = try #require(TestApp.reference(in: try await app.giveFeedback(browser).body))
            let feedback = app.services.feedback
            #expect(try await feedback.runServicePromise() == (0, 0))
            app.clock.advance(by: 5 * 86_400 + 60)
            #expect(try await feedback.runServicePromise() == (1, 0))
            #expect(try await feedback.runServicePromise() == (0, 0))
            app.clock.advance(by: 2 * 86_400)
            #expect(try await feedback.runServicePromise() == (0, 1))
            #expect(try await feedback.runServicePromise() == (0, 0))
            let mailer = RecordingMailer()
            try await app.deliverMail(mailer)
            // Escalated to the next level up that has handlers: the county's coordinator.
            #expect(mailer.sent.contains { $0.to == "palautekoordinaattori@esimerkkila.fi" && $0.subject.contains("Myöhässä") })
            #expect(mailer.sent.filter { $0.subject.contains("Muistutus") }.count == 2)
            let handler = Browser(client: browser.client)
            try await handler.login("kasittelija@esimerkkila.fi")
            let inbox = try await handler.get("/staff/cases?lang=en")
            #expect(inbox.body.contains("overdue"))
            #expect(inbox.body.contains(reference))
        }
    }

    @Test func contactDataIsErasedOnScheduleKeepingTheCase() async throws {
        try await TestApp.with { app, browser in
            let reference = try #require(TestApp.reference(in: try await app.giveFeedback(browser).body))
            let c = try await app.feedbackCase(reference)
            let handler = Browser(client: browser.client)
            try await handler.login("kasittelija@esimerkkila.fi")
            try await handler.get("/staff/cases/\(c.id)")
            try await handler.post("/staff/cases/\(c.id)", [("action", "close")])
            #expect(try await app.services.feedback.eraseContacts() == 0)
            app.clock.advance(by: 366 * 86_400)
            #expect(try await app.services.feedback.eraseContacts() == 1)
            let contact = try await FeedbackRepository(app.services.database.sql).contact(caseID: c.id)
            #expect(contact?.email == "")
            #expect(contact?.isErased == true)
            #expect(try await app.feedbackCase(reference).body == c.body)
        }
    }

    @Test func smtpOutageLosesNothingAndSendsOnce() async throws {
        try await TestApp.with { app, browser in
            try await app.giveFeedback(browser)
            let mailer = RecordingMailer()
            mailer.failing = true
            try await app.deliverMail(mailer)
            #expect(mailer.sent.isEmpty)
            #expect(try await OutboxRepository(app.services.database.sql).pending() == 2)
            mailer.failing = false
            try await app.deliverMail(mailer)  // backing off: not yet
            #expect(mailer.sent.isEmpty)
            app.clock.advance(by: 31)
            try await app.deliverMail(mailer)
            try await app.deliverMail(mailer)
            #expect(mailer.sent.count == 2)
            #expect(try await OutboxRepository(app.services.database.sql).pending() == 0)
        }
    }
}

@Suite struct RecordingOnBehalfTests {
    @Test func staffRecordOralFeedbackAndTheCaseShowsWho() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("henkilosto@esimerkkila.fi")
            let area = try await app.area("terveysasemat")
            let form = try await browser.get("/staff/record/\(area.id)?lang=fi")
            #expect(form.status == .ok)
            #expect(form.body.contains("Suullisesti"))
            let unit = try await app.node("ESIM-U002").id
            let missing = try await browser.post("/staff/record/\(area.id)", [("unit", unit), ("kind", "praise"), ("text", "Kiitos hoitajalle!")])
            #expect(missing.status == .unprocessableContent)
            try await browser.get("/staff/record/\(area.id)")
            let saved = try await browser.post("/staff/record/\(area.id)", [("unit", unit), ("kind", "praise"), ("text", "Kiitos hoitajalle!"),
                                                                           ("source", "oral"), ("channel", "in_person"), ("customer_language", "sv")])
            let reference = try #require(TestApp.reference(in: saved.body))
            let c = try await app.feedbackCase(reference)
            #expect(c.source == .oral)
            #expect(c.recordingChannel == .inPerson)
            #expect(c.language == .sv)
            #expect(c.recordedBy == (try await app.user("henkilosto@esimerkkila.fi")).id)
            #expect(try await app.audit(.feedbackRecorded).count == 1)
            let handler = Browser(client: browser.client)
            try await handler.login("kasittelija@esimerkkila.fi")
            let page = try await handler.get("/staff/cases/\(c.id)?lang=fi")
            #expect(page.body.contains("kirjannut henkilosto@esimerkkila.fi"))
            // Reporters may not record feedback.
            let reporter = Browser(client: browser.client)
            try await reporter.login("raportoija@esimerkkila.fi")
            #expect(try await reporter.get("/staff/record").status == .forbidden)
        }
    }
}

@Suite struct FeedbackAdminTests {
    @Test func adminManagesAreasPhrasesAndThePromise() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let overview = try await browser.get("/admin/feedback?lang=en")
            #expect(overview.body.contains("Units with fewer than two handlers"))
            #expect(overview.body.contains("ESIM-U003"))      // no handlers
            #expect(!overview.body.contains("ESIM-U002</span>"))  // two handlers
            #expect(try await browser.post("/admin/feedback/settings", [("promise_days", "0"), ("retention_months", "12")]).location?.contains("err=") == true)
            try await browser.get("/admin/feedback")
            try await browser.post("/admin/feedback/settings", [("promise_days", "5"), ("retention_months", "6")])
            try await browser.get("/admin/feedback/areas/new")
            let bad = try await browser.post("/admin/feedback/areas/new?lang=en", [("name_fi", "Pelastus"), ("nodes", "NOPE")])
            #expect(bad.body.contains("NOPE"))
            try await browser.get("/admin/feedback/areas/new")
            let created = try await browser.post("/admin/feedback/areas/new", [("name_fi", "Neuvolat"), ("name_sv", "Rådgivningar"), ("name_en", "Clinics"),
                                                                              ("help_fi", "Äitiys- ja lastenneuvolat"), ("nodes", "ESIM-LNP-NEU"), ("active", "1")])
            #expect(created.status == .seeOther)
            #expect(try await browser.get("/feedback?lang=sv").body.contains("Rådgivningar"))
            try await browser.get("/admin/feedback/phrases/new")
            try await browser.post("/admin/feedback/phrases/new", [("title", "Lyhyt kiitos"), ("body_fi", "Kiitos!"), ("body_sv", "Tack!"),
                                                                   ("body_en", "Thanks!"), ("active", "1")])
            #expect(try await PhraseRepository(app.services.database.sql).list().contains { $0.title == "Lyhyt kiitos" })

            let customer = Browser(client: browser.client)
            let reference = try #require(TestApp.reference(in: try await app.giveFeedback(customer).body))
            let c = try await app.feedbackCase(reference)
            #expect(c.dueAt.timeIntervalSince(c.receivedAt) == 5 * 86_400)
            // A data subject request: the admin exports the case, and the export is logged.
            let export = try await browser.get("/admin/cases/\(c.id)/export")
            #expect(export.body.contains("asiakas@example.fi"))
            #expect(export.body.contains(reference))
            #expect(try await app.audit(.caseExported).count == 1)
            #expect(try await browser.get("/admin/feedback/outbox").body.contains(reference))
        }
    }
}

@Suite struct WallTests {
    @Test func handlersPublishWhatFeedbackLedToAndTheDisplayShowsOnlyThat() async throws {
        try await TestApp.with { app, browser in
            let reference = try #require(TestApp.reference(in: try await app.giveFeedback(browser).body))
            let c = try await app.feedbackCase(reference)
            try await app.giveFeedback(browser, kind: "praise", text: "Ihana hoitaja, kiitos!", wantsReply: false)
            let handler = Browser(client: browser.client)
            try await handler.login("kasittelija@esimerkkila.fi")
            try await handler.get("/staff/cases/\(c.id)")
            let early = try await handler.post("/staff/cases/\(c.id)", [("action", "publish"), ("you_said", "Odotus oli pitkä."), ("we_did", "Lisäsimme vastaanottoaikoja.")])
            #expect(early.status == .unprocessableContent)  // only closed cases
            try await handler.get("/staff/cases/\(c.id)")
            try await handler.post("/staff/cases/\(c.id)", [("action", "close")])
            try await handler.get("/staff/cases/\(c.id)")
            let personal = try await handler.post("/staff/cases/\(c.id)", [("action", "publish"), ("you_said", "Soita 040 123 4567"), ("we_did", "x")])
            #expect(personal.status == .unprocessableContent)
            try await handler.get("/staff/cases/\(c.id)")
            let published = try await handler.post("/staff/cases/\(c.id)", [("action", "publish"), ("you_said", "Odotus vastaanotolla oli pitkä."),
                                                                            ("we_did", "Lisäsimme aamuun vastaanottoaikoja.")])
            #expect(published.status == .seeOther)
            let wall = try await browser.get("/wall?unit=ESIM-U002&lang=fi")
            #expect(wall.body.contains("Lisäsimme aamuun vastaanottoaikoja."))
            #expect(try await browser.get("/wall").body.contains("Odotus vastaanotolla oli pitkä."))
            #expect(!(try await browser.get("/wall?unit=ESIM-U001").body.contains("Lisäsimme")))
            // The unauthenticated display shows what handlers published, never a customer's own
            // words unreviewed (security review, item 3).
            let display = try await browser.get("/wall/display?unit=ESIM-U002")
            #expect(display.body.contains("Lisäsimme aamuun vastaanottoaikoja."))
            #expect(!display.body.contains("Ihana hoitaja, kiitos!"))
            #expect(display.body.contains(#"data-refresh="60""#))
        }
    }

    @Test func aCustomerWhoForbidsPublicationIsNeverOnTheWall() async throws {
        try await TestApp.with { app, browser in
            let page = try await app.giveFeedback(browser, extra: [("no_publication", "1")])
            let c = try await app.feedbackCase(try #require(TestApp.reference(in: page.body)))
            #expect(c.forbidsPublication)
            let handler = Browser(client: browser.client)
            try await handler.login("kasittelija@esimerkkila.fi")
            try await handler.get("/staff/cases/\(c.id)")
            try await handler.post("/staff/cases/\(c.id)", [("action", "close")])
            let closed = try await handler.get("/staff/cases/\(c.id)?lang=en")
            #expect(closed.body.contains("The customer has forbidden publishing this feedback."))
            #expect(!closed.body.contains(#"value="publish""#))
            let refused = try await handler.post("/staff/cases/\(c.id)", [("action", "publish"), ("you_said", "Odotus oli pitkä."),
                                                                          ("we_did", "Lisäsimme aikoja.")])
            #expect(refused.status == .unprocessableContent)
            #expect(!(try await browser.get("/wall").body.contains("Lisäsimme aikoja.")))
        }
    }
}
