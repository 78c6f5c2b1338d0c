import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

extension SMSDispatch {
    /// Which units invitations name (`SMSNaming`): every node by id, for the paths, and the
    /// admin's choices. Loaded once per run.
    struct Naming: Sendable {
        let nodes: [String: OrgNode]
        let choices: [String: Bool]
        let county: OrgNode?

        static func load(_ sql: any SQLDatabase) async throws -> Naming {
            let all = try await OrgRepository(sql).all()
            return Naming(nodes: Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) }), choices: try await SMSRepository(sql).namingChoices(),
                          county: all.first { $0.parentID == nil })
        }

        func path(of node: OrgNode) -> [OrgNode] { OrgPath.ids(in: node.path).compactMap { nodes[$0] } }

        func namesUnit(_ node: OrgNode) -> Bool { SMSNaming.namesUnit(path: path(of: node), choices: choices) }

        func county(of node: OrgNode) -> OrgNode { path(of: node).first ?? node }

        /// The county's name: what an invitation says instead of a unit it may not name.
        var countyName: LocalizedText { county?.name ?? LocalizedText(fi: "Hyvinvointialue", sv: "Välfärdsområdet", en: "Wellbeing services county") }
    }

    /// A node whose units invitations do not name by default, or that the admin decided on.
    public struct UnitNaming: Sendable, Equatable {
        public let node: OrgNode
        /// Named when nothing was chosen: false for a sensitive service.
        public let byDefault: Bool
        /// The admin's choice, if any.
        public let choice: Bool?
    }

    /// The nodes an admin would look at: the top of each subtree not named by default (the units
    /// under it follow it), and every node with a choice.
    public func unitNaming(by actor: Actor) async throws -> [UnitNaming] {
        try Reach(database.sql, actor).requireCountyAdmin()
        return Self.unitNaming(try await Naming.load(database.sql))
    }

    static func unitNaming(_ naming: Naming) -> [UnitNaming] {
        naming.nodes.values.compactMap { node in
            let path = naming.path(of: node)
            let byDefault = SMSNaming.namedByDefault(path: path)
            let choice = naming.choices[node.id]
            let topOfSensitive = !byDefault && path.count > 1 && SMSNaming.namedByDefault(path: Array(path.dropLast()))
            guard choice != nil || topOfSensitive else { return nil }
            return UnitNaming(node: node, byDefault: byDefault, choice: choice)
        }
        .sorted { $0.node.path < $1.node.path }
    }

    /// Whether invitations name the units under the node `code`; nil returns it to the default rule.
    public func setUnitNaming(code: String, namesUnit: Bool?, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        let now = clock.now()
        try await database.transaction { db in
            guard let node = try await OrgRepository(db).node(code: code) else { throw Refused([Refused.Message("sms_error_naming_unit")]) }
            try await SMSRepository(db).setNamingChoice(nodeID: node.id, namesUnit: namesUnit, now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("sms_unit_naming", node.code),
                                                 detail: namesUnit.map { $0 ? "named" : "neutral" } ?? "default", now: now)
        }
    }
}
