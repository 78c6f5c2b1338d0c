import Foundation
import KaikuCore

/// Which labels the texts of a list may carry. Counting the texts by their labels gives the
/// counts of a table (texts by month, by unit, by the writers' score group, or crossed), so a
/// label is given only when every cell of that table within the list's period is shown by the
/// disclosure plan; otherwise no text carries it, and nothing can be counted from it. Labels are
/// given uniformly: a list never mixes months with quarters, or named units with "other units".
public struct TextLabels: Sendable, Equatable {
    public var month: Bool
    public var unit: Bool
    public var group: Bool

    public static let none = TextLabels(month: false, unit: false, group: false)
    public static let all = TextLabels(month: true, unit: true, group: true)

    public init(month: Bool, unit: Bool, group: Bool) {
        self.month = month
        self.unit = unit
        self.group = group
    }

    /// The richest labelling the plan allows, trying the three labels together first, then two,
    /// then one. `classKey` is the recommendation question (nil: no score groups); a list already
    /// filtered to one score group (`filterBucket`) is checked in that group's cells only.
    static func allowed(plan: DisclosurePlan, questionKey: String, classKey: String?, node: OrgNode, period: ReportPeriod,
                        filterBucket: Int?) async throws -> TextLabels {
        let candidates: [TextLabels] = [
            .all, .init(month: true, unit: true, group: false),
            .init(month: true, unit: false, group: true), .init(month: false, unit: true, group: true),
            .init(month: true, unit: false, group: false), .init(month: false, unit: true, group: false),
            .init(month: false, unit: false, group: true),
        ]
        for labels in candidates where classKey != nil || !labels.group {
            if try await labels.shown(plan: plan, questionKey: questionKey, classKey: classKey, node: node, period: period, filterBucket: filterBucket) {
                return labels
            }
        }
        return .none
    }

    /// Whether every cell of the table these labels count is shown.
    func shown(plan: DisclosurePlan, questionKey: String, classKey: String?, node: OrgNode, period: ReportPeriod,
               filterBucket: Int?) async throws -> Bool {
        let byClass = (group || filterBucket != nil) ? classKey : nil
        let table: DisclosurePlan.Table = byClass.map { .textClasses(questionKey, classKey: $0) } ?? .texts(questionKey)
        let buckets = filterBucket.map { [$0] } ?? (group ? Array(Reports.ScoreGroup.allCases.indices) : [0])
        let periods = month ? period.months.compactMap { ReportPeriod(code: $0) } : [period]
        for part in periods {
            // The node's own cell always: with units named, the texts written at the node itself
            // are what remains of it.
            var rows = [try await plan.hidden(table, node: node, period: part)]
            if unit { rows += Array(try await plan.childrenHidden(table, of: node, period: part).values) }
            if rows.contains(where: { row in buckets.contains { row.count == 1 ? row[0] : row[$0] } }) { return false }
        }
        return true
    }
}
