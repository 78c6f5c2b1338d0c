import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import KaikuWeb
import Logging
import NIOCore
import Synchronization
import Testing

@Suite struct SMSTests {
    /// What the gateway stub received, and whether it answers 503.
    final class StubState: Sendable {
        let requests = Mutex<[(headers: HTTPFields, body: String)]>([])
        let failing = Mutex(true)
    }

    @Test func theHTTPGatewayIsRetriedUntilTheStubRecovers() async throws {
        let state = StubState()
        let router = Router()
        router.post("/send") { request, _ -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 64 * 1024))
            state.requests.withLock { $0.append((request.headers, body)) }
            return Response(status: state.failing.withLock { $0 } ? .serviceUnavailable : .accepted)
        }
        try await Application(router: router).test(.live) { stub in
            let port = try #require(stub.port)
            try await TestDatabase.with { database in
                let clock = ManualClock(CalendarDay("2026-03-02")!.start.addingTimeInterval(11 * 3600))
                for form in [false, true] {
                    let gateway = HTTPSMSGateway(configuration: .init(url: "http://127.0.0.1:\(port)/send", authHeader: "X-API-Key: s3cret", form: form,
                                                                      sender: "Esimerkki", callbackURL: "https://kaiku.test/api/v1/sms/delivery?token=t"))
                    let sender = SMSSender(database: database, gateway: gateway, clock: clock, logger: Logger(label: "test"))
                    try await OutboxRepository(database.sql).enqueue(channel: "sms", key: "visit:\(form)", recipient: "+358401234567", subject: "",
                                                                     body: "Kiitos käynnistä! Vastaa: https://kaiku.test/s/abc €", audience: .customer,
                                                                     scopePath: nil, now: clock.now())
                    state.failing.withLock { $0 = true }
                    #expect(try await sender.deliverDue(limit: 5) == 1)
                    #expect(try await OutboxRepository(database.sql).pending() == 1)
                    state.failing.withLock { $0 = false }
                    clock.advance(by: 31)
                    #expect(try await sender.deliverDue(limit: 5) == 1)
                    #expect(try await OutboxRepository(database.sql).pending() == 0)
                    clock.advance(by: 3600)
                    #expect(try await sender.deliverDue(limit: 5) == 0)
                }
                let requests = state.requests.withLock { $0 }
                #expect(requests.count == 4)
                #expect(requests.allSatisfy { $0.headers[HTTPField.Name("X-API-Key")!] == "s3cret" })
                let json = try #require(try JSONSerialization.jsonObject(with: Data(requests[1].body.utf8)) as? [String: String])
                #expect(json["to"] == "+358401234567" && json["from"] == "Esimerkki" && json["message"]?.hasSuffix("/s/abc €") == true)
                #expect(json["callback_url"] == "https://kaiku.test/api/v1/sms/delivery?token=t" && json["reference"]?.isEmpty == false)
                #expect(requests[3].headers[.contentType] == "application/x-www-form-urlencoded")
                #expect(requests[3].body.contains("to=%2B358401234567") && requests[3].body.contains("message=Kiitos+k%C3%A4ynnist%C3%A4"))
            }
        }
    }

    func post(_ browser: Browser, _ path: String, key: String?, _ body: String) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await browser.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        return (response.status, String(buffer: response.body))
    }

    static func point(of unit: String) -> String {
        DemoCounty.nodes().first { $0.level == .servicePoint && $0.parentCode == unit }!.code
    }

    @Test func visitsComeAsJSONRecordsOrAFHIRBundleForTheKeysUnitsOnly() async throws {
        try await TestApp.with { app, browser in
            let key = try await ApiKeyRepository(app.services.database.sql).create(
                name: "apotti", scopeNodeIDs: [try await app.node("ESIM-TER-TA").id], surveyCodes: [], now: app.clock.now())
            let inside = Self.point(of: "ESIM-U002"), outside = Self.point(of: "ESIM-U006")
            func record(_ id: String, _ point: String, end: String = "2026-03-02T10:20:00+02:00") -> String {
                """
                {"visit_id": "\(id)", "person_ref": "R-\(id)", "phone": ["040 765 4321"], "birth_date": "1950-02-03", "language": "sv",
                 "service_point_code": "\(point)", "contact_type": "visit", "call_type": null, "visit_start": "2026-03-02T10:00:00+02:00",
                 "visit_end": "\(end)", "e_service_consent": true, "non_disclosure": false, "sms_opt_out": false}
                """
            }
            let body = "[\(record("J1", inside)), \(record("J2", outside)), \(record("J3", inside, end: "late"))]"
            #expect(try await post(browser, "/api/v1/visits", key: nil, body).0 == .unauthorized)
            let (status, text) = try await post(browser, "/api/v1/visits", key: key, body)
            #expect(status == .ok)
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(answer["imported"] as? Int == 1 && answer["rejected"] as? Int == 2)
            #expect(text.contains(#""field":"service_point_code""#) && text.contains(#""field":"visit_end""#) && text.contains(#""record":3"#))
            // The same again is a duplicate, not a second visit; nothing good at all is a 422.
            let repeated = try await post(browser, "/api/v1/visits", key: key, "{\"visits\": [\(record("J1", inside))]}")
            #expect(repeated.0 == .ok && repeated.1.contains(#""duplicates":["J1"]"#))
            #expect(try await post(browser, "/api/v1/visits", key: key, "[\(record("J4", outside))]").0 == .unprocessableContent)
            #expect(try await post(browser, "/api/v1/visits", key: key, "{\"nope\": 1}").0 == .badRequest)
            // Another integration's ids are its own (disclosure control, finding 6): the same id from
            // another key for its own unit is a visit of its own, neither told apart nor blocking J1.
            let other = try await ApiKeyRepository(app.services.database.sql).create(
                name: "lifecare", scopeNodeIDs: [try await app.node("ESIM-U006").id], surveyCodes: [], now: app.clock.now())
            let elsewhere = try await post(browser, "/api/v1/visits", key: other, "[\(record("J1", outside))]")
            #expect(elsewhere.0 == .ok && elsewhere.1.contains(#""imported":1"#) && elsewhere.1.contains(#""duplicates":[]"#))

            let bundle = """
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1948-06-30",
                    "telecom": [{"system": "phone", "value": "+358 40 111 2233", "use": "mobile"}, {"system": "email", "value": "a@b.fi"}],
                    "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "sv-FI"}]}, "preferred": true}],
                    "extension": [{"url": "https://kaiku.fi/fhir/StructureDefinition/e-service-consent", "valueBoolean": true}]}},
                  {"resource": {"resourceType": "Patient", "id": "p2", "meta": {"security": [{"code": "R"}]}, "birthDate": "1980-01-01",
                    "telecom": [{"system": "phone", "value": "0401112234"}]}},
                  {"resource": {"resourceType": "Encounter", "id": "e1", "status": "finished", "class": {"code": "AMB"},
                    "subject": {"reference": "urn:uuid:p1"}, "period": {"start": "2026-03-02T09:00:00+02:00", "end": "2026-03-02T09:30:00+02:00"},
                    "serviceProvider": {"identifier": {"value": "\(inside)"}}}},
                  {"resource": {"resourceType": "Encounter", "id": "e2", "status": "finished", "class": {"code": "VR"},
                    "subject": {"reference": "Patient/p2"}, "period": {"start": "2026-03-02T11:00:00+02:00", "end": "2026-03-02T11:10:00+02:00"},
                    "location": [{"location": {"identifier": {"value": "\(inside)"}}}]}},
                  {"resource": {"resourceType": "Encounter", "id": "e3", "status": "cancelled", "subject": {"reference": "Patient/p2"}}},
                  {"resource": {"resourceType": "Encounter", "id": "e4", "status": "finished", "subject": {"reference": "Patient/nobody"}}}
                ]}
                """
            let fhir = try await post(browser, "/api/v1/visits", key: key, bundle)
            #expect(fhir.0 == .ok && fhir.1.contains(#""imported":2"#) && fhir.1.contains(#""record":6"#))
            let visits = try await VisitRepository(app.services.database.sql).planned(on: CalendarDay("2026-03-03")!)
            let e1 = try #require(visits.first { $0.visit.visitID == "apotti:e1" }?.visit)
            #expect(e1.language == "sv" && e1.phones == ["+358 40 111 2233"] && e1.eServiceConsent && e1.contactType == .visit)
            let e2 = try #require(visits.first { $0.visit.visitID == "apotti:e2" }?.visit)
            #expect(e2.nonDisclosure && e2.contactType == .remote && !e2.eServiceConsent)
            #expect(try await app.audit(.visitsImported).count == 5)
        }
    }

    @Test func deliveryReportsNeedTheTokenAndRefusalsNeedNoLogin() async throws {
        try await TestApp.with(configure: { $0.smsCallbackToken = "cb-token" }) { app, browser in
            let outbox = OutboxRepository(app.services.database.sql)
            try await outbox.enqueue(channel: "sms", key: "visit:x", recipient: "+358401234567", subject: "", body: "x", audience: .customer,
                                     scopePath: nil, now: app.clock.now())
            let id = try #require(try await outbox.recent(within: nil).first { $0.channel == "sms" }?.id)
            #expect(try await post(browser, "/api/v1/sms/delivery", key: nil, #"{"reference": "\#(id)", "status": "delivered"}"#).0 == .unauthorized)
            #expect(try await post(browser, "/api/v1/sms/delivery?token=wrong", key: nil, #"{"reference": "\#(id)", "status": "delivered"}"#).0
                    == .unauthorized)
            #expect(try await post(browser, "/api/v1/sms/delivery?token=cb-token", key: nil, #"{"reference": "nope", "status": "delivered"}"#).0
                    == .notFound)
            #expect(try await post(browser, "/api/v1/sms/delivery", key: "cb-token", #"{"reference": "\#(id)", "status": "delivered"}"#).0 == .ok)

            let page = try await browser.get("/optout?lang=sv")
            #expect(page.status == .ok && page.body.contains("Avböj enkäter"))
            let bad = try await browser.post("/optout", [("phone", "09 123 456")])
            #expect(bad.status == .unprocessableContent && bad.body.contains("finskt mobilnummer"))
            let good = try await browser.post("/optout", [("phone", "+358 40 123 4567")])
            #expect(good.status == .ok && good.body.contains(#"role="status""#))
            #expect(try await SMSRepository(app.services.database.sql).refusalCount() == 1)
            // Nobody refuses surveys for a whole number range from one address.
            var statuses: [HTTPResponse.Status] = []
            for n in 0..<12 { statuses.append(try await browser.post("/optout", [("phone", "04012300\(10 + n)")]).status) }
            let refusals = try await SMSRepository(app.services.database.sql).refusalCount()
            #expect(statuses.contains(.tooManyRequests) && refusals < 12)
            #expect(try await browser.get("/o/not-a-code").status == .notFound)
            #expect(try await browser.post("/o/abcdefghijkm").status == .notFound)
            // The survey page links to the refusal.
            #expect(try await browser.get("/k/ESIM-U002/thl-national").body.contains(#"href="/optout""#))
        }
    }

    /// Issue 27, item 6: an invitation's one link opens the survey with the refusal of that number
    /// one tap away; the answers post to the token alone, so no request carries both.
    @Test func anInvitationsLinkOffersTheRefusalAndPostsAnswersToTheTokenAlone() async throws {
        try await TestApp.with { app, browser in
            let sql = app.services.database.sql
            let survey = try #require(try await SurveyRepository(sql).survey(code: NationalSurvey.code))
            let unit = try #require(try await OrgRepository(sql).node(code: "ESIM-U002"))
            let token = try await SurveyRepository(sql).createLink(surveyID: survey.id, node: unit, channel: .sms, language: .fi, background: .init(),
                                                                   expiresAt: app.clock.now().addingTimeInterval(86_400), now: app.clock.now(),
                                                                   token: SurveyToken.makeShort())
            let code = OptOutCode.make()
            try await SMSRepository(sql).createOptOutCode(code, phoneKey: "k", expiresAt: app.clock.now().addingTimeInterval(86_400))
            for _ in 0..<2 {  // the second from the page cache
                let page = try await browser.get(SMSLink.path(token: token, optOutCode: code))
                #expect(page.status == .ok && page.body.contains(#"href="/o/\#(code)""#))
                #expect(page.body.contains(#"action="/s/\#(token)""#) && !page.body.contains(#"action="/s/\#(token)\#(code)""#))
            }
            // A link of its own shows the general refusal page, not another's code.
            let other = try await SurveyRepository(sql).createLink(surveyID: survey.id, node: unit, channel: .sms, language: .fi, background: .init(),
                                                                   expiresAt: app.clock.now().addingTimeInterval(86_400), now: app.clock.now(),
                                                                   token: SurveyToken.makeShort())
            let plain = try await browser.get("/s/" + other)
            #expect(plain.status == .ok && plain.body.contains(#"href="/optout""#) && !plain.body.contains(code))
        }
    }

    @Test func theCountyAdminSeesThePlanAndEditsTheTexts() async throws {
        try await TestApp.with { app, browser in
            _ = try await app.services.smsDispatch.importVisits(VisitFile.read(Array(DemoVisits.csv(today: CalendarDay(app.clock.now())).utf8)),
                                                                source: "test", by: .commandLine)
            _ = try await browser.login("paakayttaja@esimerkkila.fi")
            let page = try await browser.get("/admin/sms")
            #expect(page.status == .ok && page.body.contains("Turvakielto") && page.body.contains("merkkiä"))
            let refused = try await browser.post("/admin/sms/texts", [("text_fi", "Vastaa pian"), ("text_sv", "{link} {optout}"), ("text_en", "{link} {optout}")])
            #expect(refused.status == .unprocessableContent && refused.body.contains("{link}"))
            #expect(try await browser.post("/admin/sms/texts", [("text_fi", "Kiitos, {unit}! {link} Kielto: {optout}"), ("text_sv", "{link} {optout}"),
                                                                ("text_en", "{link} {optout}")]).status == .seeOther)
            #expect(try await app.services.smsDispatch.texts()[.fi] == "Kiitos, {unit}! {link} Kielto: {optout}")
            // Issue 27, item 8: the development log shows Helsinki times and links one can follow.
            try await FileSMSGateway(file: app.services.configuration.smsFile)
                .send(OutgoingSMS(id: "m1", to: "+358401234567", text: "Neuvola <b>: https://kaiku.test/s/abc Kiitos"))
            let log = try await browser.get("/admin/sms/messages")
            #expect(log.status == .ok && log.body.contains(#"<a href="https://kaiku.test/s/abc">https://kaiku.test/s/abc</a>"#))
            #expect(log.body.contains("Neuvola &lt;b&gt;:") && !log.body.contains("Z</td>"))
            #expect(log.body.range(of: #"<td>\d{1,2}\.\d{1,2}\.\d{4} \d{2}\.\d{2}</td>"#, options: .regularExpression) != nil)
            #expect(try await app.audit(.smsMessagesViewed).count == 1)
        }
    }
}
