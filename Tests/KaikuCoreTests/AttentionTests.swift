import Foundation
import KaikuCore
import Testing

/// The attention list's two flags, worked out by hand from the definitions.
@Suite struct AttentionTests {
    /// An NPS figure from class counts (promoters score 10, passives 8, detractors 0).
    static func figure(promoters: Int, passives: Int, detractors: Int) -> NPSFigure {
        var counts = ValueCounts()
        counts["10"] += promoters
        counts["8"] += passives
        counts["0"] += detractors
        return NPSFigure(counts)!
    }

    static let unit = OrgNode(id: "u", parentID: "c", path: "/c/u/", spec: OrgNodeSpec(code: "U", parentCode: "C", level: .unit, name: LocalizedText(fi: "U")))

    @Test func belowTargetOnlyWhenTheWholeIntervalIsBelow() {
        // 30 − 40 = −10 with n = 100: Var = (0.7 − 0.01) / 100, half-width 1.96 · 8.3 = 16.3 points.
        let f = Self.figure(promoters: 30, passives: 30, detractors: 40)
        #expect(abs(f.ciHigh - (-10 + 1.959964 * (0.69 / 100).squareRoot() * 100)) < 1e-9)
        #expect(Attention.isBelowTarget(f, target: 7))       // ci_high ≈ 6.28
        #expect(!Attention.isBelowTarget(f, target: 6))
        #expect(!Attention.isBelowTarget(f, target: -5))      // the target lies inside the interval
    }

    @Test func fallingOnlyWhenTheFallIsSignificant() {
        let before = Self.figure(promoters: 50, passives: 30, detractors: 20)  // +30, Var = (0.7 − 0.09) / 100
        let now = Self.figure(promoters: 30, passives: 30, detractors: 40)     // −10, Var = (0.7 − 0.01) / 100
        // z = −0.40 / √(0.0061 + 0.0069) = −3.51
        #expect(Attention.isFalling(now, from: before))
        #expect(!Attention.isFalling(before, from: now))  // a rise is never a fall
        // The same fall among twenty people each time: z = −0.40 / √((0.61 + 0.69) / 20) = −1.57.
        let smallBefore = Self.figure(promoters: 10, passives: 6, detractors: 4), smallNow = Self.figure(promoters: 6, passives: 6, detractors: 8)
        #expect(!Attention.isFalling(smallNow, from: smallBefore))
    }

    @Test func suppressedNodesShowNothingAndAreNeverFlagged() {
        let low = Self.figure(promoters: 0, passives: 0, detractors: 50)
        let row = Attention.Row(node: Self.unit, responses: 50, figure: low, target: 50, previous: Self.figure(promoters: 50, passives: 0, detractors: 0),
                                responseRate: 40, negativeTopics: [.waiting], suppressed: true)
        #expect(row.figure == nil && row.previous == nil && row.responses == 0 && row.negativeTopics.isEmpty && row.responseRate == nil)
        #expect(!row.isFlagged && row.gap == nil)
    }

    @Test func flaggedFirstThenByGap() {
        func node(_ code: String) -> OrgNode {
            OrgNode(id: code, parentID: "c", path: "/c/\(code)/", spec: OrgNodeSpec(code: code, parentCode: "C", level: .unit, name: LocalizedText(fi: code)))
        }
        let good = Self.figure(promoters: 60, passives: 30, detractors: 10)   // +50
        let fair = Self.figure(promoters: 40, passives: 40, detractors: 20)   // +20
        let rows = [
            Attention.Row(node: node("A"), responses: 100, figure: good, target: 40, previous: nil, responseRate: nil, negativeTopics: [], suppressed: false),
            Attention.Row(node: node("B"), responses: 100, figure: fair, target: 40, previous: nil, responseRate: nil, negativeTopics: [], suppressed: false),
            Attention.Row(node: node("C"), responses: 100, figure: fair, target: nil, previous: nil, responseRate: nil, negativeTopics: [], suppressed: false),
            Attention.Row(node: node("D"), responses: 0, figure: nil, target: 40, previous: nil, responseRate: nil, negativeTopics: [], suppressed: true),
            Attention.Row(node: node("E"), responses: 100, figure: fair, target: 25, previous: nil, responseRate: nil, negativeTopics: [], suppressed: false),
        ]
        // B is below target (ci_high ≈ 34.9 < 40); E is 5 below but within its interval.
        #expect(Attention.ordered(rows).map(\.node.code) == ["B", "E", "A", "C", "D"])
    }
}
