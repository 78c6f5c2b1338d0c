import Foundation
import KaikuCore
import KaikuStorage

extension Reports {
    /// Open answers behind a figure: the texts written to `questionKey`, optionally only from
    /// respondents whose answer to `filterKey` was in `filterRange` (the detractors' reasons).
    /// Shown only when at least the rule's text minimum of them exist, in no particular order
    /// and never with a day, so that no text can be matched with a visit. Each text is labelled
    /// with its month, its unit and its writer's score group as far as the disclosure plan shows
    /// those counts (`TextLabels`).
    public struct OpenAnswers: Sendable, Equatable {
        public let question: Question
        public let count: Int
        public let suppressed: Bool
        public let texts: [ListedText]
        /// The period the texts are from: the one asked for, or, when its texts are too few to
        /// show, the smallest wider one (its quarter or year) whose texts may be shown, or failing
        /// those the quarter or year before (`DisclosurePlan.nearestShown`).
        public let period: ReportPeriod
        /// Which labels the texts carry.
        public let labels: TextLabels
    }

    /// A text of a list, with the labels the plan allows (nil where it does not).
    public struct ListedText: Sendable, Equatable {
        public let text: String
        /// The answer's analysis, for reviewing it; nil before the analyser has read it.
        public let reference: String?
        public let sentiment: Sentiment?
        public let month: ReportPeriod?
        /// The child of the list's node the text was written at (or the node itself).
        public let unit: OrgNode?
        public let group: ScoreGroup?
    }

    /// The writer's answer to the survey's recommendation question.
    public enum ScoreGroup: String, Sendable, CaseIterable {
        case detractors, passives, promoters
        case noScore = "no_score"

        init(_ value: Int?) {
            self = value.flatMap { value in NPSClass.allCases.first { $0.scores.contains(value) } }.map { Self(rawValue: $0.rawValue)! } ?? .noScore
        }
    }

    public func openAnswers(surveyCode: String, nodeCode: String, period: ReportPeriod, questionKey: String,
                            filter: (key: String, range: ClosedRange<Int>)?, topic: (topic: Topic, sentiment: Sentiment?)? = nil,
                            reader: Reader, limit: Int = 200) async throws -> OpenAnswers {
        let (survey, version, node) = try await resolve(surveyCode: surveyCode, nodeCode: nodeCode, reader: reader)
        guard let question = version.definition.questions.first(where: { $0.key == questionKey && $0.type == .freeText }) else {
            throw Refused("report_error_question", ["key": questionKey])
        }
        guard let plan = try await plan(for: period, survey: survey, node: node, reader: reader) else {
            let (count, texts) = try await ReportRepository(database.sql).texts(
                surveyID: survey.id, nodePath: node.path, from: period.from, to: period.to, questionKey: questionKey, filter: filter, topic: topic,
                limit: limit)
            guard rule.allowsTexts(answers: count) else { return .suppressed(question, period) }
            return OpenAnswers(question: question, count: count, suppressed: false, texts: texts.map { ListedText($0) }, period: period, labels: .none)
        }
        // A list filtered by the writers' NPS class is a part of the whole list, hidden with the
        // other classes so that no class can be worked out by subtraction; a list filtered by topic
        // or sentiment (read from the texts themselves) is shown with the whole list.
        let table: DisclosurePlan.Table
        var bucket = 0
        if let filter {
            guard let index = DisclosurePlan.classRanges.firstIndex(of: filter.range) else { throw Refused("report_error_filter") }
            table = .textClasses(questionKey, classKey: filter.key)
            bucket = index
        } else {
            table = .texts(questionKey)
        }
        guard let shown = try await plan.nearestShown(table, bucket: bucket, node: node, from: period) else { return .suppressed(question, period) }
        let classKey = version.definition.questions.first { $0.type == .nps }?.key
        let (count, texts) = try await ReportRepository(database.sql).texts(
            surveyID: survey.id, nodePath: node.path, from: shown.from, to: shown.to, questionKey: questionKey, filter: filter, topic: topic,
            classKey: classKey, limit: limit)
        let labels = try await TextLabels.allowed(plan: plan, questionKey: questionKey, classKey: filter?.key ?? classKey, node: node, period: shown,
                                                  filterBucket: filter == nil ? nil : bucket)
        let children = labels.unit ? try await OrgRepository(database.sql).children(of: node.id) : []
        return OpenAnswers(question: question, count: count, suppressed: false, texts: texts.map { text in
            ListedText(text, month: labels.month ? ReportPeriod(code: text.month) : nil,
                       unit: labels.unit ? children.first { text.nodePath.hasPrefix($0.path) } ?? node : nil,
                       group: labels.group ? ScoreGroup(text.classValue) : nil)
        }, period: shown, labels: labels)
    }
}

extension Reports.OpenAnswers {
    static func suppressed(_ question: Question, _ period: ReportPeriod) -> Self {
        Self(question: question, count: 0, suppressed: true, texts: [], period: period, labels: .none)
    }
}

extension Reports.ListedText {
    init(_ text: ReportRepository.OpenText, month: ReportPeriod? = nil, unit: OrgNode? = nil, group: Reports.ScoreGroup? = nil) {
        self.init(text: text.text, reference: text.reference, sentiment: text.sentiment, month: month, unit: unit, group: group)
    }
}
