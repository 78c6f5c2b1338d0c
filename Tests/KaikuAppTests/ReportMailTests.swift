import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import SQLKit
import Testing

@Suite struct ReportMailTests {
    /// Helsinki wall-clock time on a day.
    static func at(_ day: String, _ hour: Double) -> Date { CalendarDay(day)!.start.addingTimeInterval(hour * 3600) }

    @Test func reportsAreDueFromSixOnTheFirstWorkingDayForAWeek() {
        #expect(ReportMailing.dueFrequencies(now: Self.at("2026-03-02", 5.5)).isEmpty)
        #expect(ReportMailing.dueFrequencies(now: Self.at("2026-03-02", 6)) == [.month])
        #expect(ReportMailing.dueFrequencies(now: Self.at("2026-03-08", 23)) == [.month])
        #expect(ReportMailing.dueFrequencies(now: Self.at("2026-03-09", 9)).isEmpty)
        #expect(ReportMailing.dueFrequencies(now: Self.at("2026-02-27", 9)).isEmpty)
        // 1 April 2026 is a Wednesday: the month's and the quarter's; January 2027's first working day is the 4th.
        #expect(ReportMailing.dueFrequencies(now: Self.at("2026-04-01", 8)) == [.month, .quarter])
        #expect(ReportMailing.dueFrequencies(now: Self.at("2027-01-01", 8)).isEmpty)
        #expect(ReportMailing.dueFrequencies(now: Self.at("2027-01-04", 8)) == [.month, .quarter, .year])
    }

    @Test func theMonthlyJobSendsOncePerSubscriberWhoMayStillReadTheNode() async throws {
        try await UseCaseWorld.with { world in
            let catalog = try Catalog.bundled()
            let mailing = ReportMailing(database: world.database, catalog: catalog, clock: world.clock, publicURL: "https://kaiku.test")
            // Earlier answers, so the history opens 24 months before the quarter's end and 12 before the month's.
            for day in ["2024-04-10", "2025-03-10"] {
                world.clock.set(Self.at(day, 12))
                try await ReportingUseCaseTests.answer(world, at: try await world.node("ESIM-U002"), nps: [9, 9, 9, 9, 9])
            }
            world.clock.set(Self.at("2026-02-10", 12))
            try await ReportingUseCaseTests.answer(world, at: try await world.node("ESIM-U002"), nps: [10, 9, 9, 10, 3, 8, 10])
            let director = try await world.actor("johto@esimerkkila.fi")
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            try await mailing.subscribe(email: "johto@esimerkkila.fi", nodeCode: "ESIM", surveyCode: NationalSurvey.code, frequency: .month,
                                        language: .fi, by: director)
            try await mailing.subscribe(email: "johto@esimerkkila.fi", nodeCode: "ESIM-U002", surveyCode: NationalSurvey.code, frequency: .quarter,
                                        language: .en, by: admin)
            // A handler reads their unit's reports only (the unit's manager, seed 003), so cannot be
            // subscribed to the county's; a reporter cannot subscribe others.
            await #expect(throws: Refused("subscription_error_scope", ["email": "kasittelija@esimerkkila.fi", "code": "ESIM"])) {
                try await mailing.subscribe(email: "kasittelija@esimerkkila.fi", nodeCode: "ESIM", surveyCode: NationalSurvey.code, frequency: .month,
                                            language: .fi, by: admin)
            }
            // (Whoever is not an admin subscribes themself: the address asked for is ignored, and the
            // handler reads no report above their unit.) Their own unit's report they may have.
            let unitHandler = try await world.actor("kasittelija@esimerkkila.fi")
            await #expect(throws: Refused("report_error_node", ["code": "ESIM"])) {
                try await mailing.subscribe(email: "paakayttaja@esimerkkila.fi", nodeCode: "ESIM", surveyCode: NationalSurvey.code, frequency: .month,
                                            language: .fi, by: unitHandler)
            }
            try await mailing.subscribe(email: nil, nodeCode: "ESIM-U002", surveyCode: NationalSurvey.code, frequency: .month, language: .fi,
                                        by: unitHandler)
            // Someone who has since lost access gets nothing.
            let handler = try await world.user("kasittelija@esimerkkila.fi")
            let county = try await world.node("ESIM")
            let national = try #require(try await SurveyRepository(world.database.sql).survey(code: NationalSurvey.code))
            _ = try await SubscriptionRepository(world.database.sql).add(userID: handler.id, nodeID: county.id, surveyID: national.id,
                                                                         frequency: .month, language: .fi, createdBy: nil, now: world.clock.now())
            func reports() async throws -> [OutboxRepository.Message] { try await world.outbox().filter { $0.html != nil } }

            world.clock.set(Self.at("2026-02-27", 9))
            #expect(try await mailing.sendDue() == 0)
            world.clock.set(Self.at("2026-03-02", 9))
            #expect(try await mailing.sendDue() == 2)
            world.clock.set(Self.at("2026-03-03", 9))
            #expect(try await mailing.sendDue() == 2)
            let all = try await reports()
            #expect(all.count == 2 && Set(all.map(\.recipient)) == ["johto@esimerkkila.fi", "kasittelija@esimerkkila.fi"])
            let unitReport = try #require(all.first { $0.recipient == "kasittelija@esimerkkila.fi" })
            #expect(unitReport.subject.hasPrefix("Kuukausiraportti: ") && !unitReport.subject.contains("hyvinvointialue"))
            let sent = all.filter { $0.recipient == "johto@esimerkkila.fi" }
            #expect(sent[0].subject == "Kuukausiraportti: Esimerkkilän hyvinvointialue, 1.2.2026–28.2.2026")
            let html = try #require(sent[0].html)
            #expect(html.contains("<table") && html.contains("lang=\"fi\"") && !html.contains("<script"))
            // Seven answers at the county: NPS (5 promoters − 1 detractor) / 7 = 57.
            #expect(html.contains(">57<"))
            // It leads with what needs attention (issue 25), before the key figures.
            let attention = try #require(html.range(of: "Huomiota vaativat")), keyFigures = try #require(html.range(of: "Keskeiset luvut"))
            #expect(attention.lowerBound < keyFigures.lowerBound)
            #expect(sent[0].body.contains("https://kaiku.test/staff/reports?node=ESIM&survey=thl-national&period=month"))
            // The month's history: a year of months, drawn as table cells (mail clients drop SVG).
            #expect(html.contains("12 kuukautta") && html.contains("role=\"presentation\"") && !html.contains("<svg"))

            // April: the month's report again, and the quarter's for the unit, in English, with its open cases.
            try await TestCases.handled(world.database, at: "ESIM-U002", .criticism, daysAgo: 20, answeredAfter: nil, now: Self.at("2026-04-01", 8))
            world.clock.set(Self.at("2026-04-01", 8))
            #expect(try await mailing.sendDue() == 3)
            let quarter = try #require(try await reports().first { $0.subject.hasPrefix("Quarterly report") })
            #expect(quarter.subject.contains("1.1.2026–31.3.2026"))
            // The quarter's review: two years of history, and the unit beside its result area and siblings.
            let review = try #require(quarter.html)
            #expect(review.contains("24 months") && review.contains("Comparison: the level above and the units alongside"))
            #expect(quarter.body.contains("(whole)"))
            #expect(quarter.html?.contains("Open feedback") == true && quarter.html?.contains("overdue") == true)
            #expect(try await world.audit(.reportSubscriptionChanged).count == 3)
        }
    }

    /// A unit's admin sets targets on the national survey and their own unit's surveys only:
    /// another unit's survey is refused like a missing one (disclosure control, finding 6).
    @Test func aUnitAdminCannotSetATargetOnAnotherUnitsSurvey() async throws {
        try await UseCaseWorld.with { world in
            let sql = world.database.sql
            let county = try await world.user("paakayttaja@esimerkkila.fi")
            let requests = SurveyRequests(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
            var request = DemoCounty.surveyRequest(today: CalendarDay(world.clock.now())).draft
            request.unitCode = "ESIM-U006"
            let requestID = try await requests.submit(request, resubmitting: nil, by: try await world.actor(county.email))
            let surveyID = try #require(try await requests.accept(requestID: requestID, by: try await world.actor(county.email)))
            let other = try #require(try await SurveyRepository(sql).survey(id: surveyID))
            let unitAdmin = try await UserRepository(sql).create(email: "yksikon.admin@esimerkkila.fi", displayName: "Y", passwordHash: "x",
                                                                 mustChangePassword: false, now: world.clock.now())
            _ = try await UserRepository(sql).addGrant(userID: unitAdmin.id, role: .admin, nodeID: try await world.node("ESIM-U002").id, now: world.clock.now())
            let targets = ReportTargets(database: world.database, clock: world.clock)
            let draft = ReportTargets.Draft(nodeCode: "ESIM-U002", surveyCode: other.code, questionKey: "nps", from: "2026-01-01",
                                            to: "2026-12-31", value: "1")
            await #expect(throws: Refused([.init("report_error_survey", ["code": other.code])])) {
                try await targets.set(draft, by: try await world.actor(unitAdmin.email))
            }
            #expect(try await TargetRepository(sql).all().allSatisfy { $0.surveyID != surveyID })
        }
    }

    @Test func targetsAreSetInScopeAndShownWithTheGap() async throws {
        try await UseCaseWorld.with { world in
            let targets = ReportTargets(database: world.database, clock: world.clock)
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            func draft(_ node: String, _ key: String, _ value: String, from: String = "2026-01-01") -> ReportTargets.Draft {
                ReportTargets.Draft(nodeCode: node, surveyCode: NationalSurvey.code, questionKey: key, from: from, to: "2026-12-31", value: value)
            }
            await #expect(throws: Refused([.init("target_error_value", ["low": "-100", "high": "100"])])) {
                try await targets.set(draft("ESIM", "thl.nps", "101"), by: admin)
            }
            await #expect(throws: Refused([.init("target_error_question"), .init("target_error_period")])) {
                try await targets.set(draft("ESIM", "thl.nps_reason", "3", from: "2027-01-01"), by: admin)
            }
            // Not an admin of anything: the node is refused as if it did not exist.
            let reporter = try await world.actor("johto@esimerkkila.fi")
            await #expect(throws: Refused([.init("report_error_node", ["code": "ESIM"])])) {
                try await targets.set(draft("ESIM", "thl.nps", "70"), by: reporter)
            }
            // The demo's targets for last year and this year, unchanged.
            #expect(try await TargetRepository(world.database.sql).all().map(\.value) == [65, 60])
            try await targets.set(draft("ESIM", "thl.nps", "70"), by: admin)
            try await targets.set(draft("ESIM", "thl.nps", "65,5"), by: admin)  // the same days: replaced
            #expect(try await TargetRepository(world.database.sql).all().map(\.value) == [65.5, 60])
            world.clock.set(ReportMailTests.at("2026-02-10", 12))
            try await ReportingUseCaseTests.answer(world, at: try await world.node("ESIM-U002"), nps: [10, 10, 10, 10, 10, 3])
            let period = try #require(ReportPeriod(from: CalendarDay("2026-02-01")!, to: CalendarDay("2026-02-28")!))
            let report = try await Reports(database: world.database).summary(surveyCode: NationalSurvey.code, nodeCode: "ESIM-U002", period: period,
                                                                            by: nil, reader: .commandLine)
            let applied = try #require(report.targets["thl.nps"])
            // The unit inherits the county's target: NPS (5 − 1) / 6 = 66.7, 1.2 above it.
            #expect(applied.node.code == "ESIM")
            let figure = report.total.questions.first { $0.question.key == "thl.nps" }?.figure
            #expect(abs((applied.gap(figure) ?? 0) - (400.0 / 6 - 65.5)) < 1e-9)
            let json = String(decoding: try ReportFormats.json(report), as: UTF8.self)
            #expect(json.contains("\"target\" : 65.5") && json.contains("\"gap\" : 1.17") && json.contains("\"target_node\" : \"ESIM\""))
            let listed = try await targets.list(by: admin)
            try await targets.delete(id: try #require(listed.first { $0.target.value == 65.5 }).target.id, by: admin)
            #expect(try await targets.list(by: admin).map(\.target.value) == [60])
            #expect(try await world.audit(.reportTargetChanged).count == 3)
        }
    }

    @Test func theNationalFileCountsEachValuePerUnitAndMonthAndHidesWhatSubtractionWouldReveal() async throws {
        try await UseCaseWorld.with { world in
            world.clock.set(Self.at("2026-02-10", 12))
            try await ReportingUseCaseTests.answer(world, at: try await world.node("ESIM-U002"), nps: [10, 10, 9, 8, 3, 10, 0])
            try await ReportingUseCaseTests.answer(world, at: try await world.node("ESIM-U003"), nps: [10, 9, 9, 9, 9, 9])
            try await ReportingUseCaseTests.answer(world, at: try await world.node("ESIM-U001"), nps: [1, 2])
            let export = try await Reports(database: world.database).national(months: ["2026-01", "2026-02"], reader: .commandLine)
            func row(_ month: String, _ unit: String) -> NationalExport.Row? {
                export.rows.first { $0.month == month && $0.unit.code == unit && $0.question.key == "thl.nps" }
            }
            let u002 = try #require(row("2026-02", "ESIM-U002"))
            #expect(u002.counts?["10"] == 3 && u002.counts?["0"] == 1 && u002.counts?.answers == 7)
            // The county's OID stands in for units without their own.
            #expect(u002.oid == "1.2.246.10.99999999" && u002.oidSource == "ESIM")
            // U001's two answers are hidden, and so is U003, the next smallest, which the area's total would otherwise give away.
            #expect(row("2026-02", "ESIM-U001")?.counts == nil && row("2026-02", "ESIM-U003")?.counts == nil)
            #expect(row("2026-01", "ESIM-U002")?.counts?.answers == 0)
            let csv = ExcelCSV.document(ReportFormats.table(export))
            #expect(csv.hasPrefix("\u{FEFF}month;oid;oid_source;unit_code;unit_name;question;type;n;suppressed;value_0;"))
            #expect(csv.contains("2026-02;1.2.246.10.99999999;ESIM;ESIM-U002;Rantalan terveysasema;thl.nps;nps;7;false;1;0;0;1;0;0;0;0;1;1;3;\r\n"))
            #expect(csv.contains("2026-02;1.2.246.10.99999999;ESIM;ESIM-U003;") && csv.contains("ESIM-U003;Mäkelän terveysasema;thl.nps;nps;;true;"))
            // A unit reporter's file has their unit only.
            let unit = try await world.node("ESIM-U002")
            let mine = try await Reports(database: world.database).national(
                months: ["2026-02"], reader: Actor(id: nil, email: nil, policy: AccessPolicy(grants: [Grant(role: .reporter, scopeNodeID: unit.id, scopePath: unit.path)])))
            #expect(Set(mine.rows.map(\.unit.code)) == ["ESIM-U002"])
        }
    }
}
