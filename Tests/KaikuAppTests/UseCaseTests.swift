import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import SQLKit
import Testing

/// The use cases called directly, without HTTP, on SQLite and (in `make test`) PostgreSQL, with
/// the demo county loaded.
struct UseCaseWorld {
    let database: KaikuDatabase
    let clock: ManualClock
    let catalog: Catalog

    static func with(_ body: (UseCaseWorld) async throws -> Void) async throws {
        try await TestDatabase.with { database in
            let clock = ManualClock(TestDatabase.start)
            _ = try await DemoLoader(database: database, passwords: PasswordHasher(cost: 4), clock: clock).load()
            let catalog = Catalog(strings: Dictionary(uniqueKeysWithValues: Language.shipped.map { ($0, [String: String]()) }))
            try await body(UseCaseWorld(database: database, clock: clock, catalog: catalog))
        }
    }

    func node(_ code: String) async throws -> OrgNode { try #require(try await OrgRepository(database.sql).node(code: code)) }
    func user(_ email: String) async throws -> User { try #require(try await UserRepository(database.sql).find(email: email)) }
    /// The person as the web would pass them to a use case: their id, address and grants.
    func actor(_ email: String) async throws -> Actor {
        let user = try await user(email)
        return Actor(id: user.id, email: email, policy: AccessPolicy(grants: try await UserRepository(database.sql).grants(userID: user.id).map(\.grant)))
    }
    func outbox() async throws -> [OutboxRepository.Message] { try await OutboxRepository(database.sql).recent(within: nil, limit: 1000) }
    func audit(_ action: AuditAction) async throws -> [AuditEntry] { try await AuditRepository(database.sql).list(.init(action: action.rawValue)) }
}

extension Actor {
    /// The same person with other grants.
    func with(_ policy: AccessPolicy) -> Actor { Actor(id: id, email: email, ip: ip, policy: policy) }
}

@Suite struct SurveyRequestUseCaseTests {
    @Test func submitAcceptAndNoticesKeyedByTheDecision() async throws {
        try await UseCaseWorld.with { world in
            let requests = SurveyRequests(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
            let staff = try await world.user("henkilosto@esimerkkila.fi")
            var draft = DemoCounty.surveyRequest(today: CalendarDay(world.clock.now())).draft
            draft.unitCode = "ESIM-U006"  // outside the requester's scope
            await #expect(throws: Refused("area_error_node", ["code": "ESIM-U006"])) {
                try await requests.submit(draft, resubmitting: nil, by: try await world.actor(staff.email))
            }
            draft.unitCode = "ESIM-U002"
            let mailBefore = try await world.outbox().count
            let id = try await requests.submit(draft, resubmitting: nil, by: try await world.actor(staff.email))
            // The county admin (admin of everything above the unit) is told by a link.
            let notices = try await world.outbox().filter { $0.recipient == "paakayttaja@esimerkkila.fi" }
            #expect(try await world.outbox().count == mailBefore + 1 && notices.count == 1)
            let surveyID = try #require(try await requests.accept(requestID: id, by: try await world.actor("paakayttaja@esimerkkila.fi")))
            let survey = try #require(try await SurveyRepository(world.database.sql).survey(id: surveyID))
            // The survey is made as the designer makes one: audited (the architecture issue).
            #expect(try await world.audit(.surveyChanged).contains { $0.targetID == surveyID && $0.detail.hasPrefix("created ") })
            let unitPath = try await world.node("ESIM-U002").path
            #expect(survey.kind == .shortTerm && survey.status == .draft && survey.ownerPath == unitPath)
            #expect(try await SurveyRepository(world.database.sql).targetIDs(surveyID: surveyID) == [try await world.node("ESIM-U002").id])
            // Deciding again changes nothing and mails nobody.
            #expect(try await requests.accept(requestID: id, by: try await world.actor("paakayttaja@esimerkkila.fi")) == nil)
            #expect(try await world.outbox().filter { $0.recipient == staff.email }.count == 1)
            #expect(try await world.audit(.surveyRequestDecided).count == 1)
        }
    }
}

@Suite struct NotifierTests {
    @Test func theSameEventQueuesOneMessage() async throws {
        try await UseCaseWorld.with { world in
            let notice = Notice(to: "a@example.fi", subject: "S", body: "B", audience: .staff, scopePath: nil, event: "case-event:1")
            let notifier = Notifier(world.database.sql)
            let before = try await world.outbox().count
            try await notifier.send(notice, now: world.clock.now())
            world.clock.advance(by: 60)
            try await notifier.send(notice, now: world.clock.now())
            #expect(try await world.outbox().count == before + 1)
            try await notifier.send(Notice(to: "b@example.fi", subject: "S", body: "B", audience: .staff, scopePath: nil, event: "case-event:1"),
                                    now: world.clock.now())
            #expect(try await world.outbox().count == before + 2)
        }
    }
}

@Suite struct CaseHandlingUseCaseTests {
    @Test func aTransferNotifiesTheNewHandlersOnceAndAuditsIt() async throws {
        try await UseCaseWorld.with { world in
            let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
            let area = try #require(try await ServiceAreaRepository(world.database.sql).list().first { $0.code == "terveysasemat" })
            let c = try await feedback.submit(FeedbackSubmission(serviceAreaID: area.id, unitID: try await world.node("ESIM-U002").id, kind: .idea,
                                                                 text: "Pidemmät aukioloajat.", wantsReply: false, email: "", phone: "", language: .fi),
                                              submissionKey: nil)
            let handler = try await world.actor("kasittelija@esimerkkila.fi")
            await #expect(throws: FeedbackService.ActionError.invalid("case_error_note")) {
                try await feedback.perform(.transferToUnit(code: "ESIM-U001", note: ""), on: c.id, by: handler)
            }
            try await feedback.perform(.transferToUnit(code: "ESIM-U001", note: "Kuuluu Keskustaan"), on: c.id, by: handler)
            let moved = try #require(try await FeedbackRepository(world.database.sql).find(id: c.id))
            let u001 = try await world.node("ESIM-U001")
            #expect(moved.targetNodeID == u001.id && moved.status == .new)
            // kasittelija2 handles both units: one notice of the new case and one of the transfer.
            let notices = try await world.outbox().filter { $0.recipient == "kasittelija2@esimerkkila.fi" }
            #expect(notices.count == 2)
            #expect(try await world.audit(.feedbackHandled).map(\.detail) == ["transfer_unit ESIM-U001"])
            // A system actor cannot handle a case.
            await #expect(throws: OutOfReach()) {
                try await feedback.perform(.take, on: c.id, by: .system)
            }
        }
    }
}

@Suite struct UserAdministrationUseCaseTests {
    @Test func grantCreatesOnceAndDeactivationEndsSessions() async throws {
        try await UseCaseWorld.with { world in
            let users = UserAdministration(database: world.database, passwords: PasswordHasher(cost: 4), clock: world.clock)
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            let county = try await world.node("ESIM")
            let countyAdmin = Actor(id: admin.id, email: admin.email, policy: AccessPolicy(grants: [Grant(role: .admin, scopeNodeID: county.id, scopePath: county.path)]))
            let first = try await users.create(email: "Uusi@Esimerkkila.fi", name: "Uusi", role: "handler", scopeCode: "ESIM-U002", by: countyAdmin)
            #expect(first.isNew && first.oneTimePassword != nil && first.user.email == "uusi@esimerkkila.fi")
            // The same address again: refused (a person gets more roles with addGrant), nothing written.
            await #expect(throws: Refused("user_error_exists")) {
                try await users.create(email: "uusi@esimerkkila.fi", name: "Uusi", role: "reporter", scopeCode: "ESIM-U002", by: countyAdmin)
            }
            try await users.addGrant(userID: first.user.id, role: "reporter", scopeCode: "ESIM-U002", by: countyAdmin)
            #expect(try await UserRepository(world.database.sql).grants(userID: first.user.id).count == 2)
            _ = try await SessionRepository(world.database.sql).create(userID: first.user.id, now: world.clock.now(), lifetime: 3600)
            try await users.update(userID: first.user.id, name: "Uusi", isActive: false, by: countyAdmin)
            #expect(try await world.database.sql.raw("SELECT user_id FROM sessions WHERE user_id = \(bind: first.user.id)").all().isEmpty)
            #expect(try await world.audit(.userCreated).count >= 1)
            #expect(try await world.audit(.userUpdated).count == 1)
        }
    }

    /// The architecture issue: the rules lived in the admin pages; `UserAdministration` had no
    /// guard, so the command line and any new caller skipped them. Now the use case refuses.
    @Test func theRulesAndTheReachAreTheUseCases() async throws {
        try await UseCaseWorld.with { world in
            let users = UserAdministration(database: world.database, passwords: PasswordHasher(cost: 4), clock: world.clock)
            let unit = try await world.node("ESIM-U006")
            let unitAdmin = Actor(id: "unit-admin", email: "unit-admin", policy: AccessPolicy(grants: [Grant(role: .admin, scopeNodeID: unit.id, scopePath: unit.path)]))
            await #expect(throws: Refused([.init("user_error_email"), .init("user_error_name"), .init("user_error_role"), .init("user_error_scope")])) {
                try await users.create(email: "ei-osoite", name: "", role: "king", scopeCode: "EI-OLE", by: unitAdmin)
            }
            // A node outside the unit admin's reach, and a person they do not manage.
            await #expect(throws: Refused("user_error_scope")) {
                try await users.create(email: "x@esimerkkila.fi", name: "X", role: "handler", scopeCode: "ESIM-U002", by: unitAdmin)
            }
            let director = try await world.user(DemoCounty.director)
            await #expect(throws: OutOfReach()) {
                try await users.update(userID: director.id, name: "Joku", isActive: false, by: unitAdmin)
            }
            // Nobody deactivates themselves or drops their own admin role.
            let me = try await users.create(email: "itse@esimerkkila.fi", name: "Itse", role: "admin", scopeCode: "ESIM-U006", by: .commandLine)
            let mine = Actor(id: me.user.id, email: me.user.email, policy: AccessPolicy(grants: [Grant(role: .admin, scopeNodeID: unit.id, scopePath: unit.path)]))
            await #expect(throws: Refused("user_error_self_deactivate")) {
                try await users.update(userID: me.user.id, name: "Itse", isActive: false, by: mine)
            }
            let grant = try #require(try await UserRepository(world.database.sql).grants(userID: me.user.id).first)
            await #expect(throws: Refused("user_error_self_admin")) { try await users.removeGrant(grant.id, from: me.user.id, by: mine) }
        }
    }
}

@Suite struct OrganisationSyncUseCaseTests {
    @Test func aDryRunChangesNothing() async throws {
        try await UseCaseWorld.with { world in
            let sync = OrganisationSync(database: world.database, clock: world.clock)
            let existing = try await OrgRepository(world.database.sql).all().map(\.spec)
            guard case .success(let rows) = OrgImport.read(OrgImport.csv(existing.filter { $0.level != .servicePoint })) else {
                Issue.record("the export did not read back")
                return
            }
            let plan = try await sync.sync(rows, dryRun: true, by: .commandLine)
            #expect(!plan.closes.isEmpty)  // the service points missing from the file would close
            #expect(try await OrgRepository(world.database.sql).all().map(\.spec) == existing)
            #expect(try await world.audit(.orgImported).isEmpty)
        }
    }
}

@Suite struct ApiKeyUseCaseTests {
    /// The architecture issue: keys were made and revoked through the repository, unaudited.
    @Test func keysAreMadeAndRevokedWithAnAuditEntryAndBadInputChangesNothing() async throws {
        try await UseCaseWorld.with { world in
            let keys = ApiKeys(database: world.database, clock: world.clock)
            let before = try await ApiKeyRepository(world.database.sql).list().count
            await #expect(throws: Refused("report_error_node", ["code": "EI-OLE"])) {
                try await keys.create(name: "ivr", scopeCodes: ["EI-OLE"], surveyCodes: [NationalSurvey.code], by: .commandLine)
            }
            await #expect(throws: Refused("apikey_error_reach")) { try await keys.create(name: "ivr", scopeCodes: [], surveyCodes: [], by: .commandLine) }
            #expect(try await ApiKeyRepository(world.database.sql).list().count == before)
            let key = try await keys.create(name: "ivr", scopeCodes: ["ESIM"], surveyCodes: [NationalSurvey.code], by: .commandLine)
            #expect(!key.isEmpty)
            try await keys.revoke(name: "ivr", by: .commandLine)
            #expect(try await world.audit(.apiKeyCreated).map(\.targetID) == ["ivr"])
            #expect(try await world.audit(.apiKeyRevoked).map(\.targetID) == ["ivr"])
        }
    }
}

@Suite struct SurveyPublishingUseCaseTests {
    /// The architecture issue: `publish` only set the status; a new caller would publish with no
    /// scope, readiness or overlap check. Now the use case checks all three itself.
    @Test func publishingChecksScopeReadinessAndOverlapsItself() async throws {
        try await UseCaseWorld.with { world in
            let designing = SurveyDesigning(database: world.database, clock: world.clock)
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            let county = try await world.node("ESIM")
            let countyAdmin = AccessPolicy(grants: [Grant(role: .admin, scopeNodeID: county.id, scopePath: county.path)])
            let unit = try await world.node("ESIM-U006"), otherUnit = try await world.node("ESIM-U002")
            let unitAdmin = AccessPolicy(grants: [Grant(role: .admin, scopeNodeID: unit.id, scopePath: unit.path)])
            let today = CalendarDay(world.clock.now())
            let settings = SurveyRepository.Settings(name: LocalizedText(fi: "Kysely", sv: "Enkät", en: "Survey"), audience: .all, channels: [.sms],
                                                     startsOn: today, endsOn: today.adding(days: 30), onePerPage: false)
            let id = try await designing.create(code: "lyhyt", kind: .shortTerm, settings: settings, by: admin)
            try await designing.saveQuestions(surveyID: id, SurveyDefinition(questions: [
                Question(key: "nps", type: .nps, text: LocalizedText(fi: "a", sv: "a", en: "a"), isRequired: true)]), detail: "q", by: admin)
            // Not ready: no units.
            await #expect(throws: Refused([.init("designer_error_not_ready"), .init("designer_problem_no_targets")])) {
                try await designing.publish(surveyID: id, confirmingOverlaps: true, by: admin.with(countyAdmin))
            }
            // Units the admin does not reach, and a date that is none: refused.
            var draft = SurveyDesigning.SettingsDraft(name: settings.name, audience: .all, channels: [.sms], startsOn: today.description,
                                                      endsOn: "31.2.2026", onePerPage: false, smsContactTypes: [], targetCodes: otherUnit.code)
            await #expect(throws: Refused([.init("designer_error_date"), .init("area_error_node", ["code": otherUnit.code])])) {
                try await designing.saveSettings(surveyID: id, draft, by: admin.with(unitAdmin))
            }
            draft.endsOn = today.adding(days: 30).description
            try await designing.saveSettings(surveyID: id, draft, by: admin.with(countyAdmin))
            // Out of the unit admin's reach: refused like a missing survey.
            await #expect(throws: OutOfReach()) {
                try await designing.publish(surveyID: id, confirmingOverlaps: true, by: admin.with(unitAdmin))
            }
            // The national survey reaches everyone by SMS at the unit: confirmed or refused.
            await #expect(throws: Refused("designer_error_overlap")) {
                try await designing.publish(surveyID: id, confirmingOverlaps: false, by: admin.with(countyAdmin))
            }
            #expect(try await SurveyRepository(world.database.sql).survey(id: id)?.status == .draft)
            try await designing.publish(surveyID: id, confirmingOverlaps: true, by: admin.with(countyAdmin))
            #expect(try await SurveyRepository(world.database.sql).survey(id: id)?.status == .published)
            #expect(try await world.audit(.surveyChanged).contains { $0.targetID == id && $0.detail.hasPrefix("published despite") })
        }
    }
}

@Suite struct WidgetAnswerUseCaseTests {
    /// The architecture issue: the widget's checks, hourly limit and writes lived in its route,
    /// the count and the answer in two writes outside a transaction.
    @Test func widgetAnswersAreCheckedLimitedAndStoredTogether() async throws {
        try await UseCaseWorld.with { world in
            let widget = WidgetAnswers(database: world.database, clock: world.clock)
            func record(page: String = "https://www.esimerkkila.fi/hammashoito?id=123", unit: String? = "ESIM-U002", comment: String = "",
                        origins: [String] = ["https://www.esimerkkila.fi"]) async throws -> Bool {
                try await widget.record(page: page, found: true, comment: comment, unitCode: unit, areaCode: nil, language: .fi, origins: origins,
                                        rateKey: "198.51.100.7")
            }
            #expect(try await record(unit: "EI-OLE") == false)
            #expect(try await record(page: "https://muu.example/sivu") == false)
            #expect(try await record(comment: String(repeating: "a", count: WidgetAnswers.maxComment + 1)) == false)
            #expect(try await WidgetRepository(world.database.sql).summary().isEmpty)
            for _ in 0..<WidgetAnswers.perHour { #expect(try await record()) }
            #expect(try await record() == false)
            let pages = try await WidgetRepository(world.database.sql).summary()
            // The page without its query: it may carry personal data.
            #expect(pages.count == 1 && pages[0].pageURL == "https://www.esimerkkila.fi/hammashoito")
        }
    }
}

@Suite struct FeedbackSpamUseCaseTests {
    /// The architecture issue: the form's hourly count was read before and written after the
    /// submitting transaction, by the route. Now the use case decides and counts in one transaction.
    @Test func theSpamDefenceAndTheHourlyCountAreTheUseCases() async throws {
        try await UseCaseWorld.with { world in
            let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
            let area = try #require(try await ServiceAreaRepository(world.database.sql).list().first { $0.code == "terveysasemat" })
            let unit = try await world.node("ESIM-U002")
            func send(_ honeypot: String = "", shown: Date? = nil) async throws -> FeedbackCase {
                try await feedback.submit(FeedbackSubmission(serviceAreaID: area.id, unitID: unit.id, kind: .idea, text: "Pidemmät aukioloajat.",
                                                             wantsReply: false, email: "", phone: "", language: .fi),
                                          submissionKey: nil,
                                          sender: .init(honeypot: honeypot, formShownAt: shown ?? world.clock.now().addingTimeInterval(-60), rateKey: "203.0.113.9"))
            }
            struct Count: Decodable { let n: Int }
            func cases() async throws -> Int { try await world.database.sql.raw("SELECT COUNT(*) AS n FROM feedback_cases").first(decoding: Count.self)?.n ?? 0 }
            let before = try await cases()
            await #expect(throws: FeedbackService.Failure.refused(.bot)) { _ = try await send("http://spam.example") }
            await #expect(throws: FeedbackService.Failure.refused(.tooFast)) { _ = try await send(shown: world.clock.now()) }
            for _ in 0..<SpamDefence().perAddressPerHour { _ = try await send() }
            await #expect(throws: FeedbackService.Failure.refused(.rateLimited)) { _ = try await send() }
            #expect(try await cases() == before + SpamDefence().perAddressPerHour)
        }
    }
}

@Suite struct OrganisationEditUseCaseTests {
    /// The architecture issue: the node rules lived in the admin page's route.
    @Test func nodeRulesAndReachAreCheckedBySave() async throws {
        try await UseCaseWorld.with { world in
            let sync = OrganisationSync(database: world.database, clock: world.clock)
            let actor = try await world.actor("paakayttaja@esimerkkila.fi")
            let unit = try await world.node("ESIM-U006"), area = try #require(try await OrgRepository(world.database.sql).node(id: unit.parentID ?? ""))
            let unitAdmin = AccessPolicy(grants: [Grant(role: .admin, scopeNodeID: unit.id, scopePath: unit.path)])
            let areaAdmin = AccessPolicy(grants: [Grant(role: .admin, scopeNodeID: area.id, scopePath: area.path)])
            let spec = OrgNodeSpec(code: "ESIM-P999", parentCode: unit.code, level: .servicePoint, name: LocalizedText(fi: "Uusi piste"))
            // Another unit's node: refused like a missing one.
            let other = try await world.node("ESIM-U002")
            await #expect(throws: Refused("org_error_not_found")) {
                try await sync.save(other.spec, parentCode: other.parentID == nil ? "" : area.code, existingID: other.id, by: actor.with(unitAdmin))
            }
            // A code in use, and a new root by a scoped admin.
            await #expect(throws: Refused([.init("org_error_duplicate_code")])) {
                try await sync.save(OrgNodeSpec(code: "ESIM-U002", parentCode: unit.code, level: .servicePoint, name: LocalizedText(fi: "X")),
                                    parentCode: unit.code, existingID: nil, by: actor.with(unitAdmin))
            }
            await #expect(throws: Refused("org_error_root_scope")) {
                try await sync.save(OrgNodeSpec(code: "UUSI", parentCode: nil, level: .county, name: LocalizedText(fi: "Uusi")), parentCode: "",
                                    existingID: nil, by: actor.with(areaAdmin))
            }
            let id = try await sync.save(spec, parentCode: unit.code, existingID: nil, by: actor.with(unitAdmin))
            #expect(try await world.audit(.orgNodeCreated).contains { $0.targetID == id })
        }
    }
}

@Suite struct KioskUseCaseTests {
    /// The architecture issue: the kiosk rules lived in the admin page's route.
    @Test func aKioskIsRegisteredOnlyWhereTheAdminReachesAndTheSurveyRuns() async throws {
        try await UseCaseWorld.with { world in
            let kiosks = Kiosks(database: world.database, clock: world.clock)
            let actor = try await world.actor("paakayttaja@esimerkkila.fi")
            let unit = try await world.node("ESIM-U006")
            let unitAdmin = AccessPolicy(grants: [Grant(role: .admin, scopeNodeID: unit.id, scopePath: unit.path)])
            for (name, unitCode, survey) in [("", "ESIM-U006", NationalSurvey.code), ("Aula", "ESIM-U002", NationalSurvey.code), ("Aula", "ESIM-U006", "ei-ole")] {
                await #expect(throws: Refused("kiosk_error")) {
                    try await kiosks.register(name: name, unitCode: unitCode, surveyCode: survey, by: actor.with(unitAdmin))
                }
            }
            let token = try await kiosks.register(name: "Aula", unitCode: "ESIM-U006", surveyCode: NationalSurvey.code, by: actor.with(unitAdmin))
            #expect(!token.isEmpty)
        }
    }
}

@Suite struct CountySettingsUseCaseTests {
    /// The architecture issue: service area and phrase validation lived in the admin page's route,
    /// with a literal 1…90 beside `CountySettings.promiseDays`.
    @Test func areasAndPhrasesAreValidatedByTheUseCase() async throws {
        try await UseCaseWorld.with { world in
            let settings = CountySettings(database: world.database, clock: world.clock)
            let actor = try await world.actor("paakayttaja@esimerkkila.fi")
            let before = try await ServiceAreaRepository(world.database.sql).list().count
            let draft = CountySettings.AreaDraft(name: LocalizedText(fi: ""), help: LocalizedText(fi: ""), promiseDays: "91", isActive: true,
                                                 nodeCodes: "ESIM-U002 EI-OLE")
            await #expect(throws: Refused([.init("org_error_name"), .init("area_error_days"), .init("area_error_node", ["code": "EI-OLE"])])) {
                try await settings.saveArea(draft, id: nil, by: actor)
            }
            // County-level: a unit's admin is refused before anything is read.
            let unit = try await world.node("ESIM-U006")
            await #expect(throws: OutOfReach()) {
                try await settings.saveArea(draft, id: nil, by: actor.with(AccessPolicy(grants: [Grant(role: .admin, scopeNodeID: unit.id, scopePath: unit.path)])))
            }
            await #expect(throws: Refused("phrase_error")) {
                try await settings.savePhrase(title: "Kiitos", body: LocalizedText(fi: "Kiitos palautteesta."), isActive: true, id: nil, by: actor)
            }
            #expect(try await ServiceAreaRepository(world.database.sql).list().count == before)
        }
    }
}

@Suite struct QuestionEditUseCaseTests {
    /// The architecture issue: the designer's question rules lived in its route.
    @Test func questionEditsFollowTheDesignRulesWhoeverCalls() async throws {
        try await UseCaseWorld.with { world in
            let designing = SurveyDesigning(database: world.database, clock: world.clock)
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            let settings = SurveyRepository.Settings(name: LocalizedText(fi: "K", sv: "K", en: "K"), audience: .all, channels: [.qr],
                                                     startsOn: nil, endsOn: nil, onePerPage: false)
            let id = try await designing.create(code: "kysymykset", kind: .shortTerm, settings: settings, by: admin)
            let first = try await designing.addQuestion(surveyID: id, type: .singleChoice, by: admin)
            await #expect(throws: Refused("designer_error_options")) {
                try await designing.editQuestion(surveyID: id, key: first, .change(text: LocalizedText(fi: "a", sv: "a", en: "a"), options: "ei kelpaa", isRequired: false,
                                                                              conditionOn: "", conditionMinimum: "", conditionMaximum: "",
                                                                              confirmingNational: false), by: admin)
            }
            await #expect(throws: Refused("designer_error_not_found")) { try await designing.editQuestion(surveyID: id, key: "ei-ole", .move(up: false), by: admin) }
            try await designing.editQuestion(surveyID: id, key: first, .change(text: LocalizedText(fi: "a", sv: "a", en: "a"), options: "k|Kyllä|Ja|Yes\ne|Ei|Nej|No", isRequired: true,
                                                                          conditionOn: "", conditionMinimum: "", conditionMaximum: "",
                                                                          confirmingNational: false), by: admin)
            #expect(try await SurveyRepository(world.database.sql).latestVersion(surveyID: id)?.definition.question(first)?.options.count == 2)
        }
    }
}

@Suite struct PersonalLinkUseCaseTests {
    /// The architecture issue: `kaiku survey link` opened its own transaction, wrote no audit entry
    /// and built `/s/` by hand.
    @Test func linksAreMadeAuditedAndAddressedByThePublicPath() async throws {
        try await UseCaseWorld.with { world in
            let links = PersonalLinks(database: world.database, clock: world.clock)
            await #expect(throws: Refused("report_error_survey", ["code": "ei-ole"])) {
                _ = try await links.make(surveyCode: "ei-ole", unitCode: "ESIM-U002", channel: .sms, language: .fi, background: .init(), days: 14, count: 2,
                                         baseURL: "https://kaiku.test", by: .commandLine)
            }
            let made = try await links.make(surveyCode: NationalSurvey.code, unitCode: "ESIM-U002", channel: .sms, language: .fi, background: .init(),
                                            days: 14, count: 2, baseURL: "https://kaiku.test", by: .commandLine)
            #expect(made.count == 2 && made.allSatisfy { $0.hasPrefix("https://kaiku.test" + PublicPaths.personalSurvey("")) })
            #expect(try await world.audit(.surveyLinksMade).map(\.detail) == ["2 sms links at ESIM-U002"])
        }
    }
}

/// Issue 27, item 3: an admin offers a part of the organisation (all oral health units) as one
/// entry of the feedback form; its feedback goes to that part's handlers.
@Suite struct GroupedEntryTests {
    @Test func aResultAreaIsOfferedAsOneEntryAndItsHandlersGetTheFeedback() async throws {
        try await UseCaseWorld.with { world in
            let settings = CountySettings(database: world.database, clock: world.clock)
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            let sql = world.database.sql
            let area = try #require(try await ServiceAreaRepository(sql).list().first { $0.code == "suun-terveys" })
            let group = try await world.node("ESIM-TER-SUU")
            // Only the area's own parts can be grouped.
            let outside = CountySettings.AreaDraft(name: area.name, help: area.help, promiseDays: "", isActive: true, nodeCodes: "ESIM-TER-SUU",
                                                   groupCodes: "ESIM-TER-TA")
            await #expect(throws: Refused("area_error_groups", ["codes": "ESIM-TER-TA"])) { try await settings.saveArea(outside, id: area.id, by: admin) }
            var draft = outside
            draft.groupCodes = "ESIM-TER-SUU"
            try await settings.saveArea(draft, id: area.id, by: admin)
            #expect(try await settings.area(area.id, by: admin).groupCodes == ["ESIM-TER-SUU"])

            let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
            let offered = try await feedback.units(of: try await feedback.area(area.id), matching: "")
            #expect(offered.map(\.id) == [group.id])
            #expect(try await feedback.units(of: try await feedback.area(area.id), matching: "hammashoito").isEmpty)

            // A handler group for the whole of oral health: the entry's feedback is theirs.
            let user = try await UserRepository(sql).create(email: "suunterveys@esimerkkila.fi", displayName: "Suun terveys", passwordHash: "x",
                                                            mustChangePassword: false, now: world.clock.now())
            _ = try await UserRepository(sql).addGrant(userID: user.id, role: .handler, nodeID: group.id, now: world.clock.now())
            let c = try await feedback.submit(FeedbackSubmission(serviceAreaID: area.id, unitID: group.id, kind: .criticism, text: "Hammaslääkärille ei saa aikaa.",
                                                                 wantsReply: false, email: "", phone: "", language: .fi),
                                              submissionKey: nil)
            #expect(c.targetNodeID == group.id && c.handlingNodeID == group.id && !c.isTriage)
            #expect(try await world.outbox().contains { $0.recipient == "suunterveys@esimerkkila.fi" })
            // A unit under the group is no longer a choice of its own.
            let dental = try #require(try await OrgRepository(sql).search("", within: [group.path]).first { $0.level == .unit })
            await #expect(throws: FeedbackService.Failure.unknownUnit) {
                try await feedback.submit(FeedbackSubmission(serviceAreaID: area.id, unitID: dental.id, kind: .idea, text: "Aikoja iltaan.",
                                                             wantsReply: false, email: "", phone: "", language: .fi), submissionKey: nil)
            }
        }
    }
}

