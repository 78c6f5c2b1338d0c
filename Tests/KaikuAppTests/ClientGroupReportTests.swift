import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import Testing

/// Reports by who answered, by version and by help (issue 28), and the language rows a county offers.
@Suite struct ClientGroupReportTests {
    static func answer(_ world: UseCaseWorld, at node: OrgNode, _ count: Int, language: Language = .fi,
                       background: SurveyRepository.Background) async throws {
        let surveys = SurveyRepository(world.database.sql)
        let national = try #require(try await surveys.survey(code: NationalSurvey.code))
        let version = try #require(try await surveys.latestVersion(surveyID: national.id))
        let items = (0..<count).map { n in
            (response: SurveyRepository.NewResponse(surveyID: national.id, versionID: version.id, node: node, channel: .qr, language: language,
                                                     background: background, submissionKey: nil),
             answers: ["thl.nps": AnswerValue.number(5 + n % 6)])
        }
        let now = world.clock.now()
        _ = try await world.database.transaction { db in try await SurveyRepository(db).insertBatch(items, now: now) }
    }

    /// A history's batch is written in several statements: each within PostgreSQL's 65,535 bound
    /// values (a response has sixteen since issue 28; `kaiku demo` writes 5,000 at a time).
    @Test func aBatchLargerThanOneStatementIsStoredWhole() async throws {
        try await UseCaseWorld.with { world in
            let unit = try await world.node("ESIM-U022")
            let national = try #require(try await SurveyRepository(world.database.sql).survey(code: NationalSurvey.code))
            let before = try await SurveyRepository(world.database.sql).responseCount(surveyID: national.id)
            try await Self.answer(world, at: unit, 5_000, background: .init(respondent: .customer, variant: .easy, assistance: .assisted))
            #expect(try await SurveyRepository(world.database.sql).responseCount(surveyID: national.id) == before + 5_000)
        }
    }

    @Test func figuresBreakDownByWhoAnsweredVersionAndHelpAndOfferedLanguagesOnly() async throws {
        try await UseCaseWorld.with { world in
            let unit = try await world.node("ESIM-U022")
            let now = world.clock.now()
            let today = CalendarDay(now)
            let lastMonth = CalendarDay(year: today.year, month: today.month, day: 1)!.addingMonths(-1)
            world.clock.set(lastMonth.adding(days: 4).start.addingTimeInterval(12 * 3600))
            try await Self.answer(world, at: unit, 6, background: .init(respondent: .relative, variant: .easy))
            try await Self.answer(world, at: unit, 7, background: .init(respondent: .customer, assistance: .assisted))
            try await Self.answer(world, at: unit, 5, language: Language(rawValue: "se")!, background: .init(respondent: .customer))
            world.clock.set(now)
            let period = try #require(ReportPeriod(code: String(lastMonth.description.prefix(7))))
            func groups(_ dimension: ReportDimension, offered: [Language]? = nil) async throws -> [String: Int] {
                let reports = Reports(database: world.database, today: today, offeredLanguages: offered)
                let summary = try await reports.summary(surveyCode: NationalSurvey.code, nodeCode: unit.code, period: period,
                                                        by: .dimension(dimension), reader: .commandLine)
                return Dictionary(uniqueKeysWithValues: summary.groups.map { ($0.key, $0.suppressed ? -1 : $0.responses) })
            }
            #expect(try await groups(.respondent) == ["customer": 12, "relative": 6, "guardian": 0, "staff": 0, "": 0])
            #expect(try await groups(.variant) == ["standard": 12, "easy": 6, "child": 0])
            #expect(try await groups(.assistance) == ["independent": 11, "assisted": 7])
            // The language rows are the offered languages', decided by configuration: a county
            // without North Sámi has no row for it, one with it does, and "other" only with another language.
            #expect(try await groups(.language, offered: Language.shipped).keys.sorted() == ["en", "fi", "sv"])
            #expect(try await groups(.language, offered: Language.shipped + [Language(rawValue: "se")!]) == ["fi": 13, "sv": 0, "en": 0, "se": 5])
            #expect(try await groups(.language, offered: Language.shipped + [Language(rawValue: "qaa")!]).keys.sorted() == ["", "en", "fi", "sv"])
            #expect(try await groups(.language).count == 7)  // every row, as the command line shows them
        }
    }
}
