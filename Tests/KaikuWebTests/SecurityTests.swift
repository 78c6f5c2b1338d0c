import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
@testable import KaikuWeb
import NIOCore
import SQLKit
import Testing

/// One test per item of the security review (docs/SECURITY.md lists them); each fails on the code
/// before its fix. The route-by-route access matrix is `AccessMatrixTests`.
extension TestApp {
    /// A person with one grant, logged in through `browser`.
    @discardableResult
    func person(_ email: String, _ role: Role, at code: String, browser: Browser? = nil) async throws -> User {
        let sql = services.database.sql
        let user = try await UserRepository(sql).create(email: email, displayName: email, passwordHash: try await services.passwords.hash(Self.password),
                                                        mustChangePassword: false, now: clock.now())
        try await UserRepository(sql).addGrant(userID: user.id, role: role, nodeID: try await node(code).id, now: clock.now())
        if let browser { #expect(try await browser.login(email, Self.password).status == .seeOther) }
        return user
    }

    static let password = "Testisalasana-2026"
}

@Suite struct SecurityTests {
    // 1. A unit admin cannot take over accounts above or beside them.
    @Test func aUnitAdminManagesOnlyPeopleBelowThem() async throws {
        try await TestApp.with { app, browser in
            let sql = app.services.database.sql
            let me = try await app.person("yksikko@esimerkkila.fi", .admin, at: "ESIM-U002", browser: browser)
            let peer = try await app.person("vertainen@esimerkkila.fi", .admin, at: "ESIM-U002")
            let county = try await app.user("paakayttaja@esimerkkila.fi")
            let director = try await app.user("johto@esimerkkila.fi")
            for target in [county, director, peer, try await app.user("kasittelija2@esimerkkila.fi")] {
                #expect(try await browser.get("/admin/users/\(target.id)").status == .notFound, "\(target.email)")
                try await browser.get("/admin/users")
                #expect(try await browser.post("/admin/users/\(target.id)", [("action", "reset_password")]).status == .notFound)
                #expect(try await browser.post("/admin/users/\(target.id)", [("action", "details"), ("name", "X")]).status == .notFound)
                #expect(try await browser.post("/admin/users/\(target.id)", [("action", "add_grant"), ("role", "staff"), ("scope", "ESIM-U002")]).status == .notFound)
                let after = try #require(try await UserRepository(sql).find(id: target.id))
                #expect(after.passwordHash == target.passwordHash && after.isActive && after.displayName == target.displayName)
            }
            let list = try await browser.get("/admin/users")
            for hidden in ["paakayttaja@", "johto@", "raportoija@", "kasittelija2@", "vertainen@"] { #expect(!list.body.contains(hidden), "\(hidden)") }
            for shown in ["kasittelija@esimerkkila.fi", "henkilosto@esimerkkila.fi", "yksikko@"] { #expect(list.body.contains(shown), "\(shown)") }
            // People of their own unit they do manage, and their own name.
            let handler = try await app.user("kasittelija@esimerkkila.fi")
            try await browser.get("/admin/users/\(handler.id)")
            #expect(try await browser.post("/admin/users/\(handler.id)", [("action", "reset_password")]).status == .ok)
            try await browser.get("/admin/users/\(me.id)")
            #expect(try await browser.post("/admin/users/\(me.id)", [("action", "details"), ("name", "Yksikön pääkäyttäjä"), ("active", "1")]).status == .seeOther)
        }
    }

    // 2. County-level objects are for county admins; scoped objects only inside the scope.
    @Test func scopedAdminsCannotChangeCountyObjectsOrOtherUnits() async throws {
        try await TestApp.with { app, browser in
            let sql = app.services.database.sql
            let area = try #require(try await ServiceAreaRepository(sql).list().first { $0.code == "sosiaalipalvelut" })
            try await app.person("yksikko@esimerkkila.fi", .admin, at: "ESIM-U002", browser: browser)
            for path in ["/admin/feedback", "/admin/feedback/areas/\(area.id)", "/admin/pages", "/admin/pages/privacy", "/admin/audit",
                         "/admin/audit/export", "/admin/org/import"] {
                #expect(try await browser.get(path).status == .forbidden, "\(path)")
            }
            try await browser.get("/staff")
            #expect(try await browser.post("/admin/feedback/areas/\(area.id)", [("name_fi", "Kaapattu"), ("nodes", "ESIM-U002")]).status == .forbidden)
            #expect(try await browser.post("/admin/feedback/settings", [("promise_days", "90"), ("retention_months", "120")]).status == .forbidden)
            #expect(try await browser.post("/admin/pages/privacy", [("title_fi", "x"), ("body_fi", "x")]).status == .forbidden)
            #expect(try await ServiceAreaRepository(sql).find(id: area.id) == area)
            #expect(try await app.audit(.settingsChanged).isEmpty)
            // Kiosks of other units are neither listed nor revocable.
            let u006 = try await app.node("ESIM-U006")
            let national = try #require(try await SurveyRepository(sql).survey(code: NationalSurvey.code))
            _ = try await KioskRepository(sql).register(name: "Aula U006", nodeID: u006.id, surveyID: national.id, now: app.clock.now())
            let kiosk = try #require(try await KioskRepository(sql).within(paths: [u006.path]).first)
            #expect(!(try await browser.get("/admin/kiosks").body.contains("Aula U006")))
            #expect(try await browser.post("/admin/kiosks", [("action", "revoke"), ("device", kiosk.device.id)]).status == .notFound)
            #expect(try await KioskRepository(sql).listing(id: kiosk.device.id)?.device.isRevoked == false)
            // A survey that also runs elsewhere is read-only; the national survey is the county's alone.
            let shared = try await SurveyRepository(sql).create(code: "jaettu", kind: .shortTerm, settings: .init(
                name: LocalizedText(fi: "Jaettu", sv: "Delad", en: "Shared"), audience: .all, channels: [.qr], startsOn: nil, endsOn: nil, onePerPage: false),
                ownerPath: nil, now: app.clock.now())
            try await SurveyRepository(sql).setTargets(surveyID: shared, nodeIDs: [try await app.node("ESIM-U002").id, u006.id])
            #expect(try await browser.get("/admin/surveys/\(national.id)").status == .notFound)
            #expect(try await browser.post("/admin/surveys/\(national.id)/close").status == .notFound)
            // A kiosk may still be registered for it in their own unit.
            #expect(try await browser.get("/admin/kiosks").body.contains(national.name.fi))
            for id in [shared] {
                let page = try await browser.get("/admin/surveys/\(id)?lang=en")
                #expect(page.status == .ok)
                #expect(page.body.contains("You can only view this survey"))
                #expect(!page.body.contains(u006.name.en))
                #expect(try await browser.post("/admin/surveys/\(id)/close").status == .forbidden)
                #expect(try await browser.post("/admin/surveys/\(id)", [("name_fi", "X"), ("name_sv", "X"), ("name_en", "X"), ("targets", "ESIM-U002")]).status == .forbidden)
                #expect(try await browser.post("/admin/surveys/\(id)/questions", [("type", "yes_no")]).status == .forbidden)
            }
            #expect(try await SurveyRepository(sql).targetIDs(surveyID: shared).count == 2)
            #expect(try await SurveyRepository(sql).survey(code: NationalSurvey.code)?.status == .published)
            // A draft another admin made, before it has targets, is not theirs either.
            let foreign = try await SurveyRepository(sql).create(code: "vieras", kind: .shortTerm, settings: .init(
                name: LocalizedText(fi: "Vieras", sv: "Främ", en: "Foreign"), audience: .all, channels: [.qr], startsOn: nil, endsOn: nil, onePerPage: false),
                ownerPath: u006.path, now: app.clock.now())
            #expect(try await browser.get("/admin/surveys/\(foreign)").status == .notFound)
            #expect(!(try await browser.get("/admin/surveys").body.contains("Vieras")))
        }
    }

    // 4. The outbox masks customers' messages, is scoped, and every view is audited.
    @Test func theOutboxMasksCustomersAndIsAudited() async throws {
        try await TestApp.with { app, browser in
            let c = try await app.feedbackCase(try #require(TestApp.reference(in: try await app.giveFeedback(browser, email: "salainen.asiakas@example.fi").body)))
            let handler = Browser(client: browser.client)
            try await handler.login("kasittelija@esimerkkila.fi")
            try await handler.get("/staff/cases/\(c.id)")
            #expect(try await handler.post("/staff/cases/\(c.id)", [("action", "reply"), ("text", "Erittäin henkilökohtainen vastaus.")]).status == .seeOther)
            let admin = Browser(client: browser.client)
            try await admin.login("paakayttaja@esimerkkila.fi")
            let page = try await admin.get("/admin/feedback/outbox?lang=en")
            #expect(page.status == .ok)
            #expect(!page.body.contains("salainen.asiakas@example.fi"))
            #expect(!page.body.contains("Erittäin henkilökohtainen vastaus."))
            #expect(page.body.contains("kasittelija@esimerkkila.fi"))  // staff notices stay readable
            #expect(page.body.contains("customer&#39;s details hidden") || page.body.contains("customer's details hidden"))
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(try await app.audit(.outboxViewed).count == 1)
            // An admin of another unit sees none of this unit's mail.
            let other = Browser(client: browser.client)
            try await app.person("muu@esimerkkila.fi", .admin, at: "ESIM-U006", browser: other)
            #expect(!(try await other.get("/admin/feedback/outbox").body.contains("kasittelija@esimerkkila.fi")))
        }
    }

    // 5. The login's `next` cannot lead off the site.
    @Test func loginRedirectsOnlyWithinTheSite() async throws {
        for bad in ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/\n/evil.example", "/%09/x\u{7F}", "javascript:alert(1)"] {
            #expect(AuthRoutes.safeNext(bad) == "/staff", "\(bad)")
        }
        #expect(AuthRoutes.safeNext("/staff/cases?status=new&q=a%20b") == "/staff/cases?status=new&q=a%20b")
        try await TestApp.with { _, browser in
            try await browser.get("/login?next=%2F%09%2Fevil.example")
            let page = try await browser.post("/login", [("email", "kasittelija@esimerkkila.fi"), ("password", DemoCounty.password), ("next", "/\t/evil.example")])
            #expect(page.location == "/staff")
        }
    }

    // 6. Exports neutralise spreadsheet formulas.
    @Test func exportsNeutraliseFormulas() async throws {
        #expect(CSV.line(["=HYPERLINK(\"http://evil\")", "+1", "-2", "@x", "\tt", "ok"]) == "\"'=HYPERLINK(\"\"http://evil\"\")\",'+1,'-2,'@x,'\tt,ok\n")
        #expect(CSV.restore("'=A1") == "=A1")
        #expect(CSV.restore("'plain") == "'plain")
        try await TestApp.with { app, browser in
            try await browser.get("/login")
            try await browser.post("/login", [("email", "=1+2@evil.example"), ("password", "wrong-password")])
            try await browser.login("paakayttaja@esimerkkila.fi")
            let export = try await browser.get("/admin/audit/export")
            #expect(export.body.contains(",'=1+2@evil.example,"))
            #expect(!export.body.contains(",=1+2@evil.example,"))
            #expect(export.headers[.cacheControl] == "no-store")
        }
    }

    // 7. Only accepted submissions count against the per-address limit.
    @Test func refusedFeedbackDoesNotUseUpTheHourlyLimit() async throws {
        try await TestApp.with { app, browser in
            let refusals = try await (0..<12).asyncMap { _ in try await app.giveFeedback(browser, text: "").status }
            #expect(refusals.allSatisfy { $0 == .unprocessableContent })
            #expect(try await app.giveFeedback(browser).status == .ok)
        }
    }

    // 8. A response carries no time and cannot be matched with the personal link it came through.
    @Test func aResponseCannotBeMatchedWithItsLink() async throws {
        try await TestApp.with { app, browser in
            let token = try await app.link()
            try await browser.get("/s/\(token)")
            try await browser.post("/s/\(token)", SurveyAnsweringTests.answers)
            let sql = app.services.database.sql
            let id = try #require(try await sql.raw("SELECT id FROM responses").first()?.decode(column: "id", as: String.self))
            #expect(Array(id)[14] == "4")  // a random UUID (version 4), not a time-ordered one
            #expect(try await sql.raw("SELECT token_hash FROM survey_tokens").all().isEmpty)
            let used = try #require(try await sql.raw("SELECT * FROM survey_tokens_used").first())
            let response = try #require(try await sql.raw("SELECT * FROM responses").first())
            // No column of the used link shares a value with the response.
            var responseValues: Set<String> = []
            for column in response.allColumns {
                if let value = try? response.decode(column: column, as: String?.self) { responseValues.insert(value) }
            }
            #expect(used.allColumns == ["token_hash"])
            #expect(!responseValues.contains(try used.decode(column: "token_hash", as: String.self)))
            #expect(try await browser.get("/s/\(token)").status == .gone)
        }
    }

    // 9. Nothing unbounded is stored from a form.
    @Test func overlongInputIsRefusedAndNotStored() async throws {
        try await TestApp.with { app, browser in
            let long = String(repeating: "a", count: 5000) + "@example.fi"
            try await browser.get("/login")
            #expect(try await browser.post("/login", [("email", long), ("password", "x")]).status == .unauthorized)
            #expect(try await app.services.database.sql.raw("SELECT email FROM login_failures").all().isEmpty)
            #expect(try await app.audit(.loginFailed).allSatisfy { $0.actorEmail == nil })
            try await browser.login("paakayttaja@esimerkkila.fi")
            try await browser.get("/admin/feedback/phrases/new")
            let phrase = try await browser.post("/admin/feedback/phrases/new", [("title", "Pitkä"), ("body_fi", String(repeating: "x", count: 5001)),
                                                                                ("body_sv", "x"), ("body_en", "x")])
            #expect(phrase.status == .unprocessableContent)
        }
    }

    // 10. Open links and kiosks refuse bursts; the admin sees them flagged.
    @Test func ballotStuffingIsRefusedAndFlagged() async throws {
        try await TestApp.with { app, browser in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<12 {
                try await browser.get("/k/ESIM-U002/\(NationalSurvey.code)")
                statuses.append(try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)", SurveyAnsweringTests.answers).status)
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == .ok })
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests })
            #expect(try await app.responses() == 10)
            // Being logged in changes nothing: the open link counts the same.
            let staff = Browser(client: browser.client)
            try await staff.login("henkilosto@esimerkkila.fi")
            try await staff.get("/k/ESIM-U002/\(NationalSurvey.code)")
            #expect(try await staff.post("/k/ESIM-U002/\(NationalSurvey.code)", SurveyAnsweringTests.answers).status == .tooManyRequests)
            // A minute later the same client may answer again.
            app.clock.advance(by: 60)
            try await browser.get("/k/ESIM-U002/\(NationalSurvey.code)")
            #expect(try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)", SurveyAnsweringTests.answers).status == .ok)
            try await browser.login("paakayttaja@esimerkkila.fi")
            let list = try await browser.get("/admin/surveys?lang=en")
            #expect(list.body.contains("Refused answer bursts"))
            #expect(list.body.contains(#"<strong class="warning">3</strong>"#))
        }
    }

    // 11. Multipart bodies are parsed only where files are uploaded, with a bounded boundary.
    @Test func multipartIsParsedOnlyForUploads() async throws {
        try await TestApp.with { app, browser in
            try await browser.get("/login")
            let boundary = "b"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n--\(boundary)--\r\n"
            #expect(try await browser.post("/login", raw: Array(body.utf8), contentType: "multipart/form-data; boundary=\(boundary)").status == .badRequest)
            try await browser.login("paakayttaja@esimerkkila.fi")
            try await browser.get("/admin/org/import")
            let long = String(repeating: "x", count: 71)
            let upload = "--\(long)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n--\(long)--\r\n"
            #expect(try await browser.post("/admin/org/import", raw: Array(upload.utf8), contentType: "multipart/form-data; boundary=\(long)").status == .badRequest)
            // An upload with a proper boundary still works (AdminOrgTests has the full import).
            let csv = "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n--b\r\n"
                + "Content-Disposition: form-data; name=\"csv\"\r\n\r\ncode\r\n--b--\r\n"
            #expect(try await browser.post("/admin/org/import", raw: Array(csv.utf8), contentType: "multipart/form-data; boundary=b").status == .unprocessableContent)
        }
    }

    // 12. The widget's thank-you page links back only to the county's own pages.
    @Test func theWidgetLinksBackOnlyToConfiguredOrigins() async throws {
        try await TestApp.with(configure: { $0.widgetOrigins = ["https://esimerkkila.fi"] }) { app, browser in
            try await browser.get("/widget")
            let evil = try await browser.post("/widget?lang=en", [("page", "https://evil.example/phish"), ("found", "yes")])
            #expect(!evil.body.contains("evil.example"))
            try await browser.get("/widget")
            let own = try await browser.post("/widget?lang=en", [("page", "https://esimerkkila.fi/neuvolat"), ("found", "yes")])
            #expect(own.body.contains(#"href="https://esimerkkila.fi/neuvolat""#))
            #expect(try await WidgetRepository(app.services.database.sql).summary().map(\.pageURL) == ["https://esimerkkila.fi/neuvolat"])
        }
    }

    // 13. Staff pages are never cached; HSTS behind HTTPS.
    @Test func staffPagesAreNotCachedAndHTTPSIsStrict() async throws {
        try await TestApp.with(configure: { $0.secureCookies = true }) { app, browser in
            let page = try await browser.get("/")
            #expect(page.headers[HTTPField.Name("Strict-Transport-Security")!]?.hasPrefix("max-age=") == true)
        }
        try await TestApp.with { app, browser in
            try await browser.login("kasittelija@esimerkkila.fi")
            #expect(try await browser.get("/staff/cases").headers[.cacheControl] == "no-store")
            #expect(try await browser.get("/").headers[HTTPField.Name("Strict-Transport-Security")!] == nil)
        }
    }

    // 14. A guesser cannot keep the owner out; guessing from one address stops.
    @Test func guessingCannotLockTheOwnerOutForLong() async throws {
        try await TestApp.with { app, browser in
            let attacker = Browser(client: browser.client)
            try await attacker.get("/login")
            for _ in 0..<25 {
                try await attacker.post("/login", [("email", "kasittelija@esimerkkila.fi"), ("password", "arvaus-\(UUID())")])
                app.clock.advance(by: 121)
            }
            // The owner waits at most two minutes after the last guess.
            try await attacker.post("/login", [("email", "kasittelija@esimerkkila.fi"), ("password", "viimeinen-arvaus")])
            #expect(try await browser.login("kasittelija@esimerkkila.fi").status == .tooManyRequests)
            app.clock.advance(by: 121)
            #expect(try await browser.login("kasittelija@esimerkkila.fi").status == .seeOther)
        }
        // Many failures from one address block that address, whatever the account.
        try await TestApp.with { app, attacker in
            try await attacker.get("/login")
            for i in 0..<30 { try await attacker.post("/login", [("email", "muu\(i)@esimerkkila.fi"), ("password", "x")]) }
            let blocked = try await attacker.post("/login?lang=en", [("email", "henkilosto@esimerkkila.fi"), ("password", DemoCounty.password)])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.body.contains("Too many failed logins from this network address"))
        }
    }

    // 16. Mail bodies have no bare CR; headers are one line; logged storage errors carry no values.
    @Test func mailLineEndingsAndErrorLogs() async throws {
        let email = OutgoingEmail(to: "a@example.fi", subject: "Vastaus\r\nBcc: x@evil.example", body: "rivi\rBcc: y@evil.example\n.\nloppu", messageID: "m")
        let message = EmailFormat.message(email, from: "Kaiku <k@example.fi>", date: TestDatabase.start)
        let bytes = Array(message.utf8)
        for (i, byte) in bytes.enumerated() where byte == 13 { #expect(i + 1 < bytes.count && bytes[i + 1] == 10) }
        for (i, byte) in bytes.enumerated() where byte == 10 { #expect(i > 0 && bytes[i - 1] == 13) }
        let headers = try #require(message.components(separatedBy: "\r\n\r\n").first)
        #expect(!headers.components(separatedBy: "\r\n").contains { $0.hasPrefix("Bcc:") })
        #expect(headers.contains("Subject: Vastaus Bcc: x@evil.example"))
        #expect(message.contains("\r\n..\r\n"))
        struct Rejected: Error, CustomStringConvertible { var description: String { "RCPT TO: 550 <salainen@example.fi> rejected" } }
        #expect(ErrorDescription.loggable(Rejected()) == "RCPT TO: 550 <[…]> rejected")
        try await TestDatabase.with { database in
            let users = UserRepository(database.sql)
            try await users.create(email: "salainen@example.fi", displayName: "A", passwordHash: "x", mustChangePassword: false, now: TestDatabase.start)
            do {
                try await database.sql.raw("INSERT INTO users (id, email, display_name, password_hash, must_change_password, is_active, created_at, updated_at) SELECT 'x', email, 'B', 'x', FALSE, TRUE, created_at, updated_at FROM users").run()
                Issue.record("a duplicate email was accepted")
            } catch {
                let logged = ErrorDescription.loggable(error)
                #expect(!logged.contains("salainen"), "\(logged)")
                #expect(logged.hasPrefix(TestDatabase.backend))
            }
        }
    }
}

@Suite struct SecurityReviewFollowUpTests {
    // An anonymous form cannot use up the submission id of an integration or a kiosk.
    @Test func formSubmissionKeysCannotShadowAnIntegrations() async throws {
        try await TestApp.with { app, browser in
            try await browser.get("/k/ESIM-U002/\(NationalSurvey.code)")
            try await browser.post("/k/ESIM-U002/\(NationalSurvey.code)", SurveyAnsweringTests.answers + [("submission", "api:ivr:77")])
            let key = try await ApiKeyRepository(app.services.database.sql).create(
                name: "ivr", scopeNodeIDs: [try await app.node("ESIM").id], surveyCodes: [NationalSurvey.code], now: app.clock.now())
            let response = try await browser.client.execute(
                uri: "/api/v1/responses", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer \(key)"],
                body: ByteBuffer(string: #"{"survey": "thl-national", "unit": "ESIM-U002", "channel": "phone", "language": "fi", "submission_id": "77", "answers": {"thl.nps": 9}}"#))
            #expect(response.status == .created)
            #expect(try await app.responses() == 2)
        }
    }

    // A scoped admin sees their own part of the tree and can save its top node.
    @Test func scopedAdminsSeeAndKeepTheirOwnTree() async throws {
        try await TestApp.with { app, browser in
            let unit = try await app.node("ESIM-U002")
            try await app.person("yksikko@esimerkkila.fi", .admin, at: "ESIM-U002", browser: browser)
            #expect(try await browser.get("/admin/org").body.contains(unit.name.fi))
            try await browser.get("/admin/org/\(unit.id)")
            let saved = try await browser.post("/admin/org/\(unit.id)", [
                ("code", unit.code), ("parent_code", "ESIM-TER-TA"), ("level", "unit"), ("name_fi", unit.name.fi + " (uusi nimi)"),
                ("name_sv", unit.name.sv), ("name_en", unit.name.en), ("valid_from", unit.spec.validFrom?.description ?? "")])
            #expect(saved.status == .seeOther)
            // Moving it under another parent outside their scope is still refused.
            try await browser.get("/admin/org/\(unit.id)")
            let moved = try await browser.post("/admin/org/\(unit.id)", [
                ("code", unit.code), ("parent_code", "ESIM-TER-SUU"), ("level", "unit"), ("name_fi", unit.name.fi)])
            #expect(moved.status == .unprocessableContent)
        }
    }

    // A draft's name is not public through its QR image, nor a survey's at a unit it does not run in.
    @Test func qrCodesOnlyForSurveysRunningInTheUnit() async throws {
        try await TestApp.with { app, browser in
            let sql = app.services.database.sql
            #expect(try await browser.get("/qr/ESIM-U002/\(NationalSurvey.code)/code.svg").status == .ok)
            let draft = try await SurveyRepository(sql).create(code: "luonnos", kind: .shortTerm, settings: .init(
                name: LocalizedText(fi: "Salainen luonnos"), audience: .all, channels: [.qr], startsOn: nil, endsOn: nil, onePerPage: false),
                ownerPath: nil, now: app.clock.now())
            try await SurveyRepository(sql).setTargets(surveyID: draft, nodeIDs: [try await app.node("ESIM-U002").id])
            #expect(try await browser.get("/qr/ESIM-U002/luonnos/code.svg").status == .notFound)
            #expect(try await browser.get("/qr/ESIM-U006/luonnos/code.svg").status == .notFound)
        }
    }
}

@Suite struct ClientAddressTests {
    let proxies = AddressRange.list("127.0.0.1, 10.0.0.0/8, fd00::/8").ranges

    @Test func forwardingHeadersCountOnlyFromTrustedProxies() {
        // Not from a proxy: the headers are the client's own inventions.
        #expect(ClientAddress.resolve(peer: "198.51.100.7", values: ["203.0.113.9"], trusted: proxies) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", values: ["203.0.113.9"], trusted: proxies) == "203.0.113.9")
        // A client cannot hide behind a forged first hop: the rightmost untrusted address wins.
        #expect(ClientAddress.resolve(peer: "127.0.0.1", values: ["1.2.3.4, 203.0.113.9"], trusted: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", values: ["203.0.113.9, 10.1.1.1"], trusted: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", header: .forwarded, values: [#"for="[2001:db8::1]:4711";proto=https"#], trusted: proxies) == "2001:db8::1")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", header: .forwarded, values: ["for=192.0.2.60:80"], trusted: proxies) == "192.0.2.60")
        // Only the header the proxy writes is read; the other is the client's own invention.
        #expect(ClientAddress.resolve(peer: "127.0.0.1", header: .xForwardedFor, values: [], trusted: proxies) == "127.0.0.1")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", values: ["garbage"], trusted: proxies) == "127.0.0.1")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", values: [], trusted: []) == "127.0.0.1")
        #expect(ClientAddress.resolve(peer: "::ffff:10.2.3.4", values: ["192.0.2.1"], trusted: proxies) == "192.0.2.1")
        // Per-address limits count an IPv6 client by its /64.
        #expect(ClientAddress.rateKey("2001:db8:1:2:aaaa::1") == ClientAddress.rateKey("2001:db8:1:2:bbbb::9"))
        #expect(ClientAddress.rateKey("2001:db8:1:3::1") != ClientAddress.rateKey("2001:db8:1:2::1"))
        #expect(ClientAddress.rateKey("192.0.2.1") == "192.0.2.1")
    }

    @Test func rangesParse() {
        #expect(AddressRange("10.0.0.0/33") == nil)
        #expect(AddressRange("10.0.0") == nil)
        #expect(AddressRange.list("10.0.0.0/8 nonsense").invalid == "nonsense")
        #expect(AddressRange("2001:db8::/32")?.contains(IPAddress.parse("2001:db8:1::5")!) == true)
        #expect(AddressRange("2001:db8::/32")?.contains(IPAddress.parse("2001:db9::5")!) == false)
        #expect(IPAddress.isLoopback("::1") && IPAddress.isLoopback("127.0.0.2") && !IPAddress.isLoopback("10.0.0.1"))
        #expect(WidgetOrigin.normalise("https://WWW.Esimerkkila.fi/") == "https://www.esimerkkila.fi")
        #expect(WidgetOrigin.normalise("javascript:alert(1)") == nil)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
