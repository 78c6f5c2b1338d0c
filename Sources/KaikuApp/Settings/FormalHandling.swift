import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// Where objections and complaints go (muistutus, kantelu): the node whose handlers take them
/// over in Kaiku, the registry's address that gets each one by email, or both. Set by the county
/// admin; a handler's hand-off is refused while neither is set.
public struct FormalHandling: Sendable, Equatable {
    public var email: String?
    public var nodeCode: String?

    public var isSet: Bool { email != nil || nodeCode != nil }

    static let emailKey = "formal_email", nodeKey = "formal_node"

    public static func load(_ sql: any SQLDatabase) async throws -> FormalHandling {
        let values = try await SettingsRepository(sql).values([emailKey, nodeKey])
        return FormalHandling(email: values[emailKey].flatMap { $0.isEmpty ? nil : $0 }, nodeCode: values[nodeKey].flatMap { $0.isEmpty ? nil : $0 })
    }
}

extension CountySettings {
    public func formalHandling(by actor: Actor) async throws -> FormalHandling {
        try Reach(database.sql, actor).requireCountyAdmin()
        return try await FormalHandling.load(database.sql)
    }

    /// Sets where objections and complaints go; empty clears a part. Refused for an address that
    /// is not one, or a code that is no active node above the service points.
    public func setFormalHandling(email: String, nodeCode: String, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        let email = EmailAddress.normalise(email.trimmingCharacters(in: .whitespaces)), code = nodeCode.trimmingCharacters(in: .whitespaces)
        var problems: [Refused.Message] = []
        if !email.isEmpty && !EmailAddress.isValid(email) { problems.append(.init("formal_error_email")) }
        if !code.isEmpty {
            let node = try await OrgRepository(database.sql).node(code: code)
            if node.map({ $0.level == .servicePoint || !$0.spec.isActive(on: CalendarDay(clock.now())) }) ?? true {
                problems.append(.init("area_error_node", ["code": code]))
            }
        }
        guard problems.isEmpty else { throw Refused(problems) }
        let now = clock.now()
        try await database.transaction { db in
            try await SettingsRepository(db).set(FormalHandling.emailKey, email, now: now)
            try await SettingsRepository(db).set(FormalHandling.nodeKey, code, now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("settings", "formal_handling"),
                                                 detail: "email=\(email) node=\(code)", now: now)
        }
    }
}
