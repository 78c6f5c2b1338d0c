import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import Logging
import SQLKit
import Testing

@Suite struct SMSDispatchTests {
    /// Helsinki wall-clock time on a day.
    static func at(_ day: String, _ hour: Double) -> Date { CalendarDay(day)!.start.addingTimeInterval(hour * 3600) }

    /// The demo's service points under a unit.
    static func points(of unit: String) -> [String] {
        DemoCounty.nodes().filter { $0.level == .servicePoint && $0.parentCode == unit }.map(\.code)
    }

    /// A visits file row; `end` is Helsinki time on `day`.
    static func row(_ id: String, person: String, phone: String = "0401234567", birth: String = "1970-05-05", language: String = "fi",
                    point: String, contact: String = "visit", call: String = "", day: String, hour: Double,
                    consent: Bool = true, nonDisclosure: Bool = false) -> String {
        let end = at(day, hour)
        return [id, person, phone, birth, language, point, contact, call, Timestamp.format(end.addingTimeInterval(-900)), Timestamp.format(end),
                String(consent), String(nonDisclosure), "false"].joined(separator: ",")
    }

    static func file(_ rows: [String]) -> VisitFile.Result {
        VisitFile.read(Array(([VisitFile.columns.joined(separator: ",")] + rows).joined(separator: "\n").utf8))
    }

    static func sms(_ world: UseCaseWorld) async throws -> [OutboxRepository.Message] {
        try await world.outbox().filter { $0.channel == "sms" }
    }

    @Test func visitsAreDecidedOnTheirDayInsideTheWindowAndForgottenOnceSent() async throws {
        try await UseCaseWorld.with { world in
            let dispatch = SMSDispatch(database: world.database, clock: world.clock, catalog: world.catalog, publicURL: "https://kaiku.test")
            let health = Self.points(of: "ESIM-U002"), other = Self.points(of: "ESIM-U006")
            // Friday 27 February 2026: invitations go on Monday 2 March.
            let friday = [
                Self.row("A1", person: "P1", point: health[0], day: "2026-02-27", hour: 9),
                Self.row("A2", person: "P1", phone: "040 123 4567", point: health[1], day: "2026-02-27", hour: 15),  // later the same day
                Self.row("A3", person: "P2", phone: "+358501112222", language: "sv", point: other[0], day: "2026-02-27", hour: 10),
                Self.row("A4", person: "P3", phone: "0501112223", point: health[0], day: "2026-02-27", hour: 11, nonDisclosure: true),
                Self.row("A5", person: "P4", phone: "0501112224", birth: "2012-01-01", point: health[0], day: "2026-02-27", hour: 11),
                Self.row("A6", person: "P5", phone: "0501112225", point: health[0], contact: "phone", call: "callback", day: "2026-02-27", hour: 12),
                Self.row("A7", person: "P6", phone: "0501112226", point: "999999", day: "2026-02-27", hour: 12),
                "A8,P7,0401,1970-01-01,fi,\(health[0]),visit,,yesterday,2026-02-27T10:00:00+02:00,true,false,false",
            ]
            let actor = Actor.commandLine
            let first = try await dispatch.importVisits(Self.file(friday), source: "test", by: actor)
            #expect(first.imported == 7 && first.duplicates.isEmpty)
            #expect(first.problems == [VisitFile.Problem(line: 9, field: "visit_start", message: "must be an ISO 8601 time with an offset, e.g. 2026-11-23T14:05:00+02:00")])
            // Importing again changes nothing.
            let again = try await dispatch.importVisits(Self.file(Array(friday.prefix(7))), source: "test", by: actor)
            #expect(again.imported == 0 && again.duplicates.count == 7)

            // Monday before ten: outside the window, nothing is decided.
            world.clock.set(Self.at("2026-03-02", 9.5))
            #expect(try await dispatch.run() == SMSDispatch.RunSummary())
            #expect(try await VisitRepository(world.database.sql).personalDataRemaining() == 7)
            world.clock.set(Self.at("2026-03-02", 10.5))
            let summary = try await dispatch.run()
            #expect(summary.sent == 3)
            #expect(summary.excluded == [.notLastVisitOfDay: 1, .nonDisclosure: 1, .underAge: 1, .noActiveSurvey: 1])
            // Decided visits keep nothing that identifies the person.
            #expect(try await VisitRepository(world.database.sql).personalDataRemaining() == 0)
            #expect(try await dispatch.run().sent == 0)

            let messages = try await Self.sms(world)
            #expect(messages.count == 3)
            let swedish = try #require(messages.first { $0.recipient == "+358501112222" })
            // One SMS part, naming the unit, with one link that carries the refusal too.
            #expect(swedish.body.contains(": tack för besöket!") && swedish.body.contains("https://kaiku.test/s/")
                    && !swedish.body.contains("/o/") && SMSLength(swedish.body).segments == 1)
            // The phone contact gets the phone-service survey, the visit the national one; each
            // invitation counts toward its survey's response rate.
            let national = try #require(try await SurveyRepository(world.database.sql).survey(code: NationalSurvey.code))
            let phone = try #require(try await SurveyRepository(world.database.sql).survey(code: PhoneServiceSurvey.code))
            let county = try await world.node("ESIM")
            let day = CalendarDay("2026-03-02")!
            let invited = try await ReportRepository(world.database.sql).invitations(surveyID: national.id, nodeID: county.id, from: day, to: day)
            #expect(invited[.sms] == 2)
            #expect(try await ReportRepository(world.database.sql).invitations(surveyID: phone.id, nodeID: county.id, from: day, to: day)[.sms] == 1)
            // The day's plan is what was decided: the exclusions by visit, the invitations only counted.
            let decided = try await dispatch.plan(on: day)
            #expect(decided.filter { $0.outcome == .sent(day: day) }.map(\.visitID) == ["", "", ""])
            #expect(Set(decided.compactMap { if case .exclude = $0.outcome { $0.visitID } else { nil } }) == ["A1", "A4", "A5", "A7"])

            // The gateway is down: nothing is lost, and it is sent once it is back; then the number and link are gone.
            let gateway = RecordingSMSGateway()
            gateway.failing = true
            let sender = SMSSender(database: world.database, gateway: gateway, clock: world.clock, logger: Logger(label: "test"))
            // The first failure ends the round: the others wait for its retry, untried.
            #expect(try await sender.deliverDue(limit: 10) == 1)
            let waiting = try await Self.sms(world)
            #expect(waiting.allSatisfy { $0.sentAt == nil } && waiting.filter { $0.lastError != nil }.count == 1)
            gateway.failing = false
            #expect(try await sender.deliverDue(limit: 10) == 0)  // backing off
            world.clock.advance(by: 60)
            #expect(try await sender.deliverDue(limit: 10) == 3)
            #expect(gateway.sent.count == 3 && Set(gateway.sent.map(\.to)).count == 3)
            world.clock.advance(by: 3600)
            #expect(try await sender.deliverDue(limit: 10) == 0)  // nothing twice
            let after = try await Self.sms(world)
            #expect(after.allSatisfy { $0.sentAt != nil && $0.body.isEmpty && !$0.recipient.contains("+358") })
            // Outside the window nothing is handed over even when due.
            _ = try await OutboxRepository(world.database.sql).enqueue(channel: "sms", key: "late", recipient: "+358401112233", subject: "",
                                                                       body: "x", audience: .customer, scopePath: nil, now: world.clock.now())
            world.clock.set(Self.at("2026-03-02", 19))
            #expect(try await sender.deliverDue() == 0)
        }
    }

    @Test func thirtyDaysAcrossUnitsRefusalsAndThePurge() async throws {
        try await UseCaseWorld.with { world in
            let dispatch = SMSDispatch(database: world.database, clock: world.clock, catalog: world.catalog, publicURL: "https://kaiku.test")
            let health = Self.points(of: "ESIM-U002"), other = Self.points(of: "ESIM-U006")
            _ = try await dispatch.importVisits(Self.file([
                Self.row("B1", person: "Q1", point: health[0], day: "2026-02-27", hour: 9),
                Self.row("B2", person: "Q2", phone: "0409998877", point: health[0], day: "2026-02-27", hour: 9),
            ]), source: "test", by: .commandLine)
            world.clock.set(Self.at("2026-03-02", 12))
            #expect(try await dispatch.run().sent == 2)
            // Q1 visits another unit the same Monday: not again within 30 days, whichever unit.
            // Q2 refuses by the message's link; a new visit with that number is excluded.
            let message = try #require(try await Self.sms(world).first { $0.recipient == "+358409998877" })
            let segment = String(try #require(message.body.components(separatedBy: "/s/").last).prefix(SurveyToken.shortLength + OptOutCode.length))
            let code = try #require(SMSLink.split(segment)).optOutCode
            #expect(try await dispatch.refuse(optOutCode: code))
            #expect(try await dispatch.refuse(optOutCode: "aaaaaaaaaaaa") == false)
            _ = try await dispatch.importVisits(Self.file([
                Self.row("B3", person: "Q1", point: other[0], day: "2026-03-02", hour: 14),
                Self.row("B4", person: "Q9", phone: "+358 40 999 8877", point: other[0], day: "2026-03-02", hour: 14),
                Self.row("B5", person: "Q10", phone: "0401231231", point: other[0], day: "2026-03-02", hour: 14),
            ]), source: "test", by: .commandLine)
            // A caller's refusal recorded by staff; a landline cannot be refused.
            try await dispatch.refuse(phone: "040 123 1231", by: try await world.actor("paakayttaja@esimerkkila.fi"))
            await #expect(throws: Refused("sms_error_phone")) { try await dispatch.refuse(phone: "09 123 4567", by: nil) }
            let plan = try await dispatch.plan(on: CalendarDay("2026-03-03")!)
            #expect(Dictionary(uniqueKeysWithValues: plan.map { ($0.visitID, $0.outcome) })
                    == ["B3": .exclude(.recentlySurveyed), "B4": .exclude(.optedOut), "B5": .exclude(.optedOut)])
            // Raw visits go after the retention period.
            world.clock.advance(by: 15 * 86_400)
            try await dispatch.purge()
            #expect(try await dispatch.plan(on: CalendarDay("2026-03-02")!).isEmpty)
            #expect(try await world.audit(.smsRefusalRecorded).count == 1)
        }
    }

    /// Nothing in the database joins an SMS answer to its visit (disclosure control, finding 5):
    /// once decided, no visit id of an invitation is kept, nor any background value beside a visit
    /// id or its key; the invitation's outbox row names neither the visit nor the number; texts
    /// are dated to the day. A visit imported again after its decision is still skipped.
    @Test func anAnswerCannotBeJoinedToItsVisit() async throws {
        try await UseCaseWorld.with { world in
            let sql = world.database.sql
            let dispatch = SMSDispatch(database: world.database, clock: world.clock, catalog: world.catalog, publicURL: "https://kaiku.test")
            let health = Self.points(of: "ESIM-U002")
            let rows = [
                Self.row("VISIT-7781", person: "R1", phone: "0405550101", birth: "1952-03-04", point: health[0], day: "2026-02-27", hour: 9),
                Self.row("VISIT-7782", person: "R2", phone: "0405550102", birth: "1990-07-08", language: "sv", point: health[0], day: "2026-02-27", hour: 10),
                Self.row("VISIT-7783", person: "R3", phone: "0405550103", point: health[0], day: "2026-02-27", hour: 11, nonDisclosure: true),
            ]
            _ = try await dispatch.importVisits(Self.file(rows), source: "test", by: .commandLine)
            world.clock.set(Self.at("2026-03-02", 10.5))
            #expect(try await dispatch.run().sent == 2)
            let sender = SMSSender(database: world.database, gateway: RecordingSMSGateway(), clock: world.clock, logger: Logger(label: "test"))
            #expect(try await sender.deliverDue(limit: 10) == 2)
            // Someone answers from a link, with a comment that is analysed.
            let message = try #require(try await Self.sms(world).first)
            #expect(message.body.isEmpty)
            world.clock.advance(by: 1_234)
            let surveys = SurveyRepository(sql)
            let national = try #require(try await surveys.survey(code: NationalSurvey.code))
            let version = try #require(try await surveys.latestVersion(surveyID: national.id))
            let response = SurveyRepository.NewResponse(surveyID: national.id, versionID: version.id, node: try await world.node(health[0]),
                                                        channel: .sms, language: .fi, background: .init(ageBand: .age65to74), submissionKey: nil)
            let now = world.clock.now()
            _ = try await world.database.transaction { db in
                try await SurveyRepository(db).insertBatch([(response: response, answers: ["thl.nps": .number(9), "thl.nps_reason": .text("Hoitaja oli ystävällinen.")])],
                                                           now: now)
            }
            try await TextAnalytics(database: world.database, clock: world.clock).analysePending()

            // Every text column of every table: the sent visits' ids appear nowhere, nor does any phone number.
            let tables = try await sql.raw(SQLQueryString(world.database.kind == .sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")).all()
                .map { try $0.decode(column: "name", as: String.self) }
            var found: [String] = []
            for table in tables {
                for row in try await sql.raw("SELECT * FROM \(ident: table)").all() {
                    for column in row.allColumns {
                        guard let value = try? row.decode(column: column, as: String.self) else { continue }
                        for secret in ["VISIT-7781", "VISIT-7782", "0405550101", "405550102", "1952-03-04"] where value.contains(secret) {
                            found.append("\(table).\(column)")
                        }
                    }
                }
            }
            #expect(found == [])
            // What is kept of the decisions: keys, days and the exclusion's id; nothing an answer also has.
            let decisions = try await sql.raw("SELECT * FROM visit_decisions").all()
            #expect(decisions.count == 3 && Set(decisions.flatMap(\.allColumns)) == ["visit_key", "visit_ref", "send_on", "status", "reason", "decided_on"])
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM visits").first()?.decode(column: "n", as: Int.self) == 0)
            // Analyses are dated to the day.
            for row in try await sql.raw("SELECT analysed_at FROM text_analyses").all() {
                let stamp = try #require(Timestamp.parse(try row.decode(column: "analysed_at", as: String.self)))
                #expect(stamp == CalendarDay(stamp).start)
            }
            // Importing the same visits again is still skipped, and nothing is sent twice.
            let again = try await dispatch.importVisits(Self.file(rows), source: "test", by: .commandLine)
            #expect(again.imported == 0 && again.duplicates.count == 3)
            #expect(try await dispatch.run().sent == 0)
        }
    }

    /// Issue 27, item 7: a mental health clinic's invitation names the county, not the clinic,
    /// until the admin allows the name; the admin's list shows the units concerned.
    @Test func aSensitiveUnitIsNotNamedOnTheLockScreenUnlessTheAdminAllowsIt() async throws {
        try await UseCaseWorld.with { world in
            let dispatch = SMSDispatch(database: world.database, clock: world.clock, catalog: world.catalog, publicURL: "https://kaiku.test")
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            let clinic = Self.points(of: "ESIM-U026"), health = Self.points(of: "ESIM-U002")
            _ = try await dispatch.importVisits(Self.file([
                Self.row("M1", person: "P1", phone: "0401110001", point: clinic[0], day: "2026-02-27", hour: 9),
                Self.row("M2", person: "P2", phone: "0401110002", point: health[0], day: "2026-02-27", hour: 9),
            ]), source: "test", by: .commandLine)
            world.clock.set(Self.at("2026-03-02", 12))
            #expect(try await dispatch.run().sent == 2)
            let messages = try await Self.sms(world)
            // The message names the service point where the visit was.
            let clinicName = try await world.node(clinic[0]).name.fi, healthName = try await world.node(health[0]).name.fi
            let toClinic = try #require(messages.first { $0.recipient == "+358401110001" }).body
            #expect(toClinic.hasPrefix("Esimerkkilän hyvinvointialue: ") && !toClinic.contains(clinicName) && !toClinic.contains("mielenterveys"))
            #expect(try #require(messages.first { $0.recipient == "+358401110002" }).body.hasPrefix(healthName + ": "))
            let listed = try await dispatch.unitNaming(by: admin)
            // The admin's list names the top of each sensitive subtree, not every unit under it.
            #expect(listed.contains { $0.node.code == "ESIM-SOS-MTP" && !$0.byDefault && $0.choice == nil })
            #expect(!listed.contains { $0.node.code == "ESIM-U026" } && !listed.contains { $0.node.code == "ESIM-U002" })

            // The admin allows the clinic's name; a later invitation names it, and the choice is audited.
            try await dispatch.setUnitNaming(code: "ESIM-U026", namesUnit: true, by: admin)
            await #expect(throws: Refused("sms_error_naming_unit")) { try await dispatch.setUnitNaming(code: "NOPE", namesUnit: true, by: admin) }
            await #expect(throws: OutOfReach.self) {
                try await dispatch.setUnitNaming(code: "ESIM-U026", namesUnit: false, by: try await world.actor("kasittelija@esimerkkila.fi"))
            }
            _ = try await dispatch.importVisits(Self.file([Self.row("M3", person: "P3", phone: "0401110003", point: clinic[0], day: "2026-03-02", hour: 9)]),
                                                source: "test", by: .commandLine)
            world.clock.set(Self.at("2026-03-03", 12))
            #expect(try await dispatch.run().sent == 1)
            #expect(try await Self.sms(world).first { $0.recipient == "+358401110003" }?.body.hasPrefix(clinicName + ": ") == true)
            #expect(try await dispatch.unitNaming(by: admin).contains { $0.node.code == "ESIM-U026" && $0.choice == true })
        }
    }

    @Test func theSendingPolicyAndTextsAreCheckedBeforeTheyAreSaved() async throws {
        try await UseCaseWorld.with { world in
            let dispatch = SMSDispatch(database: world.database, clock: world.clock, catalog: world.catalog, publicURL: "https://kaiku.test")
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            await #expect(throws: Refused("sms_error_window")) {
                try await dispatch.setPolicy(SMSPolicy(windowStart: 18 * 60, windowEnd: 10 * 60), by: admin)
            }
            await #expect(throws: Refused("sms_error_placeholders")) { try await dispatch.setText("Vastaa pian", language: .fi, by: admin) }
            // More than one part with the county's name and a real link: refused (issue 27, item 6).
            await #expect(throws: Refused("sms_error_parts")) {
                try await dispatch.setText("{unit}: kiitos käynnistä! Kerro meille, miten käynti sujui ja mitä voisimme tehdä paremmin: {link} Kiitos!",
                                           language: .fi, by: admin)
            }
            #expect(try await SMSDispatch.policy(world.database.sql) == .standard)
            try await dispatch.setPolicy(SMSPolicy(windowStart: 9 * 60, windowEnd: 20 * 60, perMinute: 100), by: admin)
            try await dispatch.setText("Kiitos, {unit}! {link} Kielto: {optout}", language: .fi, by: admin)
            #expect(try await SMSDispatch.policy(world.database.sql).windowEnd == 20 * 60)
            #expect(try await dispatch.texts()[.fi] == "Kiitos, {unit}! {link} Kielto: {optout}")
            #expect(try await dispatch.texts()[.sv] == SMSTemplate.defaults[.sv])
        }
    }
}
