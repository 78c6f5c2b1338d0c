import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuWeb
import Testing

@Suite struct AuthTests {
    @Test func loginStartsASessionAndLogoutEndsIt() async throws {
        try await TestApp.with { app, browser in
            let response = try await browser.login("PAAKAYTTAJA@esimerkkila.fi")
            #expect(response.status == .seeOther)
            #expect(response.location == "/staff")
            #expect(browser.cookies["kaiku_session"] != nil)
            let home = try await browser.get("/staff?lang=en")
            #expect(home.status == .ok)
            #expect(home.body.contains("Pia Pääkäyttäjä"))
            #expect(try await app.audit(.login).count == 1)
            let out = try await browser.post("/logout")
            #expect(out.status == .seeOther)
            #expect(browser.cookies["kaiku_session"] == nil)
            #expect(try await browser.get("/staff").status == .seeOther)
            #expect(try await app.audit(.logout).count == 1)
        }
    }

    @Test func wrongPasswordAndUnknownAccountLookTheSame() async throws {
        try await TestApp.with { app, browser in
            let wrong = try await browser.login("paakayttaja@esimerkkila.fi", "väärä-salasana-123")
            let unknown = try await browser.login("nobody@esimerkkila.fi", "väärä-salasana-123")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.body.contains("Sähköpostiosoite tai salasana on väärin."))
            #expect(unknown.body.contains("Sähköpostiosoite tai salasana on väärin."))
            #expect(try await app.audit(.loginFailed).count == 2)
            #expect(browser.cookies["kaiku_session"] == nil)
        }
    }

    @Test func repeatedFailuresLockTheAccountForAWhile() async throws {
        try await TestApp.with { app, browser in
            for _ in 1...4 {
                #expect(try await browser.login("kasittelija@esimerkkila.fi", "guess-guess-guess").status == .unauthorized)
            }
            let fifth = try await browser.login("kasittelija@esimerkkila.fi", "guess-guess-guess")
            #expect(fifth.status == .tooManyRequests)
            // Even the right password is refused while locked.
            let locked = try await browser.login("kasittelija@esimerkkila.fi")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.contains("Kirjautuminen on estetty"))
            #expect(try await app.audit(.loginLocked).count == 1)
            app.clock.advance(by: 61)
            #expect(try await browser.login("kasittelija@esimerkkila.fi").status == .seeOther)
            // Success clears the count.
            let failures = try await UserRepository(app.services.database.sql).failures(email: "kasittelija@esimerkkila.fi")
            #expect(failures.count == 0)
        }
    }

    @Test func stateChangingFormsNeedTheCSRFToken() async throws {
        try await TestApp.with { app, browser in
            try await browser.get("/login")
            let missing = try await browser.post("/login", [("email", "paakayttaja@esimerkkila.fi"), ("password", DemoCounty.password)], csrf: "")
            #expect(missing.status == .forbidden)
            try await browser.login("paakayttaja@esimerkkila.fi")
            let node = try await app.node("ESIM-U002")
            try await browser.get("/admin/org/\(node.id)")
            let forged = try await browser.post("/admin/org/\(node.id)", [
                ("code", "ESIM-U002"), ("parent_code", "ESIM-TER-TA"), ("level", "unit"), ("name_fi", "Kaapattu"),
            ], csrf: "forged-" + browser.csrf)
            #expect(forged.status == .forbidden, "token \(browser.csrf)")
            #expect(forged.body.contains("Mitään ei tallennettu"))
            #expect(try await app.node("ESIM-U002").name.fi == node.name.fi)
            // The session's token, from a page, works.
            try await browser.get("/admin/org/\(node.id)")
            let real = try await browser.post("/admin/org/\(node.id)", [
                ("code", "ESIM-U002"), ("parent_code", "ESIM-TER-TA"), ("level", "unit"), ("name_fi", "Uusi nimi"),
            ])
            #expect(real.status == .seeOther)
        }
    }

    @Test func nextParameterOnlyGoesToLocalPaths() async throws {
        try await TestApp.with { _, browser in
            try await browser.get("/login")
            let response = try await browser.post("/login", [("email", "paakayttaja@esimerkkila.fi"), ("password", DemoCounty.password),
                                                             ("next", "//evil.example/")])
            #expect(response.location == "/staff")
        }
    }

    @Test func adminResetsAPasswordAndTheUserMustChangeIt() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let target = try await app.user("raportoija@esimerkkila.fi")
            try await browser.get("/admin/users/\(target.id)")
            let reset = try await browser.post("/admin/users/\(target.id)", [("action", "reset_password")])
            #expect(reset.status == .ok)
            let match = try #require(reset.body.firstMatch(of: /<p class="code">([A-Za-z0-9-]{19})<\/p>/))
            let oneTime = String(match.1)
            #expect(try await app.audit(.passwordReset).count == 1)

            let user = Browser(client: browser.client)
            #expect(try await user.login("raportoija@esimerkkila.fi").status == .unauthorized)
            #expect(try await user.login("raportoija@esimerkkila.fi", oneTime).location == "/staff/password")
            #expect(try await user.get("/staff").location == "/staff/password")
            try await user.get("/staff/password")
            let weak = try await user.post("/staff/password", [("current", oneTime), ("new", "short"), ("repeat", "short")])
            #expect(weak.status == .unprocessableContent)
            try await user.get("/staff/password")
            let changed = try await user.post("/staff/password", [("current", oneTime), ("new", "oma-uusi-salasana-1"), ("repeat", "oma-uusi-salasana-1")])
            #expect(changed.status == .seeOther)
            #expect(try await user.get("/staff").status == .ok)
        }
    }
}
