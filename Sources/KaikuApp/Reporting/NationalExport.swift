import Foundation
import KaikuCore
import KaikuStorage

/// Answers to the national survey per unit (with its OID) and month, for the transfer to the
/// national comparison (docs/NATIONAL-EXPORT.md). Counts per answer value, so the receiver can
/// compute any figure; a unit-month is marked suppressed where the disclosure plan hides it (under
/// the anonymity minimum, or hidden so that no other figure reveals such a one by subtraction).
public struct NationalExport: Sendable {
    public struct Row: Sendable, Equatable {
        public let month: String
        public let unit: OrgNode
        /// The unit's OID, or its nearest ancestor's when it has none (named in `oidSource`).
        public let oid: String
        public let oidSource: String
        public let question: Question
        /// Nil when suppressed.
        public let counts: ValueCounts?
    }

    public let months: [String]
    public let rows: [Row]
    public let rule: AnonymityRule
}

extension Reports {
    /// The national survey's questions at every unit in the reader's scope, month by month.
    public func national(months: [String], reader: Reader) async throws -> NationalExport {
        let db = database.sql
        guard let survey = try await SurveyRepository(db).survey(code: NationalSurvey.code),
              let version = try await SurveyRepository(db).latestVersion(surveyID: survey.id) else {
            throw Refused("report_error_survey", ["code": NationalSurvey.code])
        }
        let all = try await OrgRepository(db).all()
        let byID = Dictionary(all.map { ($0.id, $0) }) { a, _ in a }
        // Suppression is the plan's, the same for every reader; the reader's scope picks the rows.
        let units = all.filter { $0.level == .unit }.sorted { $0.code < $1.code }
        let counts = try await ReportRepository(db).monthsByNode(surveyID: survey.id, nodeIDs: units.map(\.id), months: months)
        let questions = version.definition.questions.filter { $0.type != .freeText }
        let plan = DisclosurePlan(database: database, surveyID: survey.id, rule: rule, today: today)
        var rows: [NationalExport.Row] = []
        for month in months {
            guard let period = ReportPeriod(code: month) else { continue }
            for unit in units where Self.mayRead(unit, reader) {
                let (oid, source) = Self.oid(of: unit, byID)
                let responsesHidden = try await plan.hidden(.responses, node: unit, period: period)[0]
                for question in questions {
                    let c = counts[unit.id]?[month]?[question.key] ?? ValueCounts()
                    let questionHidden = try await plan.hidden(.question(question.key), node: unit, period: period)[0]
                    let hidden = responsesHidden || questionHidden
                    rows.append(NationalExport.Row(month: month, unit: unit, oid: oid, oidSource: source, question: question,
                                                   counts: hidden ? nil : c))
                }
            }
        }
        return NationalExport(months: months, rows: rows, rule: rule)
    }

    static func oid(of node: OrgNode, _ byID: [String: OrgNode]) -> (String, String) {
        var current: OrgNode? = node
        while let n = current {
            if let oid = n.spec.oid, !oid.isEmpty { return (oid, n.code) }
            current = n.parentID.flatMap { byID[$0] }
        }
        return ("", "")
    }
}
