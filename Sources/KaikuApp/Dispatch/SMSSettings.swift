import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// The county's SMS settings: the sending policy, the message texts, and the admin's overview.
extension SMSDispatch {
    /// Each policy field and its settings key.
    static let policyFields: [(key: String, field: WritableKeyPath<SMSPolicy, Int> & Sendable)] = [
        ("sms_window_start", \.windowStart), ("sms_window_end", \.windowEnd), ("sms_per_minute", \.perMinute),
        ("sms_recent_days", \.recentDays), ("sms_link_days", \.linkDays), ("sms_retention_days", \.retentionDays),
        ("sms_reply_answers", \.replyAnswers),
    ]

    /// The county's policy (one query: the sender reads it every second).
    public static func policy(_ sql: any SQLDatabase) async throws -> SMSPolicy {
        let values = try await SettingsRepository(sql).values(policyFields.map(\.key))
        var policy = SMSPolicy.standard
        for (key, field) in policyFields {
            if let value = values[key].flatMap(Int.init) { policy[keyPath: field] = value }
        }
        return policy
    }

    /// What the county admin's SMS page shows: the settings, the texts, the plan for a day and
    /// how many numbers have refused messages.
    public struct Overview: Sendable {
        public let policy: SMSPolicy
        public let texts: [Language: String]
        public let decisions: [DispatchDecision]
        public let refusals: Int
        /// What an invitation says instead of a unit it may not name, and the units concerned.
        public let countyName: LocalizedText
        public let naming: [UnitNaming]
        /// Where an invitation's link points (its length counts in the message's).
        public let linkBase: String
    }

    public func overview(on day: CalendarDay, by actor: Actor) async throws -> Overview {
        try Reach(database.sql, actor).requireCountyAdmin()
        let naming = try await Naming.load(database.sql)
        return Overview(policy: try await Self.policy(database.sql), texts: try await texts(), decisions: try await plan(on: day),
                        refusals: try await SMSRepository(database.sql).refusalCount(),
                        countyName: naming.countyName, naming: Self.unitNaming(naming), linkBase: publicURL)
    }

    public func setPolicy(_ policy: SMSPolicy, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        guard policy.problems.isEmpty else { throw Refused(policy.problems.map { Refused.Message($0) }) }
        let now = clock.now()
        let values = Self.policyFields.map { ($0.key, policy[keyPath: $0.field]) }
        try await database.transaction { db in
            for (key, value) in values { try await SettingsRepository(db).set(key, String(value), now: now) }
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("settings", "sms"),
                                                 detail: values.map { "\($0)=\($1)" }.joined(separator: " "), now: now)
        }
    }

    /// The message text per language: the county's, or the default.
    public func texts() async throws -> [Language: String] {
        SMSTemplate.defaults.merging(try await SMSRepository(database.sql).texts()) { _, edited in edited }
    }

    public func setText(_ text: String, language: Language, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        let problems = SMSTemplate.problems(text, county: try await Naming.load(database.sql).countyName[language], linkBase: publicURL)
        guard problems.isEmpty else { throw Refused(problems.map { Refused.Message($0) }) }
        let now = clock.now()
        try await database.transaction { db in
            try await SMSRepository(db).setText(text, language: language, now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("sms_text", language.rawValue), detail: "", now: now)
        }
    }
}
