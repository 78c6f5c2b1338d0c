import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuWeb
import Testing

@Suite struct AdminOrgTests {
    @Test func browseSearchAndEditInThreeLanguages() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let tree = try await browser.get("/admin/org?lang=sv")
            #expect(tree.body.contains("Exempelby välfärdsområde"))
            #expect(tree.body.contains("Hälsovårdstjänster"))
            let search = try await browser.get("/admin/org?q=rantalan+terveysasema&lang=en")
            #expect(search.body.contains("Rantala health centre"))
            let node = try await app.node("ESIM-U002")
            let page = try await browser.get("/admin/org/\(node.id)?lang=en")
            #expect(page.body.contains(#"value="Strand hälsostation""#))
            let saved = try await browser.post("/admin/org/\(node.id)", [
                ("code", "ESIM-U002"), ("parent_code", "ESIM-TER-TA"), ("level", "unit"),
                ("name_fi", "Rantalan terveyskeskus"), ("name_sv", "Strands hälsocentral"), ("name_en", "Rantala health centre"),
                ("valid_from", "2023-01-01"), ("valid_to", ""), ("oid", "1.2.246.10.123"),
            ])
            #expect(saved.status == .seeOther)
            let updated = try await app.node("ESIM-U002")
            #expect(updated.name == LocalizedText(fi: "Rantalan terveyskeskus", sv: "Strands hälsocentral", en: "Rantala health centre"))
            #expect(updated.spec.oid == "1.2.246.10.123")
            let audit = try await app.audit(.orgNodeUpdated)
            #expect(audit.first?.detail.contains("name_fi: Rantalan terveysasema → Rantalan terveyskeskus") == true)
        }
    }

    @Test func badEditsAreRefusedWithMessagesAndChangeNothing() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let node = try await app.node("ESIM-U002")
            try await browser.get("/admin/org/\(node.id)")
            let refused = try await browser.post("/admin/org/\(node.id)?lang=en", [
                ("code", "ESIM-U001"), ("parent_code", "100011"), ("level", "unit"), ("name_fi", ""),
                ("valid_from", "2024-02-30"), ("oid", "not-an-oid"),
            ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("The date 2024-02-30 is not valid"))
            try await browser.get("/admin/org/\(node.id)")
            let wrongLevel = try await browser.post("/admin/org/\(node.id)?lang=en", [
                ("code", "ESIM-U001"), ("parent_code", "100011"), ("level", "unit"), ("name_fi", ""), ("oid", "not-an-oid"),
            ])
            #expect(wrongLevel.body.contains("The Finnish name is required."))
            #expect(wrongLevel.body.contains("does not fit under the parent"))
            #expect(wrongLevel.body.contains("Another node already uses this code."))
            #expect(wrongLevel.body.contains("The OID is not valid"))
            #expect(try await app.node("ESIM-U002") == node)
            // A node cannot move under its own descendant.
            let area = try await app.node("ESIM-TER-TA")
            try await browser.get("/admin/org/\(area.id)")
            let cycle = try await browser.post("/admin/org/\(area.id)?lang=en", [
                ("code", "ESIM-TER-TA"), ("parent_code", "ESIM-U002"), ("level", "result_area"), ("name_fi", "x"),
            ])
            #expect(cycle.status == .unprocessableContent)
            #expect(try await app.node("ESIM-TER-TA") == area)
        }
    }

    @Test func createAChildNode() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let unit = try await app.node("ESIM-U002")
            let form = try await browser.get("/admin/org/new?parent=\(unit.id)")
            #expect(form.body.contains(#"value="ESIM-U002""#))
            let created = try await browser.post("/admin/org/new", [
                ("code", "999001"), ("parent_code", "ESIM-U002"), ("level", "service_point"), ("name_fi", "Rantalan laboratorio"),
            ])
            #expect(created.status == .seeOther)
            let node = try await app.node("999001")
            #expect(node.path.hasPrefix(unit.path))
            #expect(try await app.audit(.orgNodeCreated).count == 1)
        }
    }

    @Test func importRefusesABadFileWithEveryProblemAndAcceptsAGoodOne() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let export = try await browser.get("/admin/org/export")
            #expect(export.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(export.body.hasPrefix("code,parent_code,level,name_fi,name_sv,name_en,valid_from,valid_to,oid\n"))
            let bad = export.body + "NEW1,NOPE,unit,Orpo,,,,,\nESIM-U001,ESIM,unit,Kaksoiskappale,,,,,\n"
            try await browser.get("/admin/org/import")
            let refused = try await browser.post("/admin/org/import?lang=en", [("csv", bad)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("The parent code is not in the file"))
            #expect(refused.body.contains("The same code appears twice"))
            #expect(refused.body.contains("<td>199</td>"))
            #expect(try await OrgRepository(app.services.database.sql).count() == 197)

            // Rename one unit and drop another: a dry run shows it, the real run does it.
            var lines = export.body.split(separator: "\n").map(String.init)
            lines = lines.map { $0.hasPrefix("ESIM-U003,") ? $0.replacingOccurrences(of: "Mäkelän terveysasema", with: "Mäkelän sote-keskus") : $0 }
            lines.removeAll { $0.hasPrefix("ESIM-U060,") || $0.contains(",ESIM-U060,") }
            let good = lines.joined(separator: "\n") + "\n"
            try await browser.get("/admin/org/import")
            let preview = try await browser.post("/admin/org/import?lang=en", [("csv", good), ("dry_run", "1")])
            #expect(preview.body.contains("Preview"))
            #expect(try await app.node("ESIM-U003").name.fi == "Mäkelän terveysasema")
            try await browser.get("/admin/org/import")
            let done = try await browser.post("/admin/org/import?lang=en", [("csv", good)])
            #expect(done.status == .ok)
            #expect(done.body.contains("Updated: 1"))
            #expect(done.body.contains("Closed: 3"))
            #expect(try await app.node("ESIM-U003").name.fi == "Mäkelän sote-keskus")
            #expect(try await app.node("ESIM-U060").spec.validTo != nil)
            #expect(try await app.audit(.orgImported).count == 1)
        }
    }

    @Test func importAcceptsAMultipartFileUpload() async throws {
        try await TestApp.with(loadDemo: false) { app, browser in
            let sql = app.services.database.sql
            let now = app.clock.now()
            let county = try await OrgRepository(sql).insert(OrgNodeSpec(code: "X", parentCode: nil, level: .county, name: LocalizedText(fi: "X")), parent: nil, now: now)
            let admin = try await UserRepository(sql).create(email: "a@x.fi", displayName: "A", passwordHash: try await app.services.passwords.hash("pääkäyttäjä-salasana"), mustChangePassword: false, now: now)
            try await UserRepository(sql).addGrant(userID: admin.id, role: .admin, nodeID: county.id, now: now)
            try await browser.login("a@x.fi", "pääkäyttäjä-salasana")
            try await browser.get("/admin/org/import")
            let csv = "code,parent_code,level,name_fi,name_sv,name_en,valid_from,valid_to,oid\nX,,county,X,,,,,\nD,X,division,Jako,,,,,\n"
            let boundary = "----kaikuboundary"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"org.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
            body += "--\(boundary)--\r\n"
            let page = try await browser.post("/admin/org/import?lang=en", raw: Array(body.utf8), contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(page.status == .ok)
            #expect(page.body.contains("Created: 1"))
            #expect(try await app.node("D").spec.parentCode == "X")
        }
    }
}
