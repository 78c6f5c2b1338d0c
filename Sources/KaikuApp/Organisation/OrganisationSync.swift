import Foundation
import KaikuCore
import KaikuStorage

/// Syncing the organisation from a file (the admin page and `kaiku org import`), and editing one
/// node: each one transaction with its audit entry.
public struct OrganisationSync: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// What a sync of `rows` does; with `dryRun` only what it would do, nothing changed.
    public func sync(_ rows: [OrgImport.Row], dryRun: Bool, by actor: Actor) async throws -> OrgSyncPlan {
        let now = clock.now()
        let specs = rows.map(\.node)
        if dryRun {
            return OrgSyncPlan.make(existing: try await OrgRepository(database.sql).all().map(\.spec), incoming: specs, today: CalendarDay(now))
        }
        return try await database.transaction { db in
            let plan = try await OrgRepository(db).apply(specs, today: CalendarDay(now), now: now)
            try await AuditRepository(db).record(.orgImported, by: actor, target: nil,
                                                 detail: "created \(plan.creates.count), updated \(plan.updates.count), closed \(plan.closes.count)", now: now)
            return plan
        }
    }

    /// Saves a new node (`existingID` nil) or changes one, under the parent coded `parentCode`
    /// (empty for a root), when the admin reaches it and `OrgRules` allow it: checked in the
    /// saving transaction. Returns the node's id; refuses with every reason.
    public func save(_ spec: OrgNodeSpec, parentCode: String, existingID: String?, policy: AccessPolicy, by actor: Actor) async throws -> String {
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
}
