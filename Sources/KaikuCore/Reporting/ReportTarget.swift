import Foundation

/// A goal for one question's figure at one node over a span of days: the seeds' OKR measures
/// ("NPS at least 70 in 2026"). A node without a target of its own works to its nearest
/// ancestor's.
public struct ReportTarget: Sendable, Equatable, Identifiable {
    public let id: String
    public let nodeID: String
    public let surveyID: String
    public let questionKey: String
    public let startsOn: CalendarDay
    public let endsOn: CalendarDay
    public let value: Double

    public init(id: String, nodeID: String, surveyID: String, questionKey: String, startsOn: CalendarDay, endsOn: CalendarDay, value: Double) {
        self.id = id
        self.nodeID = nodeID
        self.surveyID = surveyID
        self.questionKey = questionKey
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.value = value
    }

    /// The values a target may take for a question: its headline figure's range (NPS points, a
    /// scale's mean, the yes-share in per cent); nil when the question has no such figure.
    public static func range(for type: QuestionType) -> ClosedRange<Double>? {
        switch type {
        case .nps: -100...100
        case .agree5, .smiley5: 1...5
        case .smiley3: 1...3
        case .yesNo: 0...100
        case .singleChoice, .multipleChoice, .freeText: nil
        }
    }

    /// The target a period at a node is measured against, per question: the one covering the
    /// period's last day, from the node itself or else its nearest ancestor on `pathIDs` (root
    /// first, the node last). Of two covering the day at one node, the later-starting one wins.
    public static func applicable(_ targets: [ReportTarget], pathIDs: [String], on day: CalendarDay) -> [String: ReportTarget] {
        var chosen: [String: (depth: Int, target: ReportTarget)] = [:]
        let depth = Dictionary(pathIDs.enumerated().map { ($1, $0) }) { a, _ in a }
        for target in targets where target.startsOn <= day && day <= target.endsOn {
            guard let d = depth[target.nodeID] else { continue }
            if let current = chosen[target.questionKey],
               current.depth > d || (current.depth == d && current.target.startsOn >= target.startsOn) { continue }
            chosen[target.questionKey] = (d, target)
        }
        return chosen.mapValues(\.target)
    }
}
