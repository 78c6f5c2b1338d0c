import Foundation
import KaikuCore
import SQLKit

/// Who receives which node's report by email, and how often (`report_subscriptions`).
public struct SubscriptionRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// How often a report is sent: monthly, after each quarter, after each year.
    public enum Frequency: String, Sendable, CaseIterable {
        case month, quarter, year

        /// The frequency whose report covers a period of this kind (a custom period prints as a month's).
        public init(periodKind: ReportPeriod.Kind) {
            switch periodKind {
            case .quarter: self = .quarter
            case .year: self = .year
            case .month, .custom: self = .month
            }
        }

        /// The period the report covers, as `ReportPeriod.last` names it.
        public var periodKind: ReportPeriod.Kind {
            switch self {
            case .month: .month
            case .quarter: .quarter
            case .year: .year
            }
        }
    }

    public struct Subscription: Sendable, Equatable, Identifiable {
        public let id: String
        public let userID: String
        public let nodeID: String
        public let surveyID: String
        public let frequency: Frequency
        public let language: Language
    }

    struct Row: Decodable {
        let id: String, user_id: String, node_id: String, survey_id: String, frequency: String, language: String
        var subscription: Subscription {
            Subscription(id: id, userID: user_id, nodeID: node_id, surveyID: survey_id, frequency: Frequency(rawValue: frequency) ?? .month,
                         language: Language(shipped: language) ?? .fi)
        }
    }

    static let columns = "SELECT id, user_id, node_id, survey_id, frequency, language FROM report_subscriptions"

    /// Adds a subscription and returns its id; the same person, node, survey and frequency twice is one subscription.
    public func add(userID: String, nodeID: String, surveyID: String, frequency: Frequency, language: Language, createdBy: String?,
                    now: Date) async throws -> String {
        let id = Identifier.make(at: now)
        try await sql.raw("""
            INSERT INTO report_subscriptions (id, user_id, node_id, survey_id, frequency, language, created_by, created_at)
            VALUES (\(bind: id), \(bind: userID), \(bind: nodeID), \(bind: surveyID), \(bind: frequency.rawValue), \(bind: language.rawValue),
                    \(bind: createdBy), \(bind: Timestamp.format(now)))
            ON CONFLICT (user_id, node_id, survey_id, frequency) DO NOTHING
            """).run()
        struct IDRow: Decodable { let id: String }
        return try await sql.raw("""
            SELECT id FROM report_subscriptions WHERE user_id = \(bind: userID) AND node_id = \(bind: nodeID) AND survey_id = \(bind: surveyID)
                AND frequency = \(bind: frequency.rawValue)
            """).first(decoding: IDRow.self)?.id ?? id
    }

    public func find(id: String) async throws -> Subscription? {
        try await sql.raw(SQLQueryString(Self.columns) + " WHERE id = \(bind: id)").first(decoding: Row.self)?.subscription
    }

    public func delete(id: String) async throws {
        try await sql.raw("DELETE FROM report_subscriptions WHERE id = \(bind: id)").run()
    }

    public func all() async throws -> [Subscription] {
        try await sql.raw(SQLQueryString(Self.columns) + " ORDER BY created_at").all(decoding: Row.self).map(\.subscription)
    }

    public func of(userID: String) async throws -> [Subscription] {
        try await sql.raw(SQLQueryString(Self.columns) + " WHERE user_id = \(bind: userID) ORDER BY created_at").all(decoding: Row.self).map(\.subscription)
    }
}
