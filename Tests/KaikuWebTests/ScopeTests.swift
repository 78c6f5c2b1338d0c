import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuWeb
import Testing

/// Scope in lists and searches; the route-by-route matrix is `AccessMatrixTests`.
@Suite struct ScopeTests {
    @Test func aHandlerCannotSeeOrGuessAnotherUnit() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("kasittelija@esimerkkila.fi")
            let own = try await app.node("ESIM-U002")
            let other = try await app.node("ESIM-U001")
            #expect(try await browser.get("/staff/units/\(own.id)").status == .ok)
            let denied = try await browser.get("/staff/units/\(other.id)?lang=en")
            let missing = try await browser.get("/staff/units/01a00000-0000-7000-8000-000000000000?lang=en")
            #expect(denied.status == .notFound)
            #expect(missing.status == .notFound)
            // The refusal is the same page as for a unit that does not exist: nothing about it leaks.
            #expect(denied.body.replacingOccurrences(of: other.id, with: "X") == missing.body.replacingOccurrences(of: "01a00000-0000-7000-8000-000000000000", with: "X"))
            #expect(!denied.body.contains(other.name.fi))
            let list = try await browser.get("/staff/units?lang=fi")
            #expect(list.body.contains(own.name.fi))
            #expect(!list.body.contains(other.name.fi), "\(list.body)")
        }
    }

    @Test func aReporterSeesTheirWholeResultArea() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("raportoija@esimerkkila.fi")
            let list = try await browser.get("/staff/units?lang=fi")
            for code in ["ESIM-U001", "ESIM-U002", "ESIM-U005"] {
                #expect(list.body.contains(try await app.node(code).name.fi))
            }
            #expect(!list.body.contains(try await app.node("ESIM-U006").name.fi))
            #expect(try await browser.get("/staff/units/\(try await app.node("ESIM-U006").id)").status == .notFound)
        }
    }

    @Test func anAdminOfOneSubtreeCannotEditAnother() async throws {
        try await TestApp.with { app, browser in
            let area = try await app.node("ESIM-TER-TA")
            let now = app.clock.now()
            let hash = try await app.services.passwords.hash("alueen-paakayttaja-1")
            let sql = app.services.database.sql
            let admin = try await UserRepository(sql).create(email: "alue@esimerkkila.fi", displayName: "Alue", passwordHash: hash, mustChangePassword: false, now: now)
            try await UserRepository(sql).addGrant(userID: admin.id, role: .admin, nodeID: area.id, now: now)
            try await browser.login("alue@esimerkkila.fi", "alueen-paakayttaja-1")
            #expect(try await browser.get("/admin/org/\(try await app.node("ESIM-U002").id)").status == .ok)
            #expect(try await browser.get("/admin/org/\(try await app.node("ESIM-U006").id)").status == .notFound)
            let search = try await browser.get("/admin/org?q=neuvola")
            #expect(!search.body.contains("Keskustan neuvola"))
            // Nor grant rights outside it.
            let target = try await app.user("henkilosto@esimerkkila.fi")
            try await browser.get("/admin/users/\(target.id)")
            let grant = try await browser.post("/admin/users/\(target.id)", [("action", "add_grant"), ("role", "admin"), ("scope", "ESIM")])
            #expect(grant.status == .unprocessableContent)
            #expect(try await UserRepository(sql).grants(userID: target.id).count == 1)
        }
    }
}
