import Foundation
import KaikuCore
import KaikuStorage

extension Reports {
    /// Open answers behind a figure: the texts written to `questionKey`, optionally only from
    /// respondents whose answer to `filterKey` was in `filterRange` (the detractors' reasons).
    /// Shown only when at least the rule's text minimum of them exist, in no particular order
    /// and without dates, so that no text can be matched with a visit.
    public struct OpenAnswers: Sendable, Equatable {
        public let question: Question
        public let count: Int
        public let suppressed: Bool
        public let texts: [ReportRepository.OpenText]
        /// The period the texts are from: the one asked for, or, when its texts are too few to
        /// show, the smallest wider one (its quarter or year) whose texts may be shown.
        public let period: ReportPeriod
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
            guard rule.allowsTexts(answers: count) else { return OpenAnswers(question: question, count: 0, suppressed: true, texts: [], period: period) }
            return OpenAnswers(question: question, count: count, suppressed: false, texts: texts, period: period)
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
        guard let shown = try await plan.smallestShown(table, bucket: bucket, node: node, from: period) else { return OpenAnswers(question: question, count: 0, suppressed: true, texts: [], period: period) }
        let (count, texts) = try await ReportRepository(database.sql).texts(
            surveyID: survey.id, nodePath: node.path, from: shown.from, to: shown.to, questionKey: questionKey, filter: filter, topic: topic,
            limit: limit)
        return OpenAnswers(question: question, count: count, suppressed: false, texts: texts, period: shown)
    }
}
