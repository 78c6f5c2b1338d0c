import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import SQLKit
import Testing

/// Each repository's round trips and the rules its SQL keeps, on SQLite and PostgreSQL, on a
/// small tree: county C with units U and V.
struct StorageWorld {
    let db: KaikuDatabase
    let county: OrgNode
    let unit: OrgNode
    let other: OrgNode
    let user: User
    /// A service area over U, for cases.
    let areaID: String
    static let now = TestDatabase.start

    static func with(_ body: (StorageWorld) async throws -> Void) async throws {
        try await TestDatabase.with { db in
            let org = OrgRepository(db.sql)
            let county = try await org.insert(OrgNodeSpec(code: "C", parentCode: nil, level: .county, name: LocalizedText(fi: "Alue")), parent: nil, now: now)
            let unit = try await org.insert(OrgNodeSpec(code: "U", parentCode: "C", level: .unit, name: LocalizedText(fi: "Yksikkö")), parent: county, now: now)
            let other = try await org.insert(OrgNodeSpec(code: "V", parentCode: "C", level: .unit, name: LocalizedText(fi: "Toinen")), parent: county, now: now)
            let user = try await UserRepository(db.sql).create(email: "a@example.fi", displayName: "A", passwordHash: "x", mustChangePassword: false, now: now)
            let areaID = try await ServiceAreaRepository(db.sql).create(code: "alue", name: LocalizedText(fi: "Alue"), help: LocalizedText(fi: ""),
                                                                        promiseDays: nil, sortOrder: 1, nodeIDs: [unit.id], now: now)
            try await body(StorageWorld(db: db, county: county, unit: unit, other: other, user: user, areaID: areaID))
        }
    }
}

@Suite struct RepositoryTests {
    let now = StorageWorld.now

    @Test func rollupsAddUpAndPendingCountsAreFoldedOnce() async throws {
        try await StorageWorld.with { w in
            let reports = ReportRepository(w.db.sql)
            let day = CalendarDay(now)
            func facts(_ node: OrgNode, _ age: AgeBand?) -> ResponseFacts {
                ResponseFacts(surveyID: "s", nodePath: node.path, day: day, channel: .sms, language: .fi, ageBand: age, contactType: nil, callType: nil)
            }
            var first = Rollups.Increments()
            first.add(facts(w.unit, .age30to39), answers: ["nps": .number(10)])
            first.add(facts(w.other, nil), answers: ["nps": .number(3)])
            try await reports.add(first)
            // The same keys again add up; a deferred batch counts only once folded, and only once.
            var second = Rollups.Increments()
            second.add(facts(w.unit, .age30to39), answers: ["nps": .number(10)])
            try await reports.deferIncrements(second, now: now)
            #expect(try await reports.totals(surveyID: "s", nodeIDs: [w.unit.id], from: day, to: day)[w.unit.id]?["nps"]?["10"] == 1)
            #expect(try await reports.foldPending() == 1)
            #expect(try await reports.foldPending() == 0)
            let totals = try await reports.totals(surveyID: "s", nodeIDs: [w.county.id, w.unit.id, w.other.id], from: day, to: day)
            #expect(totals[w.county.id]?["nps"] == ValueCounts(["10": 2, "3": 1]))
            #expect(totals[w.unit.id]?[Rollups.responsesKey]?.answers == 2 && totals[w.other.id]?["nps"]?["3"] == 1)
            let month = String(day.description.prefix(7))
            let months = try await reports.monthsByNode(surveyID: "s", nodeIDs: [w.county.id, w.unit.id], months: [month])
            #expect(months[w.county.id]?[month]?["nps"]?.answers == 3 && months[w.unit.id]?[month]?["nps"]?.answers == 2)
            let ages = try await reports.breakdown(surveyID: "s", nodeID: w.county.id, dimension: .ageBand, months: [month])
            #expect(ages["30-39"]?["nps"]?["10"] == 2 && ages[""]?["nps"]?["3"] == 1)
            try await reports.countInvitation(surveyID: "s", nodePath: w.unit.path, day: day, channel: .sms, language: .fi, ageBand: nil, count: 4)
            #expect(try await reports.invitations(surveyID: "s", nodeID: w.county.id, from: day, to: day) == [.sms: 4])
            #expect(try await reports.invitations(surveyID: "s", nodeID: w.other.id, from: day, to: day).isEmpty)
        }
    }

    @Test func auditLogIsAppendOnly() async throws {
        try await StorageWorld.with { w in
            let audit = AuditRepository(w.db.sql)
            let id = try await audit.record(.login, by: Actor(id: w.user.id, email: w.user.email, ip: "192.0.2.1"), target: ("user", w.user.id), now: now)
            #expect(try await audit.list(.init(action: "login")).map(\.id) == [id])
            await #expect(throws: (any Error).self) { try await w.db.sql.raw("UPDATE audit_log SET detail = 'x'").run() }
            await #expect(throws: (any Error).self) { try await w.db.sql.raw("DELETE FROM audit_log").run() }
        }
    }

    @Test func outboxEnqueuesOnceAndLeasesDueMessages() async throws {
        try await StorageWorld.with { w in
            let outbox = OutboxRepository(w.db.sql)
            for _ in 0..<2 {
                try await outbox.enqueue(key: "k1", recipient: "a@example.fi", subject: "S", body: "B", audience: .staff, scopePath: w.unit.path, now: now)
            }
            try await outbox.enqueue(key: "k2", recipient: "b@example.fi", subject: "S", body: "B", audience: .customer, scopePath: w.other.path, now: now)
            #expect(try await outbox.pending() == 2)
            #expect(try await outbox.recent(within: [w.unit.path]).map(\.recipient) == ["a@example.fi"])
            #expect(try await outbox.recent(within: []).isEmpty)
            let kind = w.db.kind
            let leased = try await w.db.transaction { db in try await OutboxRepository(db).lease(now: now, lease: 60, limit: 10, kind: kind) }
            #expect(leased.count == 2)
            // Leased messages are not handed out again until the lease ends.
            #expect(try await w.db.transaction { db in try await OutboxRepository(db).lease(now: now, lease: 60, limit: 10, kind: kind) }.isEmpty)
            try await outbox.markSent(id: leased[0].id, now: now)
            try await outbox.markFailed(id: leased[1].id, attempts: 1, error: "down", now: now)
            #expect(try await outbox.pending() == 1)
        }
    }

    @Test func pagesPhrasesSettingsAndServiceAreas() async throws {
        try await StorageWorld.with { w in
            let pages = PageRepository(w.db.sql)
            try await pages.save(slug: "privacy", language: .sv, title: "T", body: "B", by: w.user.id, now: now)
            #expect(try await pages.page(slug: "privacy", language: .sv)?.title == "T")
            #expect(try await pages.page(slug: "privacy", language: .fi) == nil)

            let phrases = PhraseRepository(w.db.sql)
            let id = try await phrases.create(title: "Kiitos", body: LocalizedText(fi: "Kiitos"), sortOrder: 1, now: now)
            var phrase = try #require(try await phrases.list().first { $0.id == id })
            phrase.isActive = false
            try await phrases.update(phrase, now: now)
            #expect(try await phrases.list(activeOnly: true).isEmpty)

            let settings = SettingsRepository(w.db.sql)
            try await settings.set("promise_days", "5", now: now)
            try await settings.set("promise_days", "6", now: now)
            #expect(try await settings.value("promise_days") == "6")
            #expect(try await settings.secret("s", now: now) == (try await settings.secret("s", now: now)))
            try await settings.recordInHour("k", now: now)
            try await settings.recordInHour("k", now: now.addingTimeInterval(60))
            #expect(try await settings.countInHour("k", now: now) == 2)
            #expect(try await settings.countInHour("k", now: now.addingTimeInterval(3600)) == 0)

            let areas = ServiceAreaRepository(w.db.sql)
            let areaID = try await areas.create(code: "a2", name: LocalizedText(fi: "Alue"), help: LocalizedText(fi: ""), promiseDays: nil, sortOrder: 1,
                                                nodeIDs: [w.unit.id], now: now)
            var area = try #require(try await areas.find(id: areaID))
            #expect(try await areas.units(of: area, today: CalendarDay(now)).map(\.code) == ["U"])
            area.nodeIDs = [w.other.id]
            try await areas.update(area, now: now)
            #expect(try await areas.find(id: areaID)?.nodeIDs == [w.other.id])
        }
    }

    @Test func apiKeysAndKiosksAreFoundByTheirSecretsHashOnly() async throws {
        try await StorageWorld.with { w in
            let keys = ApiKeyRepository(w.db.sql)
            let key = try await keys.create(name: "ivr", scopeNodeIDs: [w.unit.id], surveyCodes: ["s"], now: now)
            let integration = try #require(try await keys.integration(key: key))
            #expect(integration.name == "ivr" && integration.scopeNodeIDs == [w.unit.id] && integration.surveyCodes == ["s"])
            #expect(try await w.db.sql.raw("SELECT key_hash FROM api_keys").first()?.decode(column: "key_hash", as: String.self) != key)
            try await keys.revoke(name: "ivr", now: now)
            #expect(try await keys.integration(key: key) == nil)

            let surveyID = "00000000-0000-7000-8000-000000000001"  // the national survey, in every database
            let kiosks = KioskRepository(w.db.sql)
            let token = try await kiosks.register(name: "Aula", nodeID: w.unit.id, surveyID: surveyID, now: now)
            let device = try #require(try await kiosks.device(token: token))
            #expect(try await kiosks.within(paths: [w.unit.path]).map(\.device.id) == [device.id])
            #expect(try await kiosks.within(paths: [w.other.path]).isEmpty)
            try await kiosks.revoke(id: device.id, now: now)
            #expect(try await kiosks.listing(id: device.id)?.device.isRevoked == true)
        }
    }

    @Test func surveyRequestsAreDecidedOnce() async throws {
        try await StorageWorld.with { w in
            let requests = SurveyRequestRepository(w.db.sql)
            var draft = DemoCounty.surveyRequest(today: CalendarDay(now)).draft
            draft.unitCode = "U"
            let id = try await requests.create(draft, node: w.unit, requestedBy: w.user.id, now: now)
            #expect(try await requests.within(paths: [w.unit.path]).map(\.id) == [id])
            #expect(try await requests.within(paths: [w.other.path]).isEmpty)
            #expect(try await requests.decide(id: id, .returned, note: "Tarkenna", surveyID: nil, by: w.user.id, now: now))
            #expect(try await !requests.decide(id: id, .accepted, note: "", surveyID: nil, by: w.user.id, now: now))
            #expect(try await requests.find(id: id)?.status == .returned)
        }
    }

    @Test func wallWidgetAndJobs() async throws {
        try await StorageWorld.with { w in
            let c = FeedbackCase(id: Identifier.make(at: now), reference: "2026-BBBBBB", serviceAreaID: w.areaID, targetNodeID: w.unit.id,
                                 handlingNodeID: w.unit.id, handlingPath: w.unit.path, isTriage: false, kind: .praise, status: .closed, source: .web,
                                 recordingChannel: nil, recordedBy: nil, language: .fi, body: "Kiitos", wantsReply: false, hasContact: false,
                                 assigneeID: nil, receivedAt: now, dueAt: now)
            _ = try await FeedbackRepository(w.db.sql).insert(c, email: "", phone: "", submissionKey: nil, now: now)
            let wall = WallRepository(w.db.sql)
            try await wall.publish(caseID: c.id, nodeID: w.unit.id, nodePath: w.unit.path, language: .fi, youSaid: "Y", weDid: "W", by: w.user.id, now: now)
            #expect(try await wall.entries(under: w.county.path).map(\.weDid) == ["W"])
            #expect(try await wall.entries(under: w.other.path).isEmpty)

            let widget = WidgetRepository(w.db.sql)
            try await widget.insert(pageURL: "https://x.fi/a", nodeID: nil, serviceAreaID: nil, found: true, comment: "", language: .fi, now: now)
            try await widget.insert(pageURL: "https://x.fi/a", nodeID: nil, serviceAreaID: nil, found: false, comment: "Soita 040 123 4567", language: .fi, now: now)
            let summary = try #require(try await widget.summary().first)
            #expect(summary.found == 1 && summary.notFound == 1)

            let jobs = JobQueue(w.db)
            try await jobs.enqueue(kind: "k", runAt: now, uniqueKey: "k:1", now: now)
            try await jobs.enqueue(kind: "k", runAt: now, uniqueKey: "k:1", now: now)
            #expect(try await jobs.pendingCount() == 1)
            let job = try #require(try await jobs.lease(worker: "w", now: now, lease: 60))
            #expect(try await jobs.lease(worker: "w2", now: now, lease: 60) == nil)
            try await jobs.complete(job, now: now)
            #expect(try await jobs.pendingCount() == 0)
        }
    }

    @Test func surveysVersionsLinksAndBursts() async throws {
        try await StorageWorld.with { w in
            let surveys = SurveyRepository(w.db.sql)
            let id = try await surveys.create(code: "s", kind: .shortTerm, settings: .init(name: LocalizedText(fi: "S"), audience: .all, channels: [.qr],
                                                                                          startsOn: nil, endsOn: nil, onePerPage: false),
                                              ownerPath: w.unit.path, now: now)
            try await surveys.setTargets(surveyID: id, nodeIDs: [w.unit.id])
            #expect(try await surveys.targetPathsBySurvey()[id] == [w.unit.path])
            let (definition, _) = SurveyDesign.adding(.yesNo, to: SurveyDefinition(questions: []))
            try await surveys.saveDefinition(surveyID: id, definition, now: now)
            #expect(try await surveys.latestVersion(surveyID: id)?.number == 1)  // no answers yet: edited in place
            try await surveys.setStatus(surveyID: id, .published, now: now)
            let survey = try #require(try await surveys.survey(id: id))
            #expect(survey.status == .published && survey.isOpen(on: CalendarDay(now)))

            let token = try await surveys.createLink(surveyID: id, nodeID: w.unit.id, channel: .sms, language: .sv, background: .init(),
                                                     expiresAt: now.addingTimeInterval(86_400), now: now)
            #expect(try await surveys.link(token: token)?.language == .sv)
            try await surveys.markUsed(token: token)
            #expect(try await surveys.link(token: token) == nil)
            #expect(try await surveys.isUsed(token: token))

            try await surveys.countBurst(surveyID: id, nodeID: w.unit.id, channel: .qr, on: CalendarDay(now))
            try await surveys.countBurst(surveyID: id, nodeID: w.unit.id, channel: .qr, on: CalendarDay(now))
            #expect(try await surveys.burstsBySurvey(since: CalendarDay(now), within: [w.county.path]) == [id: 2])
            #expect(try await surveys.burstsBySurvey(since: CalendarDay(now), within: [w.other.path]).isEmpty)
        }
    }

    @Test func casesKeepWhatIsSavedAndEraseContactsOnSchedule() async throws {
        try await StorageWorld.with { w in
            let cases = FeedbackRepository(w.db.sql)
            var c = FeedbackCase(id: Identifier.make(at: now), reference: "2026-AAAAAA", serviceAreaID: w.areaID, targetNodeID: w.unit.id,
                                 handlingNodeID: w.unit.id, handlingPath: w.unit.path, isTriage: false, kind: .idea, status: .new, source: .web,
                                 recordingChannel: nil, recordedBy: nil, language: .fi, body: "Idea", wantsReply: true, hasContact: true,
                                 assigneeID: nil, receivedAt: now, dueAt: now.addingTimeInterval(86_400))
            _ = try await cases.insert(c, email: "asiakas@example.fi", phone: "", submissionKey: "k", now: now)
            #expect(try await cases.insert(c, email: "", phone: "", submissionKey: "k", now: now).id == c.id)  // the same form twice
            // A transfer changes the unit as well as who handles it.
            c.targetNodeID = w.other.id
            c.handlingNodeID = w.other.id
            c.handlingPath = w.other.path
            try await cases.save(c, now: now)
            let saved = try #require(try await cases.find(id: c.id))
            #expect(saved.targetNodeID == w.other.id && saved.handlingPath == w.other.path)
            let event = try await cases.addEvent(caseID: c.id, kind: .transferred, actorID: w.user.id, data: "V", now: now)
            #expect(try await cases.events(caseID: c.id).map(\.id) == [event])
            #expect(try await cases.contact(caseID: c.id)?.email == "asiakas@example.fi")
            try await cases.scheduleErasure(caseID: c.id, after: now)
            #expect(try await cases.eraseDueContacts(now: now.addingTimeInterval(1)) == [c.id])
            #expect(try await cases.contact(caseID: c.id)?.isErased == true)
        }
    }
}
