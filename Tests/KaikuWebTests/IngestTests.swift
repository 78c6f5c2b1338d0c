import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuCore
import KaikuStorage
import KaikuWeb
import NIOCore
import Testing

@Suite struct IngestTests {
    func post(_ browser: Browser, key: String?, _ json: String) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await browser.client.execute(uri: "/api/v1/responses", method: .post, headers: headers, body: ByteBuffer(string: json))
        return (response.status, String(buffer: response.body))
    }

    @Test func externalChannelsSendAnswersWithAKey() async throws {
        try await TestApp.with { app, browser in
            let key = try await ApiKeyRepository(app.services.database.sql).create(name: "phone-ivr", now: app.clock.now())
            let body = """
                {"survey": "thl-national", "unit": "ESIM-U002", "channel": "phone", "language": "fi", "call_type": "callback",
                 "submission_id": "ivr-1", "answers": {"thl.nps": 9, "thl.safe": "cant_say"}}
                """
            #expect(try await post(browser, key: nil, body).0 == .unauthorized)
            #expect(try await post(browser, key: "kaiku_forged", body).0 == .unauthorized)
            let stored = try await post(browser, key: key, body)
            #expect(stored.0 == .created)
            #expect(try await post(browser, key: key, body).1.contains("duplicate"))
            #expect(try await app.responses() == 1)
            let row = try #require(try await app.services.database.sql.raw("SELECT channel, call_type FROM responses").first())
            #expect(try row.decode(column: "channel", as: String.self) == "phone")
            #expect(try row.decode(column: "call_type", as: String.self) == "callback")

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
}
