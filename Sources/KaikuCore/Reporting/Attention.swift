import Foundation

/// Which nodes need a manager's attention: below their target, or falling from the previous
/// period, each judged at 95 % so that a small unit's chance dip is not flagged.
public enum Attention {
    /// The two-sided 95 % point of the normal distribution.
    static let z = 1.959964

    /// Below target when the whole 95 % interval lies below it.
    public static func isBelowTarget(_ figure: NPSFigure, target: Double) -> Bool { figure.ciHigh < target }

    /// Falling when the fall from the previous period is significant at 95 %: the difference of two
    /// independent NPS estimates, its variance the sum of each estimate's (p + d − (p − d)²) / n.
    public static func isFalling(_ now: NPSFigure, from before: NPSFigure) -> Bool {
        let change = (now.nps - before.nps) / 100
        guard change < 0 else { return false }
        let deviation = (variance(now) + variance(before)).squareRoot()
        return deviation == 0 || change < -z * deviation
    }

    /// Var(p̂ − d̂) of one estimate, in proportions.
    static func variance(_ figure: NPSFigure) -> Double {
        let p = Double(figure.promoters) / Double(figure.n), d = Double(figure.detractors) / Double(figure.n)
        return (p + d - (p - d) * (p - d)) / Double(figure.n)
    }

    /// One node's line of the list. A suppressed node has no figures and is never flagged.
    public struct Row: Sendable, Equatable {
        public let node: OrgNode
        /// Responses over the period; 0 when suppressed.
        public let responses: Int
        public let figure: NPSFigure?
        public let target: Double?
        public let previous: NPSFigure?
        /// SMS answers over SMS invitations, in per cent; nil when not shown.
        public let responseRate: Double?
        /// The topics with the most negative open answers, most first.
        public let negativeTopics: [Topic]
        public let suppressed: Bool

        public init(node: OrgNode, responses: Int, figure: NPSFigure?, target: Double?, previous: NPSFigure?, responseRate: Double?,
                    negativeTopics: [Topic], suppressed: Bool) {
            self.node = node
            self.responses = suppressed ? 0 : responses
            self.figure = suppressed ? nil : figure
            self.target = target
            self.previous = suppressed ? nil : previous
            self.responseRate = suppressed ? nil : responseRate
            self.negativeTopics = suppressed ? [] : negativeTopics
            self.suppressed = suppressed
        }

        public var gap: Double? { figure.flatMap { figure in target.map { figure.nps - $0 } } }
        public var change: Double? { figure.flatMap { figure in previous.map { figure.nps - $0.nps } } }
        public var isBelowTarget: Bool { figure.flatMap { figure in target.map { Attention.isBelowTarget(figure, target: $0) } } ?? false }
        public var isFalling: Bool { figure.flatMap { figure in previous.map { Attention.isFalling(figure, from: $0) } } ?? false }
        public var isFlagged: Bool { isBelowTarget || isFalling }
    }

    /// Flagged nodes first, then by gap (furthest below first; nodes without a gap after those
    /// with one), then in tree order.
    public static func ordered(_ rows: [Row]) -> [Row] {
        rows.sorted { a, b in
            if a.isFlagged != b.isFlagged { return a.isFlagged }
            switch (a.gap, b.gap) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.node.path < b.node.path
            }
        }
    }
}
