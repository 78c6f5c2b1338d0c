import Foundation

/// How many answers took each value of one question, in one group (a node, a period, a bucket).
/// Values are `RollupValue` codes: "0"…"10" for scales, "cant_say", an option's key, "text".
public struct ValueCounts: Sendable, Equatable {
    public var counts: [String: Int]

    public init(_ counts: [String: Int] = [:]) { self.counts = counts }

    public subscript(value: String) -> Int {
        get { counts[value] ?? 0 }
        set { counts[value] = newValue }
    }

    public mutating func add(_ other: ValueCounts) {
        for (value, count) in other.counts { counts[value, default: 0] += count }
    }

    public func subtracting(_ other: ValueCounts) -> ValueCounts {
        var result = self
        for (value, count) in other.counts { result[value] -= count }
        return result
    }

    /// Answers to the question: every value counted once, except the respondent marker of a
    /// multiple-choice question (`RollupValue.respondents`), which counts the people instead.
    public var answers: Int {
        if let respondents = counts[RollupValue.respondents] { return respondents }
        return counts.values.reduce(0, +)
    }
}

/// The classes of a 0–10 recommendation score; their codes name the open-answer filters.
public enum NPSClass: String, CaseIterable, Sendable {
    case detractors, passives, promoters

    public var scores: ClosedRange<Int> {
        switch self {
        case .detractors: 0...6
        case .passives: 7...8
        case .promoters: 9...10
        }
    }
}

/// Recommendation (NPS): % promoters (9–10) − % detractors (0–6), with a 95 % confidence interval
/// from the variance of the difference of two proportions of one multinomial sample:
/// Var(p̂ − d̂) = (p + d − (p − d)²) / n.
public struct NPSFigure: Sendable, Equatable, Codable {
    public let n: Int
    public let promoters: Int
    public let passives: Int
    public let detractors: Int
    public let nps: Double
    public let ciLow: Double
    public let ciHigh: Double

    public init?(_ counts: ValueCounts) {
        func count(_ npsClass: NPSClass) -> Int { npsClass.scores.reduce(0) { $0 + counts[String($1)] } }
        let promoters = count(.promoters), passives = count(.passives), detractors = count(.detractors)
        let n = promoters + passives + detractors
        guard n > 0 else { return nil }
        self.n = n
        self.promoters = promoters
        self.passives = passives
        self.detractors = detractors
        let p = Double(promoters) / Double(n), d = Double(detractors) / Double(n)
        let margin = 1.959964 * ((p + d - (p - d) * (p - d)) / Double(n)).squareRoot()
        nps = (p - d) * 100
        ciLow = max(-100, (p - d - margin) * 100)
        ciHigh = min(100, (p - d + margin) * 100)
    }
}

/// An agree or smiley scale: the distribution, the mean and the share of the top two values
/// (the top one on a three-point scale). "Can't say" is counted apart and left out of the rest.
public struct ScaleFigure: Sendable, Equatable, Codable {
    public let n: Int
    public let distribution: [Int]
    public let mean: Double
    public let topShare: Double
    public let cantSay: Int

    public init?(_ counts: ValueCounts, scale: ClosedRange<Int>) {
        let distribution = scale.map { counts[String($0)] }
        let n = distribution.reduce(0, +)
        cantSay = counts[RollupValue.cantSay]
        guard n > 0 else { return nil }
        self.n = n
        self.distribution = distribution
        mean = Double(zip(scale, distribution).reduce(0) { $0 + $1.0 * $1.1 }) / Double(n)
        let top = scale.count > 3 ? 2 : 1
        topShare = Double(distribution.suffix(top).reduce(0, +)) / Double(n) * 100
    }
}

/// A yes/no question: the share of yes among those who answered yes or no; "can't say" apart.
public struct YesNoFigure: Sendable, Equatable, Codable {
    public let yes: Int
    public let no: Int
    public let cantSay: Int
    public var n: Int { yes + no }
    public let yesShare: Double?

    public init(_ counts: ValueCounts) {
        yes = counts["1"]
        no = counts["0"]
        cantSay = counts[RollupValue.cantSay]
        yesShare = yes + no == 0 ? nil : Double(yes) / Double(yes + no) * 100
    }
}

/// A choice question: how many chose each option, and the share of those who answered.
public struct ChoiceFigure: Sendable, Equatable, Codable {
    public struct Option: Sendable, Equatable, Codable {
        public let key: String
        public let count: Int
        public let share: Double
    }
    public let n: Int
    public let options: [Option]

    public init(_ counts: ValueCounts, optionKeys: [String]) {
        let n = counts.answers
        self.n = n
        options = optionKeys.map { key in
            Option(key: key, count: counts[key], share: n == 0 ? 0 : Double(counts[key]) / Double(n) * 100)
        }
    }
}

/// The figure of one question, by its type.
public enum QuestionFigure: Sendable, Equatable {
    case nps(NPSFigure)
    case scale(ScaleFigure)
    case yesNo(YesNoFigure)
    case choice(ChoiceFigure)
    /// Open answers are counted here; their texts are read apart, under a higher threshold.
    case text(count: Int)

    public static func make(_ question: Question, _ counts: ValueCounts) -> QuestionFigure? {
        switch question.type {
        case .nps: NPSFigure(counts).map(QuestionFigure.nps)
        case .agree5, .smiley3, .smiley5: ScaleFigure(counts, scale: question.type.scale!).map(QuestionFigure.scale)
        case .yesNo: .yesNo(YesNoFigure(counts))
        case .singleChoice, .multipleChoice: .choice(ChoiceFigure(counts, optionKeys: question.options.map(\.key)))
        case .freeText: .text(count: counts[RollupValue.text])
        }
    }

    /// The one number a trend line or a target compares: NPS, the scale's mean, the yes-share.
    public var headline: Double? {
        switch self {
        case .nps(let f): f.nps
        case .scale(let f): f.mean
        case .yesNo(let f): f.yesShare
        case .choice, .text: nil
        }
    }
}
