import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
@testable import KaikuWeb
import NIOCore
import SQLKit
import Testing

@Suite struct IngestTests {
    func post(_ browser: Browser, key: String?, _ json: String) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await browser.client.execute(uri: "/api/v1/responses", method: .post, headers: headers, body: ByteBuffer(string: json))
        return (response.status, String(buffer: response.body))
    }

    /// A key's requests are limited (disclosure control, finding 6): a catch-up batch passes, a
    /// flood is told to wait, and other keys are not held up by it.
    @Test func anApiKeyIsRateLimited() async throws {
        try await TestApp.with { app, browser in
            let sql = app.services.database.sql
            let flooding = try await ApiKeyRepository(sql).create(name: "flood", scopeNodeIDs: [try await app.node("ESIM").id],
                                                                  surveyCodes: ["thl-national"], now: app.clock.now())
            let other = try await ApiKeyRepository(sql).create(name: "other", scopeNodeIDs: [try await app.node("ESIM").id],
                                                               surveyCodes: ["thl-national"], now: app.clock.now())
            for _ in 0..<1_200 { #expect(try await post(browser, key: flooding, "{}").0 == .unprocessableContent) }
            let headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(flooding)"]
            let refused = try await browser.client.execute(uri: "/api/v1/responses", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] == "1")
            #expect(try await browser.client.execute(uri: "/api/v1/visits", method: .post, headers: headers, body: ByteBuffer(string: "{}")).status
                    == .tooManyRequests)
            #expect(try await post(browser, key: other, "{}").0 == .unprocessableContent)
            app.clock.advance(by: 1)
            #expect(try await post(browser, key: flooding, "{}").0 == .unprocessableContent)
        }
    }

    @Test func externalChannelsSendAnswersWithAKey() async throws {
        try await TestApp.with { app, browser in
            let key = try await ApiKeyRepository(app.services.database.sql).create(
                name: "phone-ivr", scopeNodeIDs: [try await app.node("ESIM-TER-TA").id], surveyCodes: ["thl-national"], now: app.clock.now())
            let body = """
                {"survey": "thl-national", "unit": "ESIM-U002", "channel": "phone", "language": "fi", "call_type": "callback",
                 "submission_id": "ivr-1", "answers": {"thl.nps": 9, "thl.safe": "cant_say"}}
                """
            #expect(try await post(browser, key: nil, body).0 == .unauthorized)
            #expect(try await post(browser, key: "kaiku_forged", body).0 == .unauthorized)
            // The key reaches only its own units and surveys (security review, item 15).
            let elsewhere = body.replacingOccurrences(of: "ESIM-U002", with: "ESIM-U006")
            #expect(try await post(browser, key: key, elsewhere).0 == .forbidden)
            // Background values are checked against their code lists and lengths.
            let gender = try await post(browser, key: key, body.replacingOccurrences(of: #""call_type""#, with: #""gender": "<script>", "call_type""#))
            #expect(gender.0 == .unprocessableContent)
            #expect(gender.1.contains(#""field":"gender""#))
            // An integration cannot pass its answers off as answers to Kaiku's SMS invitations, whose
            // response rate they would raise (disclosure control, finding 6).
            let sms = try await post(browser, key: key, body.replacingOccurrences(of: #""channel": "phone""#, with: #""channel": "sms""#))
            #expect(sms.0 == .unprocessableContent && sms.1.contains(#""field":"channel""#))
            let longID = try await post(browser, key: key, body.replacingOccurrences(of: "ivr-1", with: String(repeating: "x", count: 65)))
            #expect(longID.1.contains(#""field":"submission_id""#))
            #expect(try await app.responses() == 0)
            let stored = try await post(browser, key: key, body)
            #expect(stored.0 == .created)
            #expect(try await post(browser, key: key, body).1.contains("duplicate"))
            #expect(try await app.responses() == 1)
            let row = try #require(try await app.services.database.sql.raw("SELECT channel, call_type FROM responses").first())
            #expect(try row.decode(column: "channel", as: String.self) == "phone")
            #expect(try row.decode(column: "call_type", as: String.self) == "callback")
            // The submission id is stored only as a hash.
            let stored2 = try await app.services.database.sql.raw("SELECT submission_key FROM responses").first()?.decode(column: "submission_key", as: String.self)
            #expect(stored2?.contains("ivr-1") == false)
            #expect(stored2?.count == 64)

            let bad = try await post(browser, key: key, """
                {"survey": "thl-national", "unit": "ESIM-U002", "channel": "pigeon", "language": "fi", "answers": {"thl.nps": 11}}
                """)
            #expect(bad.0 == .unprocessableContent)
            #expect(bad.1.contains(#""field":"channel""#))
            let invalidAnswer = try await post(browser, key: key, """
                {"survey": "thl-national", "unit": "ESIM-U002", "channel": "phone", "language": "fi", "answers": {"thl.nps": 11}}
                """)
            #expect(invalidAnswer.1.contains(#""field":"answers.thl.nps""#))
            #expect(try await post(browser, key: key, "not json").0 == .badRequest)
            try await ApiKeyRepository(app.services.database.sql).revoke(name: "phone-ivr", now: app.clock.now())
            #expect(try await post(browser, key: key, body).0 == .unauthorized)
        }
    }

    @Test func theOpenAPIDocumentIsServed() async throws {
        try await TestApp.with(loadDemo: false) { _, browser in
            let page = try await browser.get("/api/v1/openapi.json")
            #expect(page.status == .ok)
            let object = try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any]
            #expect(object?["openapi"] as? String == "3.1.0")
            #expect(page.body.contains("/api/v1/responses"))
        }
    }

    /// Every JSON endpoint (the API, and the probes) is described, read from `SiteURL` so a new one cannot be forgotten.
    @Test func everyJSONRouteIsInTheOpenAPIDocument() async throws {
        try await TestApp.with(loadDemo: false) { _, browser in
            let page = try await browser.get("/api/v1/openapi.json")
            let paths = try #require((try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])?["paths"] as? [String: Any])
            let json = SiteURL.fixed.map(\.path).filter(SiteURL.servesJSON)
            #expect(json.count >= 9)
            for path in json { #expect(paths[path] != nil, "\(path) is not in openapi.json") }
        }
    }
}

@Suite struct WidgetTests {
    @Test func widgetAnswersArePerPageAndMapped() async throws {
        try await TestApp.with { app, browser in
            func send(_ json: String) async throws -> HTTPResponse.Status {
                try await browser.client.execute(uri: "/api/v1/widget", method: .post, headers: [.contentType: "text/plain"],
                                                 body: ByteBuffer(string: json)).status
            }
            #expect(try await send(#"{"page": "https://esimerkkila.fi/terveysasemat?henkilo=131052-308T", "found": false, "comment": "Soita 040 123 4567", "unit": "ESIM-U002", "language": "fi"}"#) == .created)
            #expect(try await send(#"{"page": "https://esimerkkila.fi/terveysasemat", "found": true, "area": "terveysasemat"}"#) == .created)
            #expect(try await send(#"{"page": "javascript:alert(1)", "found": true}"#) == .unprocessableContent)
            #expect(try await send(#"{"page": "https://esimerkkila.fi/x", "found": true, "unit": "NOPE"}"#) == .unprocessableContent)
            #expect(try await send("not json") == .badRequest)
            let summary = try await WidgetRepository(app.services.database.sql).summary()
            #expect(summary.map(\.pageURL) == ["https://esimerkkila.fi/terveysasemat"])
            #expect(summary.first?.found == 1)
            #expect(summary.first?.notFound == 1)
            let comment = try await app.services.database.sql.raw("SELECT comment FROM widget_answers WHERE found = \(bind: false)").first()?
                .decode(column: "comment", as: String.self)
            #expect(comment == "Soita […]")
            // Without script: the same question as a plain page.
            let form = try await browser.get("/widget?unit=ESIM-U002&page=https://esimerkkila.fi/neuvolat&lang=en")
            #expect(form.body.contains("Did you find what you needed?"))
            let done = try await browser.post("/widget?lang=en", [("page", "https://esimerkkila.fi/neuvolat"), ("unit", "ESIM-U002"), ("found", "yes")])
            #expect(done.body.contains("Thank you for your feedback!"))
            #expect(try await WidgetRepository(app.services.database.sql).summary().count == 2)
        }
    }

    /// Widget answers are reported per page and unit in the feedback report, within the reader's
    /// scope (the county's own pages for readers of the county), small counts hidden.
    @Test func widgetAnswersAreReportedPerPageAndUnitWithinScope() async throws {
        try await TestApp.with { app, browser in
            let widget = WidgetRepository(app.services.database.sql)
            let unit = try #require(try await OrgRepository(app.services.database.sql).node(code: "ESIM-U002"))
            let now = app.clock.now()
            for found in [true, true, true, true, true, true, false, false, false, false, false] {
                try await widget.insert(pageURL: "https://esimerkkila.fi/neuvolat", nodeID: unit.id, serviceAreaID: nil, found: found, comment: "", language: .fi, now: now)
            }
            try await widget.insert(pageURL: "https://esimerkkila.fi/etusivu", nodeID: nil, serviceAreaID: nil, found: false, comment: "", language: .fi, now: now)
            let today = CalendarDay(now)
            let days = try #require(ReportPeriod(from: today, to: today))
            let reports = Reports(database: app.services.database, today: today)
            let county = try await reports.feedback(nodeCode: "ESIM", period: days, reader: .commandLine, now: now).pages
            let line = try #require(county.first { $0.pageURL == "https://esimerkkila.fi/neuvolat" })
            #expect(line.unit == unit.name && line.answers == 11 && line.found == 6 && line.notFound == 5)
            let front = try #require(county.first { $0.pageURL == "https://esimerkkila.fi/etusivu" })
            #expect(front.unit == nil && front.answers == nil)
            let own = try await reports.feedback(nodeCode: "ESIM-U002", period: days, reader: .commandLine, now: now).pages
            #expect(own.map(\.pageURL) == ["https://esimerkkila.fi/neuvolat"])
            let sibling = try await reports.feedback(nodeCode: "ESIM-U006", period: days, reader: .commandLine, now: now).pages
            #expect(sibling.isEmpty)
        }
    }
}
