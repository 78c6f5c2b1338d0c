import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuWeb
import NIOCore
import Testing

@Suite struct BadInputTests {
    @Test func oversizedBodyIs413AndChangesNothing() async throws {
        try await TestApp.with(maxBodySize: 4096) { _, browser in
            try await browser.get("/login")
            let page = try await browser.post("/login", [("email", String(repeating: "a", count: 10_000))])
            #expect(page.status == .contentTooLarge)
            #expect(page.body.contains("liian suuri"))
        }
    }

    @Test func invalidUTF8IsA400WithAMessage() async throws {
        try await TestApp.with { _, browser in
            try await browser.get("/login?lang=en")
            let raw = Array("_csrf=\(browser.csrf)&email=".utf8) + [0xC3, 0x28] + Array("&password=x".utf8)
            let page = try await browser.post("/login?lang=en", raw: raw, contentType: "application/x-www-form-urlencoded")
            #expect(page.status == .badRequest)
            #expect(page.body.contains("invalid character encoding"))
            let percent = try await browser.post("/login?lang=en", raw: Array("_csrf=\(browser.csrf)&email=%C3%28".utf8),
                                                 contentType: "application/x-www-form-urlencoded")
            #expect(percent.status == .badRequest)
        }
    }

    @Test func malformedFormsAreA400() async throws {
        try await TestApp.with { _, browser in
            try await browser.get("/login?lang=en")
            let page = try await browser.post("/login?lang=en", raw: Array("_csrf=\(browser.csrf)&email=%ZZ".utf8),
                                              contentType: "application/x-www-form-urlencoded")
            #expect(page.status == .badRequest)
            #expect(page.body.contains("could not be read"))
            let multipart = try await browser.post("/login?lang=en", raw: Array("garbage".utf8), contentType: "multipart/form-data; boundary=xyz")
            #expect(multipart.status == .badRequest)
        }
    }

    /// JSON can carry what a form cannot: a NUL, which PostgreSQL refuses in text, and other
    /// control characters. Each JSON way in refuses such a text with a 4xx and stores nothing.
    @Test func controlCharactersInJSONTextsAreRefusedAndStoreNothing() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            try await browser.get("/admin/kiosks")
            let created = try await browser.post("/admin/kiosks", [("name", "Aula"), ("unit", "ESIM-U002"), ("survey", NationalSurvey.code)])
            let kioskPath = "/kiosk/\(try #require(created.body.firstMatch(of: /\/kiosk\/([A-Za-z0-9_-]{43})/)).1)"
            let kiosk = Browser(client: browser.client)
            try await kiosk.get(kioskPath)
            let key = try await ApiKeyRepository(app.services.database.sql).create(
                name: "ivr", scopeNodeIDs: [try await app.node("ESIM").id], surveyCodes: [NationalSurvey.code], now: app.clock.now())
            for control in [#"\u0000"#, #"\u0007"#, #"\u001b"#] {
                let text = "Hyvä palvelu\(control) kiitos"
                var kioskHeaders: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: kiosk.csrf]
                kioskHeaders[.cookie] = "kaiku_csrf=\(kiosk.cookies["kaiku_csrf"] ?? "")"
                let posts: [(String, HTTPFields, String)] = [
                    (kioskPath + "/answers", kioskHeaders,
                     #"{"submission": "s1", "fields": {"q.thl.nps": "9", "q.thl.nps_reason": "\#(text)"}}"#),
                    ("/api/v1/responses", [.contentType: "application/json", .authorization: "Bearer \(key)"],
                     #"{"survey": "thl-national", "unit": "ESIM-U002", "channel": "phone", "language": "fi", "answers": {"thl.nps": 9, "thl.nps_reason": "\#(text)"}}"#),
                    ("/api/v1/widget", [.contentType: "application/json"],
                     #"{"page": "https://esimerkkila.fi/x", "found": false, "comment": "\#(text)"}"#),
                ]
                for (uri, headers, body) in posts {
                    let response = try await browser.client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
                    #expect((400..<500).contains(response.status.code), "\(uri) \(control): \(response.status)")
                }
            }
            #expect(try await app.responses() == 0)
            #expect(try await WidgetRepository(app.services.database.sql).summary().isEmpty)
        }
    }

    @Test func userInputIsEscapedInPages() async throws {
        try await TestApp.with { app, browser in
            // A refused form comes back with what was typed, escaped.
            let page = try await app.giveFeedback(browser, kind: "", text: "\"></textarea><script>alert(1)</script>")
            #expect(page.status == .unprocessableContent)
            #expect(!page.body.contains("<script>alert(1)</script>"))
            #expect(page.body.contains("&lt;script&gt;"))
            // A login with an address that is not valid is not shown back (nor stored) at all.
            try await browser.get("/login")
            let login = try await browser.post("/login", [("email", "\"><script>alert(1)</script>"), ("password", "x")])
            #expect(!login.body.contains("alert(1)"))
        }
    }

    @Test func newUserFormValidates() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            try await browser.get("/admin/users")
            let bad = try await browser.post("/admin/users?lang=en", [("email", "not-an-email"), ("name", ""), ("role", "king"), ("scope", "NOPE")])
            #expect(bad.status == .unprocessableContent)
            for text in ["The email address is not valid.", "Enter a name", "Choose a role.", "The scope code was not found"] {
                #expect(bad.body.contains(text), "\(text)")
            }
            try await browser.get("/admin/users")
            let good = try await browser.post("/admin/users?lang=en", [("email", "Uusi.Kasittelija@esimerkkila.fi"), ("name", "Uusi"),
                                                                       ("role", "handler"), ("scope", "ESIM-U010")])
            #expect(good.status == .ok)
            #expect(good.body.contains("One-time password"))
            let user = try await app.user("uusi.kasittelija@esimerkkila.fi")
            #expect(user.mustChangePassword)
            #expect(try await UserRepository(app.services.database.sql).grants(userID: user.id).map(\.nodeCode) == ["ESIM-U010"])
            try await browser.get("/admin/users")
            let duplicate = try await browser.post("/admin/users?lang=en", [("email", "uusi.kasittelija@esimerkkila.fi"), ("name", "Uusi"),
                                                                            ("role", "handler"), ("scope", "ESIM-U010")])
            #expect(duplicate.body.contains("already exists"))
            #expect(try await app.audit(.userCreated).count == 1)
            #expect(try await app.audit(.grantAdded).count == 1)
        }
    }

    @Test func auditLogCanBeFilteredAndExported() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("nobody@esimerkkila.fi", "väärä-salasana-1")
            try await browser.login("paakayttaja@esimerkkila.fi")
            let page = try await browser.get("/admin/audit?action=login_failed&lang=en")
            #expect(page.body.contains("nobody@esimerkkila.fi"))
            #expect(!page.body.contains("<td>demo_loaded</td>"))
            let export = try await browser.get("/admin/audit/export?action=login_failed")
            #expect(export.body.hasPrefix("at,actor_email,actor_id,action"))
            #expect(export.body.contains("login_failed"))
            #expect(try await app.audit(.auditExported).count == 1)
        }
    }
}
