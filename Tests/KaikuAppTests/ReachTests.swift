import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import SQLKit
import Testing

/// The architecture issue: every use case checks the caller's scope itself, on the object it loads,
/// so that a new caller (a route, a command, an API) cannot skip it. Each use case is called here
/// directly with an actor out of scope, on both databases: refused as a missing object
/// (`OutOfReach`) or as read-only (`ReadOnly`), and nothing changes.
@Suite struct ReachTests {
    /// A case in ESIM-U002 (kasittelija's unit) and one in ESIM-U001.
    static func cases(_ world: UseCaseWorld) async throws -> (inside: FeedbackCase, outside: FeedbackCase) {
        (try await TextAnalyticsTests.submit(world, "Jonotin pitkään.", at: "ESIM-U002"),
         try await TextAnalyticsTests.submit(world, "Jonotin pitkään.", at: "ESIM-U001"))
    }

    static func count(_ world: UseCaseWorld, _ table: String) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await world.database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decoding: Count.self)?.n ?? 0
    }

    @Test func aCaseOutsideTheHandlersUnitsIsNotThere() async throws {
        try await UseCaseWorld.with { world in
            let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
            let texts = TextAnalytics(database: world.database, clock: world.clock)
            let handler = try await world.actor("kasittelija@esimerkkila.fi")  // handles ESIM-U002
            let (_, outside) = try await Self.cases(world)
            let events = try await Self.count(world, "case_events"), audit = try await Self.count(world, "audit_log")
            await #expect(throws: OutOfReach()) { try await feedback.perform(.take, on: outside.id, by: handler) }
            await #expect(throws: OutOfReach()) { _ = try await feedback.viewContact(caseID: outside.id, by: handler) }
            await #expect(throws: OutOfReach()) { _ = try await feedback.caseFile(outside.id, by: handler, analytics: texts) }
            await #expect(throws: OutOfReach()) { try await texts.correctCase(outside.id, sentiment: .positive, topics: [], by: handler) }
            await #expect(throws: OutOfReach()) { _ = try await AuditedReads(database: world.database, clock: world.clock).caseExport(caseID: outside.id, by: handler) }
            await #expect(throws: OutOfReach()) { try await feedback.perform(.take, on: "no-such-case", by: handler) }
            #expect(try await Self.count(world, "case_events") == events)
            #expect(try await Self.count(world, "audit_log") == audit)
        }
    }

    @Test func aColleagueACaseWasSharedWithReadsButDoesNotHandleIt() async throws {
        try await UseCaseWorld.with { world in
            let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
            let handler = try await world.actor("kasittelija@esimerkkila.fi")
            let colleague = try await world.actor("henkilosto@esimerkkila.fi")
            let (inside, _) = try await Self.cases(world)
            try await feedback.perform(.share(with: colleague.email ?? "", note: "Katso tämä"), on: inside.id, by: handler)
            let file = try await feedback.caseFile(inside.id, by: colleague, analytics: TextAnalytics(database: world.database, clock: world.clock))
            #expect(file.feedbackCase.id == inside.id && !file.handles)
            await #expect(throws: ReadOnly()) { try await feedback.perform(.close, on: inside.id, by: colleague) }
            await #expect(throws: ReadOnly()) { _ = try await feedback.viewContact(caseID: inside.id, by: colleague) }
            #expect(try await world.audit(.contactViewed).isEmpty)
        }
    }

    /// County-level settings and reads are for admins of a whole county: a unit's admin and a
    /// handler are refused, and nothing is written.
    @Test func countyLevelUseCasesRefuseEveryoneElse() async throws {
        try await UseCaseWorld.with { world in
            let (database, clock) = (world.database, world.clock)
            _ = try await UserAdministration(database: database, passwords: PasswordHasher(cost: 4), clock: clock)
                .create(email: "yksikko@esimerkkila.fi", name: "Yksikön pääkäyttäjä", role: "admin", scopeCode: "ESIM-U002", by: .commandLine)
            let settingsBefore = try await Self.count(world, "settings"), auditBefore = try await Self.count(world, "audit_log")
            for email in ["yksikko@esimerkkila.fi", "kasittelija@esimerkkila.fi"] {
                let actor = try await world.actor(email)
                let settings = CountySettings(database: database, clock: clock)
                await #expect(throws: OutOfReach()) { try await settings.setPromise(days: 5, retentionMonths: 12, by: actor) }
                await #expect(throws: OutOfReach()) { try await settings.setAnonymity(minimumAnswers: 5, minimumTextAnswers: 5, by: actor) }
                await #expect(throws: OutOfReach()) {
                    try await settings.savePhrase(title: "T", body: LocalizedText(fi: "a", sv: "a", en: "a"), isActive: true, id: nil, by: actor)
                }
                await #expect(throws: OutOfReach()) { try await settings.savePage(slug: "saavutettavuus", versions: [], by: actor) }
                await #expect(throws: OutOfReach()) {
                    _ = try await ApiKeys(database: database, clock: clock).create(name: "ivr", scopeCodes: ["ESIM-U002"], surveyCodes: [NationalSurvey.code], by: actor)
                }
                let dispatch = SMSDispatch(database: database, clock: clock, catalog: world.catalog, publicURL: "https://kaiku.test")
                await #expect(throws: OutOfReach()) { try await dispatch.setPolicy(try await SMSDispatch.policy(database.sql), by: actor) }
                await #expect(throws: OutOfReach()) { try await dispatch.refuse(phone: "0401234567", by: actor) }
                await #expect(throws: OutOfReach()) { _ = try await dispatch.overview(on: CalendarDay(clock.now()), by: actor) }
                let reads = AuditedReads(database: database, clock: clock)
                await #expect(throws: OutOfReach()) { _ = try await reads.audit(.init(), limit: 10, offset: 0, by: actor) }
                await #expect(throws: OutOfReach()) { _ = try await reads.auditExport(.init(), query: "", by: actor) }
            }
            #expect(try await Self.count(world, "settings") == settingsBefore)
            #expect(try await Self.count(world, "audit_log") == auditBefore)
        }
    }

    @Test func peopleKiosksRequestsAndTheTreeOutsideAnAdminsScope() async throws {
        try await UseCaseWorld.with { world in
            let (database, clock) = (world.database, world.clock)
            let users = UserAdministration(database: database, passwords: PasswordHasher(cost: 4), clock: clock)
            _ = try await users.create(email: "yksikko@esimerkkila.fi", name: "Yksikön pääkäyttäjä", role: "admin", scopeCode: "ESIM-U006", by: .commandLine)
            let unitAdmin = try await world.actor("yksikko@esimerkkila.fi")
            let director = try await world.user(DemoCounty.director)
            await #expect(throws: OutOfReach()) { _ = try await users.resetPassword(userID: director.id, by: unitAdmin) }
            await #expect(throws: OutOfReach()) { _ = try await users.person(director.id, by: unitAdmin) }
            await #expect(throws: OutOfReach()) { try await users.removeGrant("no-such-grant", from: director.id, by: unitAdmin) }
            #expect(try await users.people(by: unitAdmin).allSatisfy { $0.user.id != director.id })
            // A kiosk in another unit.
            let countyAdmin = try await world.actor("paakayttaja@esimerkkila.fi")
            let kiosks = Kiosks(database: database, clock: clock)
            _ = try await kiosks.register(name: "Aula", unitCode: "ESIM-U002", surveyCode: NationalSurvey.code, by: countyAdmin)
            let kiosk = try #require(try await kiosks.list(by: countyAdmin).kiosks.first)
            await #expect(throws: OutOfReach()) { try await kiosks.revoke(deviceID: kiosk.device.id, by: unitAdmin) }
            #expect(try await kiosks.list(by: unitAdmin).kiosks.isEmpty)
            // A survey request on another unit, and another person's request.
            let requests = SurveyRequests(database: database, catalog: world.catalog, clock: clock, publicURL: "https://kaiku.test")
            var draft = DemoCounty.surveyRequest(today: CalendarDay(clock.now())).draft
            draft.unitCode = "ESIM-U002"
            let id = try await requests.submit(draft, resubmitting: nil, by: try await world.actor("henkilosto@esimerkkila.fi"))
            await #expect(throws: OutOfReach()) { _ = try await requests.accept(requestID: id, by: unitAdmin) }
            await #expect(throws: OutOfReach()) { try await requests.returnToRequester(requestID: id, note: "Ei", by: unitAdmin) }
            await #expect(throws: OutOfReach()) { _ = try await requests.find(id, asAdmin: false, by: unitAdmin) }
            #expect(try await SurveyRequestRepository(database.sql).find(id: id)?.status == .submitted)
            // The organisation file covers the whole tree: only an admin of every root syncs it.
            await #expect(throws: ReadOnly()) { _ = try await OrganisationSync(database: database, clock: clock).sync([], dryRun: true, by: unitAdmin) }
        }
    }

    /// An integration's answers: the body's rules name each field, and a key posts only to its own
    /// units and surveys.
    @Test func integrationAnswersAreCheckedAndKeptToTheKeysReach() async throws {
        try await UseCaseWorld.with { world in
            let (database, clock) = (world.database, world.clock)
            let key = try await ApiKeys(database: database, clock: clock).create(name: "ivr", scopeCodes: ["ESIM-U002"],
                                                                                 surveyCodes: [NationalSurvey.code], by: .commandLine)
            let integration = try #require(try await ApiKeyRepository(database.sql).integration(key: key))
            let answers = IntegrationAnswers(database: database, clock: clock, catalog: world.catalog)
            let before = try await Self.count(world, "responses")
            do {
                _ = try await answers.submit(["survey": 7, "channel": "sms", "language": "xx", "answers": "no"], from: integration)
                Issue.record("bad input was stored")
            } catch let refusal as IntegrationAnswers.Refusal {
                #expect(!refusal.isOutOfReach && Set(refusal.errors.map(\.field)) == ["survey", "unit", "channel", "language", "answers"])
            }
            let body: [String: Any] = ["survey": NationalSurvey.code, "unit": "ESIM-U006", "channel": "phone", "language": "fi", "answers": ["thl.nps": 9]]
            do {
                _ = try await answers.submit(body, from: integration)
                Issue.record("an answer outside the key's units was stored")
            } catch let refusal as IntegrationAnswers.Refusal {
                #expect(refusal.isOutOfReach && refusal.errors.map(\.field) == ["survey/unit"])
            }
            #expect(try await Self.count(world, "responses") == before)
            var inside = body
            inside["unit"] = "ESIM-U002"
            #expect(try await answers.submit(inside, from: integration))
        }
    }
}
