import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import Testing

/// A report narrowed to one background value (issue 25, part 4) shows exactly the cells the
/// breakdowns by that value show, for the node and each child, and nothing else.
@Suite struct ReportFilterTests {
    @Test func aFilteredReportShowsTheCellsOfItsBreakdownsAndNoCrossTable() async throws {
        try await UseCaseWorld.with { world in
            let orgs = OrgRepository(world.database.sql)
            let unit = try await world.node("ESIM-U002")
            let parentID = try #require(unit.parentID)
            let area = try #require(try await orgs.node(id: parentID))
            let units = try await orgs.children(of: area.id).sorted { $0.code < $1.code }
            try #require(units.count >= 2)
            // Answers of last month, which has ended: the plan decides ended months.
            let now = world.clock.now()
            let today = CalendarDay(now)
            let lastMonth = CalendarDay(year: today.year, month: today.month, day: 1)!.addingMonths(-1)
            world.clock.set(lastMonth.adding(days: 9).start.addingTimeInterval(12 * 3600))
            try await ReportingUseCaseTests.answer(world, at: units[0], nps: [10, 10, 9, 9, 8, 3, 10], ageBand: .age65to74)
            try await ReportingUseCaseTests.answer(world, at: units[0], nps: [5, 6, 7, 8, 9, 10], ageBand: .age30to39)
            try await ReportingUseCaseTests.answer(world, at: units[1], nps: [10, 2], ageBand: .age65to74)
            try await ReportingUseCaseTests.answer(world, at: units[1], nps: [9, 9, 9, 9, 9, 9], ageBand: .age30to39)
            world.clock.set(now)
            let period = try #require(ReportPeriod(code: String(lastMonth.description.prefix(7))))
            let reports = Reports(database: world.database, today: today)
            let filter = try #require(ReportFilter(code: "age_band:65-74"))
            let filtered = try await reports.summary(surveyCode: NationalSurvey.code, nodeCode: area.code, period: period, by: .childUnits,
                                                     only: filter, reader: .commandLine)
            func cell(_ node: OrgNode) async throws -> GroupResult {
                let split = try await reports.summary(surveyCode: NationalSurvey.code, nodeCode: node.code, period: period, by: .dimension(.ageBand),
                                                      reader: .commandLine)
                return try #require(split.groups.first { $0.key == "65-74" })
            }
            let areaCell = try await cell(area)
            #expect(filtered.total.responses == 9 && !filtered.total.suppressed && filtered.total.questions == areaCell.questions)
            #expect(filtered.groups.count == units.count)
            for (group, child) in zip(filtered.groups, units) {
                let expected = try await cell(child)
                #expect(group.node?.id == child.id && group.suppressed == expected.suppressed && group.questions == expected.questions)
            }
            // Two answers of the value at the second unit: hidden, as in its own breakdown.
            #expect(filtered.groups[1].suppressed)
            // Another variable's breakdown of the filtered figures is a cross table no plan decided.
            await #expect(throws: Refused("report_error_filter_breakdown")) {
                _ = try await reports.summary(surveyCode: NationalSurvey.code, nodeCode: area.code, period: period, by: .dimension(.channel),
                                              only: filter, reader: .commandLine)
            }
            // The portal's view: the previous period and the trend are of the same value.
            let view = try await reports.dashboard(surveyCode: NationalSurvey.code, nodeCode: area.code, period: period, by: nil, only: filter,
                                                   reader: .commandLine)
            #expect(view.filter == filter && view.topics.isEmpty && view.rates == nil)
            #expect(view.trend.last?.month == period.code && view.trend.last?.group.responses == 9)
            #expect(view.summary.total.questions.first { $0.question.key == "thl.nps" }?.answers == 9)
        }
    }

    @Test func onlyKnownValuesAreFilters() {
        #expect(ReportFilter(code: "channel:sms")?.code == "channel:sms")
        for bad in ["age_band:", "age_band:999", "colour:red", "age_band", ""] { #expect(ReportFilter(code: bad) == nil, "\(bad)") }
        #expect(ReportFilter.all.allSatisfy { _, filters in !filters.isEmpty })
    }
}
