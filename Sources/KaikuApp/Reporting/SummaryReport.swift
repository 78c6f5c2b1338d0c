import Foundation
import KaikuCore
import KaikuStorage

/// How a report splits a node's figures: by a background variable, or by the node's children.
public enum ReportBreakdown: Sendable, Equatable, Hashable {
    case dimension(ReportDimension)
    case childUnits

    /// The codes of the command line and URLs: `age_band`, `language`, `channel`, `contact_type`,
    /// `call_type`, `unit`.
    public init?(code: String) {
        if code == "unit" { self = .childUnits } else if let d = ReportDimension(rawValue: code) { self = .dimension(d) } else { return nil }
    }

    public var code: String {
        switch self {
        case .dimension(let d): d.rawValue
        case .childUnits: "unit"
        }
    }
}

/// One question's result in one group: its figure, or nothing when the group is too small.
public struct QuestionResult: Sendable, Equatable {
    public let question: Question
    public let answers: Int
    /// Nil when suppressed or when nobody answered.
    public let figure: QuestionFigure?
    public let suppressed: Bool
}

/// The figures of one group: the whole node, a background bucket ("" = unknown) or a child unit.
public struct GroupResult: Sendable, Equatable {
    public let key: String
    public let node: OrgNode?
    public let responses: Int
    public let suppressed: Bool
    public let questions: [QuestionResult]
}

/// The target a node's figure is measured against, and the node that set it (the node itself or
/// an ancestor).
public struct AppliedTarget: Sendable, Equatable {
    public let target: ReportTarget
    public let node: OrgNode

    /// The figure minus the target, in the figure's own units; nil without a figure.
    public func gap(_ figure: QuestionFigure?) -> Double? { figure?.headline.map { $0 - target.value } }
}

public struct SummaryReport: Sendable, Equatable {
    public let survey: SurveyRepository.Survey
    public let node: OrgNode
    public let period: ReportPeriod
    public let breakdown: ReportBreakdown?
    public let total: GroupResult
    public let groups: [GroupResult]
    public let rule: AnonymityRule
    /// By question key: the targets for the node's total over the period.
    public let targets: [String: AppliedTarget]
}
