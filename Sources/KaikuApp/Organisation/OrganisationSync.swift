import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// Syncing the organisation from a file (the admin page and `kaiku org import`), and editing one
/// node: each one transaction with its audit entry.
public struct OrganisationSync: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// What a sync of `rows` does; with `dryRun` only what it would do, nothing changed. A sync
    /// covers the whole tree, so only an admin of every root (or the operator) may run it.
    public func sync(_ rows: [OrgImport.Row], dryRun: Bool, by actor: Actor) async throws -> OrgSyncPlan {
        let now = clock.now()
        let specs = rows.map(\.node)
        if dryRun {
            try await requireEveryRoot(actor, database.sql)
            return OrgSyncPlan.make(existing: try await OrgRepository(database.sql).all().map(\.spec), incoming: specs, today: CalendarDay(now))
        }
        return try await database.transaction { db in
            try await requireEveryRoot(actor, db)
            let plan = try await OrgRepository(db).apply(specs, today: CalendarDay(now), now: now)
            try await AuditRepository(db).record(.orgImported, by: actor, target: nil,
                                                 detail: "created \(plan.creates.count), updated \(plan.updates.count), closed \(plan.closes.count)", now: now)
            return plan
        }
    }

    /// Saves a new node (`existingID` nil) or changes one, under the parent coded `parentCode`
    /// (empty for a root), when the admin reaches it and `OrgRules` allow it: checked in the
    /// saving transaction. Returns the node's id; refuses with every reason.
    public func save(_ spec: OrgNodeSpec, parentCode: String, existingID: String?, by actor: Actor) async throws -> String {
        let policy = actor.policy
        let now = clock.now()
        return try await database.transaction { db in
            let repository = OrgRepository(db)
            var existing: OrgNode?
            if let existingID {
                guard let node = try await repository.node(id: existingID), policy.allows(.admin, onNodeAt: node.path) else {
                    throw Refused("org_error_not_found")
                }
                existing = node
            }
            var problems: [Refused.Message] = []
            var parent: OrgNode?
            if !parentCode.isEmpty {
                parent = try await repository.node(code: parentCode)
                // The top of a scoped admin's tree keeps its parent, which lies outside their scope.
                let keepsParent = existing != nil && parent != nil && parent?.id == existing?.parentID
                if parent == nil || !(keepsParent || policy.allows(.admin, onNodeAt: parent!.path)) {
                    problems.append(.init(OrgRules.EditProblem.unknownParent.rawValue))
                    parent = nil
                }
            } else if existing == nil || existing?.parentID != nil {
                // A new root is for an admin of every existing root; a scoped admin stays inside their tree.
                if !(try await repository.roots()).allSatisfy({ policy.allows(.admin, onNodeAt: $0.path) }) {
                    problems.append(.init("org_error_root_scope"))
                }
            }
            if problems.isEmpty {
                let childLevels = existing == nil ? [] : try await repository.levels(ofChildrenOf: existing!.id)
                var found = OrgRules.check(spec, parent: parent, childLevels: childLevels)
                if let existing, let parent, parent.path.hasPrefix(existing.path) { found.append(.parentIsDescendant) }
                if let other = try await repository.node(code: spec.code), other.id != existing?.id { found.append(.duplicateCode) }
                problems += found.map { Refused.Message($0.rawValue) }
            }
            guard problems.isEmpty else { throw Refused(problems) }
            if let existing {
                try await repository.update(existing, to: spec, parent: parent, now: now)
                try await AuditRepository(db).record(.orgNodeUpdated, by: actor, target: ("org_node", existing.id),
                                                     detail: OrgNodeSpec.describeChange(from: existing.spec, to: spec), now: now)
                return existing.id
            }
            let node = try await repository.insert(spec, parent: parent, now: now)
            try await AuditRepository(db).record(.orgNodeCreated, by: actor, target: ("org_node", node.id), detail: spec.code, now: now)
            return node.id
        }
    }

    func requireEveryRoot(_ actor: Actor, _ db: any SQLDatabase) async throws {
        for root in try await OrgRepository(db).roots() where !actor.policy.allows(.admin, onNodeAt: root.path) { throw ReadOnly() }
    }

    /// The tops of an admin's own scope (the county, or their area or unit) with their children:
    /// where the organisation page starts.
    public func tops(by actor: Actor) async throws -> [(node: OrgNode, children: [OrgNode])] {
        let repository = OrgRepository(database.sql)
        var trees: [(OrgNode, [OrgNode])] = []
        for top in try await repository.nodes(ids: actor.policy.scopePaths(for: .admin).compactMap { OrgPath.ids(in: $0).last }) {
            trees.append((top, try await repository.children(of: top.id)))
        }
        return trees
    }

    /// Nodes in the admin's scope whose name or code matches `query`.
    public func search(_ query: String, by actor: Actor) async throws -> [OrgNode] {
        try await OrgRepository(database.sql).search(query, within: actor.policy.scopePaths(for: .admin))
    }

    /// Every node in the admin's scope, for the CSV export.
    public func export(by actor: Actor) async throws -> String {
        OrgImport.csv(try await OrgRepository(database.sql).all().filter { actor.policy.allows(.admin, onNodeAt: $0.path) }.map(\.spec))
    }

    /// The units and areas an admin manages (no service points), in tree order: what they may set
    /// targets on or grant roles at.
    public func managed(by actor: Actor) async throws -> [OrgNode] {
        try await OrgRepository(database.sql).nodes(within: actor.policy.scopePaths(for: .admin))
    }

    /// A node in the admin's scope, for its page.
    public func node(_ id: String?, by actor: Actor) async throws -> OrgNode {
        try await Reach(database.sql, actor).node(id, as: [.admin])
    }

    /// A node's ancestors and children, for its page.
    public func family(of node: OrgNode) async throws -> (ancestors: [OrgNode], children: [OrgNode]) {
        let repository = OrgRepository(database.sql)
        return (try await repository.ancestors(of: node), try await repository.children(of: node.id))
    }
}
