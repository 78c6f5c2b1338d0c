import Foundation
import KaikuCore
import KaikuStorage

/// Answers to the national survey per unit (with its OID) and month, for the transfer to the
/// national comparison (docs/NATIONAL-EXPORT.md). Counts per answer value, so the receiver can
/// compute any figure; a unit-month under the anonymity minimum is marked suppressed, and so is
/// the next smallest unit of that month when the county's rest would reveal it by subtraction.
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
        // Suppression is decided over every unit, so a unit-month is hidden alike in every reader's
        // file; the reader's scope then picks the rows.
        let units = all.filter { $0.level == .unit }.sorted { $0.code < $1.code }
        let counts = try await ReportRepository(db).monthsByNode(surveyID: survey.id, nodeIDs: units.map(\.id), months: months)
        // Each unit's parent total tells the rest of a month; the units of one parent are one partition.
        let parents = Array(Set(units.compactMap(\.parentID)))
        let parentCounts = try await ReportRepository(db).monthsByNode(surveyID: survey.id, nodeIDs: parents, months: months)
        let questions = version.definition.questions.filter { $0.type != .freeText }
        let siblingGroups = Dictionary(grouping: units, by: { $0.parentID ?? "" })
        var rows: [NationalExport.Row] = []
        for month in months {
            var hiddenUnits: [String: Set<String>] = [:]  // unit id → hidden question keys ("*" = all)
            for (parentID, siblings) in siblingGroups {
                let parts = siblings.map { counts[$0.id]?[month] ?? [:] }
                var residual = parentCounts[parentID]?[month] ?? [:]
                for part in parts { for (key, c) in part { residual[key] = (residual[key] ?? ValueCounts()).subtracting(c) } }
                let (groups, byQuestion) = hidden(parts + [residual], questions: questions, alwaysHidden: [parts.count])
                for (index, unit) in siblings.enumerated() {
                    if groups.contains(index) { hiddenUnits[unit.id] = ["*"] } else if let keys = byQuestion[index] { hiddenUnits[unit.id] = keys }
                }
            }
            for unit in units where Self.mayRead(unit, reader) {
                let (oid, source) = Self.oid(of: unit, byID)
                for question in questions {
                    let c = counts[unit.id]?[month]?[question.key] ?? ValueCounts()
                    let hidden = hiddenUnits[unit.id].map { $0.contains("*") || $0.contains(question.key) } ?? false
                    rows.append(NationalExport.Row(month: month, unit: unit, oid: oid, oidSource: source, question: question,
                                                   counts: hidden || (c.answers > 0 && !rule.allowsFigures(answers: c.answers)) ? nil : c))
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
