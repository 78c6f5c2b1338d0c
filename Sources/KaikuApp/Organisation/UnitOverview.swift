import Foundation
import KaikuCore
import KaikuStorage

/// The units a handler or reporter is responsible for, and one unit's page: its place in the
/// tree and how its feedback keeps the service promise. Out of scope is the same as missing.
public struct UnitOverview: Sendable {
    public let node: OrgNode
    public let ancestors: [OrgNode]
    public let children: [OrgNode]
    public let adherence: FeedbackRepository.Adherence

    static let roles: Set<Role> = [.handler, .reporter]

    public static func query(id: String?, by actor: Actor, database: KaikuDatabase, now: Date) async throws -> UnitOverview {
        let node = try await Reach(database.sql, actor).node(id, as: roles)
        let repository = OrgRepository(database.sql)
        return UnitOverview(node: node, ancestors: try await repository.ancestors(of: node), children: try await repository.children(of: node.id),
                            adherence: try await FeedbackRepository(database.sql).adherence(path: node.path, now: now))
    }

    /// Units in the person's handler and reporter scope whose name or code matches `query`.
    public static func units(matching query: String, by actor: Actor, database: KaikuDatabase) async throws -> [OrgNode] {
        let paths = roles.sorted { $0.rawValue < $1.rawValue }.flatMap { actor.policy.scopePaths(for: $0) }
        return try await OrgRepository(database.sql).search(query, within: paths, limit: 500).filter { $0.level == .unit }
    }
}
