import Foundation
import KaikuCore
import KaikuStorage

extension Reports {
    /// One month of a trend line.
    public struct TrendPoint: Sendable, Equatable {
        public let month: String
        public let group: GroupResult
    }

    /// The twelve months ending with the period's last month. Months are hidden like the parts
    /// of a breakdown: next to the sum of the twelve, one small month could be derived.
    public func trend(surveyCode: String, nodeCode: String, period: ReportPeriod, reader: Reader) async throws -> [TrendPoint] {
        let (survey, version, node) = try await resolve(surveyCode: surveyCode, nodeCode: nodeCode, reader: reader)
        return try await trend(survey, version, node, period: period, plan: try await plan(for: period, survey: survey, node: node, reader: reader))
    }

    /// Whole months, so they come from the monthly rollups (a dozen rows per question and value),
    /// not from a year of daily ones.
    func trend(_ survey: SurveyRepository.Survey, _ version: SurveyRepository.Version, _ node: OrgNode,
               period: ReportPeriod, months count: Int = 12, plan: DisclosurePlan?) async throws -> [TrendPoint] {
        let months = period.months(ending: count)
        let counts = try await ReportRepository(database.sql).monthsByNode(surveyID: survey.id, nodeIDs: [node.id], months: months)[node.id] ?? [:]
        let parts = months.map { counts[$0] ?? [:] }
        let questions = version.definition.questions
        var (hiddenMonths, hiddenQuestions) = hidden(parts, questions: questions, alwaysHidden: [])
        if let plan {
            (hiddenMonths, hiddenQuestions) = ([], [:])
            for (index, month) in months.enumerated() {
                guard let monthPeriod = ReportPeriod(code: month) else { continue }
                if try await plan.hidden(.responses, node: node, period: monthPeriod)[0] { hiddenMonths.insert(index) }
                for question in questions where try await plan.hidden(.question(question.key), node: node, period: monthPeriod)[0] {
                    hiddenQuestions[index, default: []].insert(question.key)
                }
            }
        }
        return months.enumerated().map { index, month in
            TrendPoint(month: month, group: group(key: month, node: nil, counts: parts[index], questions: questions,
                                                  hiddenResponses: hiddenMonths.contains(index), hiddenQuestions: hiddenQuestions[index] ?? []))
        }
    }

    /// A channel's answers over its invitations (SMS or email: other channels have no invitation
    /// to count).
    public struct ResponseRate: Sendable, Equatable {
        public let answers: Int
        public let invitations: Int
        public var percent: Double { Double(answers) / Double(invitations) * 100 }
    }

    public func smsResponseRate(surveyCode: String, nodeCode: String, period: ReportPeriod, reader: Reader) async throws -> ResponseRate? {
        let (survey, _, node) = try await resolve(surveyCode: surveyCode, nodeCode: nodeCode, reader: reader)
        return try await smsResponseRate(survey, node, period: period, plan: try await plan(for: period, survey: survey, node: node, reader: reader))
    }

    func smsResponseRate(_ survey: SurveyRepository.Survey, _ node: OrgNode, period: ReportPeriod, plan: DisclosurePlan?) async throws -> ResponseRate? {
        try await rates(survey, nodes: [node], period: period, plan: plan, channel: .sms)[node.id]
    }
}
