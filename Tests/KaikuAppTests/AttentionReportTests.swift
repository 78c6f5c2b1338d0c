import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import Logging
import Testing

/// The attention list over the demo county (a year of answers), on both databases.
@Suite struct AttentionReportTests {
    static func at(_ day: String) -> Date { CalendarDay(day)!.start.addingTimeInterval(12 * 3600) }

    @Test func aUnitThatFellBelowItsTargetComesFirstWithTheSameFiguresAsItsReport() async throws {
        try await UseCaseWorld.with { world in
            let unit = try await world.node("ESIM-U002")
            // February: delighted customers; March: the same unit's customers would not recommend it.
            world.clock.set(Self.at("2026-02-10"))
            try await ReportingUseCaseTests.answer(world, at: unit, nps: Array(repeating: 10, count: 120))
            world.clock.set(Self.at("2026-03-10"))
            try await ReportingUseCaseTests.answer(world, at: unit, nps: Array(repeating: 2, count: 80) + Array(repeating: 9, count: 40))
            world.clock.set(Self.at("2026-04-02"))
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            try await ReportTargets(database: world.database, clock: world.clock).set(
                .init(nodeCode: "ESIM", surveyCode: NationalSurvey.code, questionKey: "thl.nps", from: "2026-01-01", to: "2026-12-31", value: "30"), by: admin)
            let reports = Reports(database: world.database, today: CalendarDay(world.clock.now()))
            let march = try #require(ReportPeriod(code: "2026-03"))
            let list = try await reports.attention(surveyCode: NationalSurvey.code, nodeCode: "ESIM", period: march, reader: admin)
            #expect(list.previousPeriod == ReportPeriod(code: "2026-02"))
            #expect(list.rows.first?.node.code == "ESIM" || list.rows.contains { $0.node.code == "ESIM" })
            let row = try #require(list.rows.first { $0.node.code == "ESIM-U002" })
            #expect(!row.suppressed && row.isBelowTarget && row.isFalling && row.target == 30)
            // Flagged rows come first, and the unit is among them.
            let firstUnflagged = list.rows.firstIndex { !$0.isFlagged } ?? list.rows.count
            #expect(list.rows.prefix(firstUnflagged).contains { $0.node.code == "ESIM-U002" })
            #expect(list.rows.suffix(from: firstUnflagged).allSatisfy { !$0.isFlagged })
            // The same NPS as the unit's own report.
            let summary = try await reports.summary(surveyCode: NationalSurvey.code, nodeCode: "ESIM-U002", period: march, by: nil, reader: admin)
            guard case .nps(let figure) = summary.total.questions.first(where: { $0.question.key == "thl.nps" })?.figure else {
                Issue.record("no NPS in the unit's report")
                return
            }
            #expect(row.figure == figure && row.responses == summary.total.responses)
            // Every level of the subtree, no service points, and nothing shown of a hidden node.
            #expect(Set(list.rows.map(\.node.level)).isSuperset(of: [.county, .unit]) && !list.rows.contains { $0.node.level == .servicePoint })
            #expect(list.rows.filter(\.suppressed).allSatisfy { $0.figure == nil && !$0.isFlagged })
            // JSON carries the issue's keys.
            let json = try #require(try JSONSerialization.jsonObject(with: AttentionFormats.json(list)) as? [String: Any])
            let first = try #require((json["nodes"] as? [[String: Any]])?.first)
            #expect(Set(first.keys).isSuperset(of: ["code", "name", "level", "n", "nps", "ci_low", "ci_high", "target", "gap", "previous_nps",
                                                    "change", "below_target", "falling", "suppressed", "topics"]))
        }
    }

    /// The server's warm-up makes last month's list of every survey at every root, and a reader
    /// then gets the same list as without it (only the plan's decisions were kept).
    @Test func theWarmUpMakesEveryRootsListAndChangesNoFigure() async throws {
        try await UseCaseWorld.with { world in
            world.clock.set(Self.at("2026-04-02"))
            let march = try #require(ReportPeriod(code: "2026-03"))
            let reports = Reports(database: world.database, today: CalendarDay(world.clock.now()))
            let before = try await reports.attention(surveyCode: NationalSurvey.code, nodeCode: "ESIM", period: march, reader: .commandLine)
            let useCases = UseCases(database: world.database, clock: world.clock, catalog: world.catalog, publicURL: "http://127.0.0.1")
            let surveys = try await reports.surveys(reader: .system).count
            let made = try await ReportWarmup(useCases: useCases, logger: Logger(label: "test")).warm(march)
            let roots = try await OrgRepository(world.database.sql).roots().count
            #expect(surveys > 0 && made == surveys * roots)
            let after = try await reports.attention(surveyCode: NationalSurvey.code, nodeCode: "ESIM", period: march, reader: .commandLine)
            #expect(after.rows.map(\.node.code) == before.rows.map(\.node.code) && after.rows.map(\.figure) == before.rows.map(\.figure))
        }
    }

    /// Response rates per unit and channel: answers over invitations for the node and each child.
    @Test func theUnitViewHasResponseRatesPerUnitAndChannel() async throws {
        try await UseCaseWorld.with { world in
            let unit = try await world.node("ESIM-U002")
            world.clock.set(Self.at("2026-03-10"))
            try await ReportingUseCaseTests.answer(world, at: unit, nps: Array(repeating: 9, count: 120))
            let national = try #require(try await SurveyRepository(world.database.sql).survey(code: NationalSurvey.code))
            try await ReportRepository(world.database.sql).countInvitations([
                .init(surveyID: national.id, nodePath: unit.path, day: CalendarDay("2026-03-05")!, channel: .sms, language: .fi, ageBand: nil, count: 300),
            ])
            world.clock.set(Self.at("2026-04-02"))
            let reports = Reports(database: world.database, today: CalendarDay(world.clock.now()))
            let parentID = try #require(unit.parentID)
            let parent = try #require(try await OrgRepository(world.database.sql).node(id: parentID))
            let view = try await reports.dashboard(surveyCode: NationalSurvey.code, nodeCode: parent.code, period: try #require(ReportPeriod(code: "2026-03")),
                                                   by: nil, reader: .commandLine)
            let table = try #require(view.rates)
            #expect(table.channels == [.sms] && table.rows.first?.node.code == parent.code)
            let row = try #require(table.rows.first { $0.node.code == "ESIM-U002" })
            #expect(row.rates[.sms]?.answers == 120 && row.rates[.sms]?.invitations == 300)
        }
    }

    @Test func aReaderGetsTheirOwnSubtreeOnly() async throws {
        try await UseCaseWorld.with { world in
            world.clock.set(Self.at("2026-04-02"))
            let reports = Reports(database: world.database, today: CalendarDay(world.clock.now()))
            let march = try #require(ReportPeriod(code: "2026-03"))
            let reporter = try await world.actor("raportoija@esimerkkila.fi")  // reporter of ESIM-TER-TA
            let own = try await reports.attention(surveyCode: NationalSurvey.code, nodeCode: "ESIM-TER-TA", period: march, reader: reporter)
            let top = try await world.node("ESIM-TER-TA")
            #expect(own.rows.allSatisfy { $0.node.path.hasPrefix(top.path) })
            await #expect(throws: Refused("report_error_node", ["code": "ESIM"])) {
                _ = try await reports.attention(surveyCode: NationalSurvey.code, nodeCode: "ESIM", period: march, reader: reporter)
            }
            // Days that are not a calendar period are for county admins only.
            await #expect(throws: Refused("report_error_period")) {
                _ = try await reports.attention(surveyCode: NationalSurvey.code, nodeCode: "ESIM-TER-TA",
                                                period: ReportPeriod(from: CalendarDay("2026-03-03")!, to: CalendarDay("2026-03-20")!)!, reader: reporter)
            }
        }
    }
}
