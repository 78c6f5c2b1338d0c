import Foundation
import KaikuCore
import SQLKit

/// The sizes the disclosure plan decides from: per node and month, each question's answers and
/// open answers, or one question's answers per bucket of a background variable. Only the sizes,
/// not every value's count: a plan reads a county's families on a report's first read, and the
/// rows per value were most of that read's time (docs/BENCHMARKS.md).
extension ReportRepository {
    public struct PlanCount: Sendable, Equatable {
        /// Answers to the question (for a multiple-choice question, the people who answered it).
        public let answers: Int
        /// Of them, open answers (`RollupValue.text`).
        public let texts: Int
    }

    public func planMonths(surveyID: String, nodeIDs: [String], months: [String]) async throws -> [String: [String: [String: PlanCount]]] {
        guard !nodeIDs.isEmpty, !months.isEmpty else { return [:] }
        struct Row: Decodable { let node_id: String; let month: String; let question_key: String; let total: Int; let respondents: Int; let marked: Int; let texts: Int }
        var result: [String: [String: [String: PlanCount]]] = [:]
        for row in try await sql.raw(Self.sizes("question_key") + """
             FROM rollup_month_totals
            WHERE survey_id = \(bind: surveyID) AND node_id IN (\(binds: nodeIDs)) AND month IN (\(binds: months))
            GROUP BY node_id, month, question_key
            """).all(decoding: Row.self) {
            result[row.node_id, default: [:]][row.month, default: [:]][row.question_key] =
                PlanCount(answers: row.marked > 0 ? row.respondents : row.total, texts: row.texts)
        }
        return result
    }

    /// One question's answers (`Rollups.responsesKey`: responses) per node, month and bucket.
    public func planBuckets(surveyID: String, nodeIDs: [String], dimension: ReportDimension, months: [String],
                            questionKey: String) async throws -> [String: [String: [String: Int]]] {
        guard !nodeIDs.isEmpty, !months.isEmpty else { return [:] }
        struct Row: Decodable { let node_id: String; let month: String; let bucket: String; let total: Int; let respondents: Int; let marked: Int; let texts: Int }
        var result: [String: [String: [String: Int]]] = [:]
        for row in try await sql.raw(Self.sizes("bucket") + """
             FROM rollup_months
            WHERE survey_id = \(bind: surveyID) AND node_id IN (\(binds: nodeIDs)) AND dimension = \(bind: dimension.rawValue)
              AND month IN (\(binds: months)) AND question_key = \(bind: questionKey)
            GROUP BY node_id, month, bucket
            """).all(decoding: Row.self) {
            result[row.node_id, default: [:]][row.month, default: [:]][row.bucket] = row.marked > 0 ? row.respondents : row.total
        }
        return result
    }

    /// The columns both read, grouped by node, month and `group`: the sum, the respondent marker's count and whether there is one
    /// (`ValueCounts.answers`), and the open answers.
    static func sizes(_ group: String) -> SQLQueryString {
        """
        SELECT node_id, month, \(unsafeRaw: group), SUM(answers) AS total,
               SUM(CASE WHEN value = \(bind: RollupValue.respondents) THEN answers ELSE 0 END) AS respondents,
               MAX(CASE WHEN value = \(bind: RollupValue.respondents) THEN 1 ELSE 0 END) AS marked,
               SUM(CASE WHEN value = \(bind: RollupValue.text) THEN answers ELSE 0 END) AS texts
        """
    }
}
