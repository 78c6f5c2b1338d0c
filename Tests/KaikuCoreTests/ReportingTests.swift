import Foundation
import Testing
@testable import KaikuCore

@Suite struct ReportingTests {
    static func counts(_ pairs: [Int: Int], cantSay: Int = 0) -> ValueCounts {
        var counts = ValueCounts()
        for (value, count) in pairs { counts[String(value)] = count }
        if cantSay > 0 { counts[RollupValue.cantSay] = cantSay }
        return counts
    }

    // Hand-computed: p = promoters/n, d = detractors/n, margin = 1.96·√((p + d − (p − d)²)/n).
    @Test(arguments: [
        // 5 promoters, 3 passives, 2 detractors: p = .5, d = .2, √(.61/10) = .24698
        ([10: 3, 9: 2, 8: 2, 7: 1, 3: 2], 10, 30.0, -18.41, 78.41),
        // 60 / 30 / 10 of 100: √(.45/100) = .067082
        ([10: 60, 8: 30, 0: 10], 100, 50.0, 36.85, 63.15),
        // Everyone a promoter: no spread, the interval is the point.
        ([9: 20], 20, 100.0, 100.0, 100.0),
        // Everyone a detractor.
        ([6: 4, 0: 4], 8, -100.0, -100.0, -100.0),
    ])
    func npsAndItsInterval(pairs: [Int: Int], n: Int, nps: Double, low: Double, high: Double) throws {
        let figure = try #require(NPSFigure(Self.counts(pairs)))
        #expect(figure.n == n)
        #expect(abs(figure.nps - nps) < 0.005)
        #expect(abs(figure.ciLow - low) < 0.01)
        #expect(abs(figure.ciHigh - high) < 0.01)
        #expect(figure.promoters + figure.passives + figure.detractors == n)
    }

    @Test func feedbackFiguresCountHandlingTimeThePromiseAndEffects() {
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        func fact(_ kind: FeedbackKind, _ status: CaseStatus, answeredAfterDays: Double?, _ effects: [FeedbackEffect] = [],
                  wantsReply: Bool = true) -> CaseFacts {
            CaseFacts(handlingNodeID: "u", handlingPath: "/c/u/", serviceAreaID: "a", kind: kind, status: status, wantsReply: wantsReply,
                      receivedAt: start, dueAt: start.addingTimeInterval(7 * 86_400),
                      answeredAt: answeredAfterDays.map { start.addingTimeInterval($0 * 86_400) }, effects: effects, effectDescription: "")
        }
        let facts = [
            fact(.praise, .closed, answeredAfterDays: 1, [.strengthenedPractice]),
            fact(.criticism, .answered, answeredAfterDays: 3, [.changedPractice, .training]),
            fact(.criticism, .closed, answeredAfterDays: 9, [.changedPractice]),
            fact(.idea, .inProgress, answeredAfterDays: nil),  // open, past its due date below
            fact(.question, .new, answeredAfterDays: nil),
            fact(.question, .closed, answeredAfterDays: nil),  // closed without the reply it asked for
            fact(.praise, .closed, answeredAfterDays: nil, wantsReply: false),  // no reply asked for: outside the promise
        ]
        let figures = FeedbackFigures.make(Array(facts.prefix(4)) + facts.suffix(2), now: start.addingTimeInterval(8 * 86_400))
        #expect(figures.cases == 6 && figures.byKind[.criticism] == 2 && figures.byKind[.question] == 1)
        #expect(figures.open == 1 && figures.openOverdue == 1 && figures.awaitingReplyOverdue == 1)
        #expect(figures.answeredOnTime == 2 && figures.answeredLate == 1)
        #expect(figures.closedWithoutReply == 1 && figures.noReplyRequested == 1)
        // On time 2 of (2 + 1 late + 1 waiting past its due time + 1 closed without a reply); closing answers nothing.
        #expect(figures.promiseAdherence == 40)
        #expect(figures.medianHandlingDays == 3)
        #expect(abs((figures.meanHandlingDays ?? 0) - 13.0 / 3) < 1e-9)
        #expect(figures.casesWithEffects == 3 && figures.effects[.changedPractice] == 2)
        #expect(abs((figures.effectShare(.changedPractice) ?? 0) - 200.0 / 3) < 1e-9)
        #expect(figures.effectShare(.noAction) == 0)
        // An even number of answered cases: the median is the mean of the middle two.
        let even = FeedbackFigures.make(Array(facts.prefix(2)) + [facts[4]], now: start)
        #expect(even.medianHandlingDays == 2 && even.openOverdue == 0 && even.promiseAdherence == 100)
        #expect(FeedbackFigures.make([], now: start).promiseAdherence == nil)
        #expect(FeedbackFigures.make([facts[6]], now: start).promiseAdherence == nil)
    }

    @Test(arguments: [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2038, "2038-04-25"), (2285, "2285-03-22")])
    func easterByTheGregorianComputus(year: Int, easter: String) {
        #expect(FinnishCalendar.easter(year).description == easter)
    }

    @Test func workingDaysSkipWeekendsAndWeekdayHolidays() {
        let holidays = FinnishCalendar.holidays(2026).map(\.description).sorted()
        #expect(holidays == ["2026-01-01", "2026-01-06", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-06-19",
                             "2026-12-06", "2026-12-24", "2026-12-25", "2026-12-26"])
        // 1 January 2027 is a Friday holiday, then a weekend: reports go out on Monday the 4th.
        #expect(FinnishCalendar.firstWorkingDay(ofMonthOf: CalendarDay("2027-01-20")!).description == "2027-01-04")
        #expect(FinnishCalendar.firstWorkingDay(ofMonthOf: CalendarDay("2026-05-31")!).description == "2026-05-04")
        #expect(FinnishCalendar.firstWorkingDay(ofMonthOf: CalendarDay("2026-12-01")!).description == "2026-12-01")
        #expect(FinnishCalendar.weekday(CalendarDay("2026-11-24")!) == 2)
    }

    @Test func targetsComeFromTheNodeOrItsNearestAncestorCoveringThePeriodsEnd() {
        func target(_ id: String, _ node: String, _ key: String, _ from: String, _ to: String, _ value: Double) -> ReportTarget {
            ReportTarget(id: id, nodeID: node, surveyID: "s", questionKey: key, startsOn: CalendarDay(from)!, endsOn: CalendarDay(to)!, value: value)
        }
        let targets = [
            target("county", "c", "nps", "2026-01-01", "2026-12-31", 60),
            target("unit", "u", "nps", "2026-01-01", "2026-06-30", 75),
            target("area", "a", "smooth", "2026-01-01", "2026-12-31", 4.2),
            target("area-later", "a", "smooth", "2026-07-01", "2026-12-31", 4.4),
            target("elsewhere", "x", "nps", "2026-01-01", "2026-12-31", 99),
        ]
        let path = ["c", "a", "u"]
        let spring = ReportTarget.applicable(targets, pathIDs: path, on: CalendarDay("2026-03-31")!)
        #expect(spring["nps"]?.id == "unit" && spring["smooth"]?.id == "area")
        let autumn = ReportTarget.applicable(targets, pathIDs: path, on: CalendarDay("2026-09-30")!)
        #expect(autumn["nps"]?.id == "county" && autumn["smooth"]?.id == "area-later")
        #expect(ReportTarget.applicable(targets, pathIDs: path, on: CalendarDay("2027-01-31")!).isEmpty)
        #expect(ReportTarget.range(for: .nps) == -100...100 && ReportTarget.range(for: .freeText) == nil)
    }

    @Test func npsOfNoAnswersIsNoFigure() {
        #expect(NPSFigure(ValueCounts()) == nil)
    }

    @Test func scaleMeanAndTopTwoLeaveCantSayOut() throws {
        let figure = try #require(ScaleFigure(Self.counts([5: 2, 4: 1, 2: 1], cantSay: 3), scale: 1...5))
        #expect(figure.n == 4)
        #expect(figure.distribution == [0, 1, 0, 1, 2])
        #expect(figure.mean == 4.0)
        #expect(figure.topShare == 75)
        #expect(figure.cantSay == 3)
        let smiley = try #require(ScaleFigure(Self.counts([3: 1, 2: 3]), scale: 1...3))
        #expect(smiley.topShare == 25)
    }

    @Test func yesShareExcludesCantSay() {
        let figure = YesNoFigure(Self.counts([1: 3, 0: 1], cantSay: 6))
        #expect(figure.yesShare == 75)
        #expect(figure.n == 4)
        #expect(figure.cantSay == 6)
        #expect(YesNoFigure(Self.counts([:], cantSay: 2)).yesShare == nil)
    }

    @Test func multipleChoiceSharesAreOfRespondents() {
        var counts = ValueCounts()
        for code in RollupValue.codes(.choices(["wait", "staff"])) + RollupValue.codes(.choices(["wait"])) { counts[code] += 1 }
        let figure = ChoiceFigure(counts, optionKeys: ["wait", "staff", "other"])
        #expect(figure.n == 2)
        #expect(figure.options.map(\.count) == [2, 1, 0])
        #expect(figure.options.map(\.share) == [100, 50, 0])
    }

    // MARK: Anonymity

    @Test(arguments: [
        ([10, 12, 20], Set<Int>(), Set<Int>()),
        // One small part: the total minus the rest would show it, so the next smallest goes too.
        ([10, 3, 12], [], [0, 1]),
        // Two small parts that together make a big enough group: the pair may be derived, not either.
        ([10, 3, 2, 12], [], [1, 2]),
        // 2 + 2 is still too small: a third part is hidden.
        ([10, 2, 2, 12], [], [0, 1, 2]),
        // Answers given at the parent itself are never a row; 3 of them would be derivable.
        ([20, 25, 3], [2], [0, 2]),
        // Empty parts reveal nobody and stay.
        ([0, 7, 8], [], []),
        ([0, 4, 8], [], [1, 2]),
    ] as [([Int], Set<Int>, Set<Int>)])
    func smallGroupsAndTheirComplementsAreHidden(sizes: [Int], alwaysHidden: Set<Int>, expected: Set<Int>) {
        #expect(AnonymityRule.standard.hidden(sizes: sizes, alwaysHidden: alwaysHidden) == expected)
    }

    @Test func hiddenPartsAlwaysAddUpToAGroupThatMayBeShown() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let sizes = (0..<Int.random(in: 1...8, using: &generator)).map { _ in Int.random(in: 0...12, using: &generator) }
            let hidden = AnonymityRule.standard.hidden(sizes: sizes)
            let hiddenTotal = hidden.reduce(0) { $0 + sizes[$1] }
            let shown = sizes.indices.filter { !hidden.contains($0) }
            #expect(shown.allSatisfy { sizes[$0] == 0 || sizes[$0] >= 5 })
            #expect(hiddenTotal == 0 || hiddenTotal >= 5 || shown.allSatisfy { sizes[$0] == 0 }, "\(sizes) → \(hidden)")
        }
    }

    @Test func textsNeedALargerGroup() {
        let rule = AnonymityRule(minimumAnswers: 5, minimumTextAnswers: 3)
        #expect(rule.minimumTextAnswers == 5)
        #expect(AnonymityRule.standard.allowsTexts(answers: 9) == false)
        #expect(AnonymityRule.standard.allowsFigures(answers: 5))
    }

    // MARK: Periods

    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    @Test func lastPeriodsAndTheirPrevious() {
        let today = Self.day("2026-11-24")
        let month = ReportPeriod.last(.month, before: today)
        #expect((month.from, month.to) == (Self.day("2026-10-01"), Self.day("2026-10-31")))
        #expect((month.previous.from, month.previous.to) == (Self.day("2026-09-01"), Self.day("2026-09-30")))
        let quarter = ReportPeriod.last(.quarter, before: today)
        #expect((quarter.from, quarter.to) == (Self.day("2026-07-01"), Self.day("2026-09-30")))
        #expect((quarter.previous.from, quarter.previous.to) == (Self.day("2026-04-01"), Self.day("2026-06-30")))
        let year = ReportPeriod.last(.year, before: Self.day("2026-01-05"))
        #expect((year.from, year.to) == (Self.day("2025-01-01"), Self.day("2025-12-31")))
        #expect(year.trendMonths.first == "2025-01" && year.trendMonths.last == "2025-12" && year.trendMonths.count == 12)
        let custom = ReportPeriod(from: Self.day("2026-03-10"), to: Self.day("2026-03-19"))!
        #expect(custom.days == 10)
        #expect((custom.previous.from, custom.previous.to) == (Self.day("2026-02-28"), Self.day("2026-03-09")))
    }

    @Test func wholeAndPartialMonths() {
        let period = ReportPeriod(from: Self.day("2026-03-10"), to: Self.day("2026-05-31"))!
        #expect(period.months == ["2026-03", "2026-04", "2026-05"])
        #expect(period.wholeMonths == ["2026-04", "2026-05"])
        #expect(Self.day("2026-01-31").addingMonths(1) == Self.day("2026-02-28"))
        #expect(Self.day("2024-03-31").addingMonths(-1) == Self.day("2024-02-29"))
        #expect(ReportPeriod(from: Self.day("2026-03-10"), to: Self.day("2026-03-09")) == nil)
    }

    // MARK: Rollups

    @Test func aResponseCountsAtEveryNodeOnItsPathOncePerKey() {
        let facts = ResponseFacts(surveyID: "s", nodePath: "/county/unit/", day: Self.day("2026-04-02"), channel: .sms, language: .fi,
                                  ageBand: .age30to39, contactType: nil, callType: nil)
        var increments = Rollups.Increments()
        increments.add(facts, answers: ["nps": .number(9), "topics": .choices(["wait", "staff"]), "why": .text("")])
        increments.add(facts, answers: ["nps": .number(9)])
        // (responses, nps 9, wait, staff, respondents) at two nodes
        #expect(increments.days.count == 2 * 5)
        #expect(increments.days[Rollups.TotalKey(surveyID: "s", nodeID: "county", period: "2026-04-02", questionKey: "nps", value: "9")] == 2)
        #expect(increments.days[Rollups.TotalKey(surveyID: "s", nodeID: "unit", period: "2026-04-02", questionKey: "*", value: "")] == 2)
        #expect(increments.monthTotals.count == 2 * 5)
        #expect(increments.monthTotals[Rollups.TotalKey(surveyID: "s", nodeID: "unit", period: "2026-04", questionKey: "topics", value: "wait")] == 1)
        #expect(increments.months.count == 2 * 5 * ReportDimension.allCases.count)
        #expect(increments.months[Rollups.MonthKey(surveyID: "s", nodeID: "unit", month: "2026-04", dimension: .contactType, bucket: "",
                                                   questionKey: "topics", value: "wait")] == 1)
        #expect(increments.months[Rollups.MonthKey(surveyID: "s", nodeID: "unit", month: "2026-04", dimension: .ageBand, bucket: "30-39",
                                                   questionKey: "nps", value: "9")] == 2)
    }

    // MARK: Exports

    @Test func excelCSVAndWorkbookBasics() {
        #expect(ExcelCSV.document([[.text("=1+1"), .decimal(-12.345, places: 1), .integer(3), .empty]]) == "\u{FEFF}'=1+1;-12,3;3;\r\n")
        #expect([0, 25, 26, 27, 701, 702].map(Workbook.column) == ["A", "Z", "AA", "AB", "ZZ", "AAA"])
        #expect(Markup.escape("a<b & \u{1}c") == "a&lt;b &amp; c")
        let workbook = Workbook(sheets: [
            Workbook.Sheet(name: "Yhteenveto: 1/2", header: ["Kysymys", "n"], rows: [[.text("Suosittelisitko?"), .integer(5)]]),
            Workbook.Sheet(name: "yhteenveto  1 2", header: ["A"], rows: []),
        ])
        // Names Excel accepts, unique; a bold frozen header; numbers as numbers; widths from the contents.
        #expect(workbook.sheetNames == ["Yhteenveto  1 2", "yhteenveto  1 2 (2)"])
        let sheet = workbook.parts().first { $0.path == "xl/worksheets/sheet1.xml" }?.text ?? ""
        #expect(sheet.contains("state=\"frozen\"") && sheet.contains("s=\"1\"><is><t xml:space=\"preserve\">Kysymys") && sheet.contains("<c r=\"B2\"><v>5</v></c>"))
        #expect(workbook.sheets[0].widths == [18, 8])
    }
}
