import Foundation
import KaikuCore
import KaikuTestSupport
import Testing

@Suite struct DisclosureTests {
    /// A family of a parent and `children.count` children over one year, one bucket: months given per child.
    static func family(_ children: [[Int]], own: [Int] = Array(repeating: 0, count: 12)) -> FamilySuppression {
        let parent = (0..<12).map { month in children.reduce(own[month]) { $0 + $1[month] } }
        return FamilySuppression(months: [parent.map { [$0] }] + children.map { $0.map { [$0] } }, buckets: 1, minimum: 5)
    }

    static func months(_ values: [Int]) -> [Int] { values + Array(repeating: 0, count: 12 - values.count) }

    @Test func aSmallMonthIsHiddenWithEnoughOfItsQuarterThatTheQuarterCannotRevealIt() {
        // Finding 1 in small: the quarter (shown) minus two shown months would give a month of 3.
        let decision = Self.family([Self.months([20, 3, 9])]).decide(completeMonths: 3, parent: nil)
        let child = decision[1].map { $0[0] }
        #expect(child[1])  // 3 answers: hidden, and with it one more month of the quarter, or the quarter
        let hiddenInQuarter = [20, 3, 9].enumerated().filter { child[$0.offset] }.map(\.element).reduce(0, +)
        #expect(child[LatticeYear.quarter(0)] || hiddenInQuarter >= 5)
    }

    @Test func aUnitHiddenInTheParentsMonthIsNotRevealedByItsOwnQuarter() {
        // The chain found while designing: unit A has 2 answers in January and 10 in February, when
        // it is the only unit open; B has 5 in January. Showing A's quarter, the parent's months
        // and B would give A's January as a difference of differences.
        let decision = Self.family([Self.months([2, 10, 0]), Self.months([5, 0, 0])]).decide(completeMonths: 3, parent: nil)
        let a = decision[1].map { $0[0] }, b = decision[2].map { $0[0] }, parent = decision[0].map { $0[0] }
        #expect(a[0])
        // Whatever is shown, A's January must not follow from it.
        let aJanuaryKnown = (!parent[0] && !b[0]) || (!a[LatticeYear.quarter(0)] && !a[1] && !a[2])
            || (!a[LatticeYear.quarter(0)] && !a[2] && !parent[1])
        #expect(!aJanuaryKnown)
    }

    /// A figure once shown stays shown (an attacker may have kept it). One hidden may be shown
    /// later, once the figures shown since tell it anyway.
    @Test func whatWasShownForAMonthStaysShownWhenLaterMonthsEnd() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<30 {
            let children = (0..<4).map { _ in (0..<12).map { _ in Int.random(in: 0...9, using: &generator) } }
            let own = (0..<12).map { _ in Int.random(in: 0...1, using: &generator) }
            let table = Self.family(children, own: own)
            let complete = table.decide(completeMonths: 12, parent: nil)
            for step in [1, 4, 7, 11] {
                let early = table.decide(completeMonths: step, parent: nil)
                for row in early.indices {
                    for period in 0..<LatticeYear.periods where LatticeYear.monthsNeeded(period) <= step {
                        #expect(early[row][period][0] || !complete[row][period][0], "row \(row), period \(period), after \(step) months")
                    }
                }
            }
        }
    }

    /// Answers in months that have not ended change nothing, so a decision kept during a month
    /// stays right while answers arrive (the cache is keyed by the ended months alone).
    @Test func answersOfMonthsNotEndedChangeNoDecision() {
        var generator = SplitMix64(seed: 11)
        for round in 0..<40 {
            let buckets = round % 2 == 0 ? 1 : 3
            let complete = Int.random(in: 0...11, using: &generator)
            let children = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                (0..<12).map { _ in (0..<buckets).map { _ in Int.random(in: 0...3, using: &generator) == 0 ? 0 : Int.random(in: 1...9, using: &generator) } }
            }
            let parent = (0..<12).map { month in (0..<buckets).map { bucket in children.reduce(Int.random(in: 0...1, using: &generator)) { $0 + $1[month][bucket] } } }
            let table = FamilySuppression(months: [parent] + children, buckets: buckets, minimum: 5)
            let margin: [[Bool]]? = buckets == 1 ? nil : table.months.indices.map { _ in (0..<LatticeYear.periods).map { _ in Int.random(in: 0...5, using: &generator) == 0 } }
            #expect(table.decide(completeMonths: complete, parent: nil, margin: margin)
                        == table.ended(complete).decide(completeMonths: complete, parent: nil, margin: margin), "round \(round)")
        }
    }

    /// As in HiTaS: a figure hidden in the family above (here the parent's January, hidden so that
    /// a small sibling elsewhere stays hidden) must not come back through its only child.
    @Test func whatTheFamilyAboveHidStaysUnknownBelow() {
        let table = Self.family([Self.months([7, 9, 9])])
        var parent = [[Bool]](repeating: [false], count: LatticeYear.periods)
        for hidden in [0, LatticeYear.quarter(0), LatticeYear.year] { parent[hidden] = [true] }
        let decision = table.decide(completeMonths: 3, parent: parent)
        #expect(decision[1][0][0])
        // Nor through the quarter minus the other months.
        #expect(decision[1][1][0] || decision[1][2][0] || decision[1][LatticeYear.quarter(0)][0])
    }

    /// A total hidden in the unbroken table stays hidden when every bucket of it would be shown.
    @Test func aHiddenTotalIsNotRebuiltFromItsBuckets() {
        let months = [[[6, 6]] + Array(repeating: [0, 0], count: 11), [[6, 6]] + Array(repeating: [0, 0], count: 11)]
        var margin = [[Bool]](repeating: Array(repeating: false, count: LatticeYear.periods), count: 2)
        margin[1][0] = true
        let decision = FamilySuppression(months: months, buckets: 2, minimum: 5).decide(completeMonths: 1, parent: nil, margin: margin)
        #expect(decision[1][0][0] || decision[1][0][1])
    }

    @Test func periodsNotEndedAreHidden() {
        let decision = Self.family([Self.months([30, 30, 30, 30])]).decide(completeMonths: 2, parent: nil)
        #expect(!decision[1][0][0] && !decision[1][1][0])
        #expect(decision[1][2][0] && decision[1][LatticeYear.quarter(0)][0] && decision[1][LatticeYear.year][0])
    }

    @Test func cellSuppressionNeverLeavesOneSmallUnknownInARelation() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let parts = (0..<Int.random(in: 2...6, using: &generator)).map { _ in Int.random(in: 0...12, using: &generator) }
            let sizes = [parts.reduce(0, +)] + parts
            let problem = CellSuppression(sizes: sizes, relations: [.init(total: 0, parts: Array(1..<sizes.count))],
                                          inside: [Array(1..<sizes.count)] + parts.map { _ in [] })
            // The attacker's subtraction here: the total minus the shown parts.
            let hidden = problem.solve(hidden: Array(repeating: false, count: sizes.count), fixed: Array(repeating: false, count: sizes.count)) { known in
                if let small = sizes.indices.first(where: { known[$0] && sizes[$0] > 0 && sizes[$0] < 5 && $0 > 0 }) { return .remainder(of: small, candidates: []) }
                let left = sizes.indices.dropFirst().filter { !known[$0] }.map { sizes[$0] }.reduce(0, +)
                return known[0] && left > 0 && left < 5 ? .remainder(of: 0, candidates: Array(1..<sizes.count)) : nil
            }
            let unknown = sizes.indices.dropFirst().filter { hidden[$0] }.map { sizes[$0] }.reduce(0, +)
            #expect(hidden[0] || unknown == 0 || unknown >= 5, "\(sizes) \(hidden)")
            #expect(sizes.indices.allSatisfy { !(sizes[$0] > 0 && sizes[$0] < 5) || hidden[$0] })
        }
    }

    @Test func latticePeriodsByCode() {
        #expect(ReportPeriod(code: "2026-09")?.to == CalendarDay("2026-09-30"))
        #expect(ReportPeriod(code: "2026-Q3").map { ($0.from, $0.to) }! == (CalendarDay("2026-07-01")!, CalendarDay("2026-09-30")!))
        #expect(ReportPeriod(code: "2026")?.kind == .year)
        for bad in ["2026-13", "2026-Q5", "26", "2026-9", "x", "2026-09-01"] { #expect(ReportPeriod(code: bad) == nil, "\(bad)") }
        #expect(ReportPeriod.lattice(from: CalendarDay("2026-10-01")!, to: CalendarDay("2026-12-31")!)?.code == "2026-Q4")
        #expect(ReportPeriod.lattice(from: CalendarDay("2026-10-02")!, to: CalendarDay("2026-12-31")!) == nil)
        // The year is the calendar year, never the last twelve months: those would overlap.
        #expect(ReportPeriod.last(.year, before: CalendarDay("2026-12-07")!).code == "2025")
        #expect(ReportPeriod(code: "2026-01")!.previous.code == "2025-12")
        #expect(ReportPeriod(code: "2026-Q1")!.previous.code == "2025-Q4")
    }

    struct Cell: Hashable, Comparable, CustomStringConvertible {
        let row: Int
        let month: Int
        static func < (a: Cell, b: Cell) -> Bool { (a.row, a.month) < (b.row, b.month) }
        var description: String { "r\(row)m\(month)" }
    }

    /// What a family's decision shows, as the attacker's equations; nil when nothing small follows.
    static func audit(_ table: FamilySuppression, _ decision: FamilySuppression.Decision, completeMonths: Int) -> [String] {
        let children = table.months.count - 1
        let own = children + 1
        var atoms: [Cell: Int] = [:]
        for month in 0..<12 {
            for row in 1...children { atoms[Cell(row: row, month: month)] = table.months[row][month][0] }
            atoms[Cell(row: own, month: month)] = table.months[0][month][0] - (1...children).reduce(0) { $0 + table.months[$1][month][0] }
        }
        var released: [(covers: (Cell) -> Bool, count: Int)] = []
        for row in 0...children {
            for period in 0..<LatticeYear.periods where LatticeYear.monthsNeeded(period) <= completeMonths && !decision[row][period][0] {
                let range = LatticeYear.months(of: period)
                let covers: (Cell) -> Bool = { (row == 0 || $0.row == row) && range.contains($0.month) }
                released.append((covers, atoms.filter { covers($0.key) }.values.reduce(0, +)))
            }
        }
        var groups: [(Cell) -> Bool] = []
        for row in 1...own {
            for start in 0..<12 { for end in start..<12 { groups.append { $0.row == row && (start...end).contains($0.month) } } }
        }
        return DerivabilityAudit(atoms: atoms, minimum: table.minimum).leaks(released: released, groups: groups)
    }

    @Test func noSmallGroupFollowsFromAFamilysFigures() {
        var generator = SplitMix64(seed: 5)
        for round in 0..<150 {
            let children = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                (0..<12).map { _ in Int.random(in: 0...3, using: &generator) == 0 ? 0 : Int.random(in: 1...9, using: &generator) }
            }
            let own = (0..<12).map { _ in round % 2 == 0 ? 0 : Int.random(in: 0...2, using: &generator) }
            let table = Self.family(children, own: own)
            let complete = [12, 12, 7][round % 3]
            let leaks = Self.audit(table, table.decide(completeMonths: complete, parent: nil), completeMonths: complete)
            #expect(leaks.isEmpty, "round \(round): children \(children), own \(own): \(leaks.prefix(3))")
            if !leaks.isEmpty { break }
        }
    }
}
