import Foundation
@testable import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import Testing

/// Reading a subtree's sizes at once (the attention list) must decide exactly what reading them
/// family by family decides, or the list could show what a unit's own report hides.
@Suite struct PlanPrefetchTests {
    @Test func aPrefetchedPlanDecidesAsOneReadFamilyByFamily() async throws {
        try await UseCaseWorld.with { world in
            let units = ["ESIM-U001", "ESIM-U002", "ESIM-U003", "ESIM-U006"]
            for (index, code) in units.enumerated() {
                let unit = try await world.node(code)
                for month in 1...3 {
                    world.clock.set(CalendarDay(year: 2026, month: month, day: 10)!.start.addingTimeInterval(43_200))
                    try await ReportingUseCaseTests.answer(world, at: unit, nps: Array(repeating: 8, count: (index * 3 + month) % 9))
                }
            }
            world.clock.set(CalendarDay("2026-04-02")!.start.addingTimeInterval(43_200))
            let today = CalendarDay(world.clock.now())
            let survey = try #require(try await SurveyRepository(world.database.sql).survey(code: NationalSurvey.code))
            let root = try await world.node("ESIM")
            let nodes = [root] + (try await OrgRepository(world.database.sql).nodes(within: [root.path])).filter { $0.id != root.id }
            let one = DisclosurePlan(database: world.database, surveyID: survey.id, rule: .standard, today: today)
            let all = DisclosurePlan(database: world.database, surveyID: survey.id, rule: .standard, today: today)
            try await all.prefetch(within: root, years: [2026], buckets: [(.channel, Rollups.responsesKey)])
            for code in ["2026-01", "2026-02", "2026-03", "2026-Q1"] {
                let period = try #require(ReportPeriod(code: code))
                for node in nodes {
                    for table in [DisclosurePlan.Table.responses, .question("thl.nps"), .dimension(.channel)] {
                        let expected = try await one.hidden(table, node: node, period: period)
                        #expect(try await all.hidden(table, node: node, period: period) == expected, "\(code) \(node.code) \(table)")
                    }
                }
            }
        }
    }
}
