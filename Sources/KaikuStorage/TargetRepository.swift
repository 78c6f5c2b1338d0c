import Foundation
import KaikuCore
import SQLKit

/// Report targets (`report_targets`): set by admins, read by every report.
public struct TargetRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    struct Row: Decodable {
        let id: String, node_id: String, survey_id: String, question_key: String, starts_on: String, ends_on: String, target: Double

        var asTarget: ReportTarget? {
            guard let from = CalendarDay(starts_on), let to = CalendarDay(ends_on) else { return nil }
            return ReportTarget(id: id, nodeID: node_id, surveyID: survey_id, questionKey: question_key, startsOn: from, endsOn: to, value: target)
        }
    }

    static let columns = "SELECT id, node_id, survey_id, question_key, starts_on, ends_on, target FROM report_targets"

    /// Stores a target; one already set for the same node, question and days is replaced.
    public func set(_ target: ReportTarget, now: Date) async throws {
        try await sql.raw("""
            DELETE FROM report_targets WHERE node_id = \(bind: target.nodeID) AND survey_id = \(bind: target.surveyID)
                AND question_key = \(bind: target.questionKey) AND starts_on = \(bind: target.startsOn.description) AND ends_on = \(bind: target.endsOn.description)
            """).run()
        try await sql.raw("""
            INSERT INTO report_targets (id, node_id, survey_id, question_key, starts_on, ends_on, target, created_at)
            VALUES (\(bind: target.id), \(bind: target.nodeID), \(bind: target.surveyID), \(bind: target.questionKey),
                    \(bind: target.startsOn.description), \(bind: target.endsOn.description), \(bind: target.value), \(bind: Timestamp.format(now)))
            """).run()
    }

    public func find(id: String) async throws -> ReportTarget? {
        try await sql.raw(SQLQueryString(Self.columns) + " WHERE id = \(bind: id)").first(decoding: Row.self)?.asTarget
    }

    public func delete(id: String) async throws {
        try await sql.raw("DELETE FROM report_targets WHERE id = \(bind: id)").run()
    }

    /// The targets of one survey at the given nodes (a node and its ancestors).
    public func targets(surveyID: String, nodeIDs: [String]) async throws -> [ReportTarget] {
        guard !nodeIDs.isEmpty else { return [] }
        return try await sql.raw(SQLQueryString(Self.columns) + " WHERE survey_id = \(bind: surveyID) AND node_id IN (\(binds: nodeIDs))")
            .all(decoding: Row.self).compactMap(\.asTarget)
    }

    /// Every target, newest period first (an admin page filters them by scope).
    public func all() async throws -> [ReportTarget] {
        try await sql.raw(SQLQueryString(Self.columns) + " ORDER BY starts_on DESC, question_key").all(decoding: Row.self).compactMap(\.asTarget)
    }
}
