import Foundation
@testable import KaikuApp
import Logging
import Testing

/// Structured logs are one JSON object per line, and no identity code, phone number, email address
/// or name reaches them, in the message or in a value.
@Suite struct JSONLogHandlerTests {
    @Test func aRecordIsOneMaskedLineOfJSON() throws {
        let line = try #require(JSONLogHandler.line(
            level: .warning, label: "kaiku", message: "email delivery failed: 550 maija.meikalainen@example.fi unknown",
            source: "KaikuApp", metadata: ["error": "rejected 131052-308T, call 040 123 4567", "message": "01a2"],
            at: Date(timeIntervalSince1970: 0)))
        let text = try #require(String(data: line, encoding: .utf8))
        #expect(text.hasSuffix("\n") && text.dropLast().split(separator: "\n").count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(object["level"] as? String == "warning" && object["time"] as? String == "1970-01-01T00:00:00.000Z")
        for secret in ["maija.meikalainen@example.fi", "131052-308T", "040 123 4567"] { #expect(!text.contains(secret)) }
        #expect((object["metadata"] as? [String: String])?["message"] == "01a2")
    }
}
