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

    /// Saves a node checked by `OrgRules` (the caller checked the admin's scope); returns its id.
    public func save(_ spec: OrgNodeSpec, parent: OrgNode?, existing: OrgNode?, by actor: Actor) async throws -> String {
        let now = clock.now()
        return try await database.transaction { db in
            let repository = OrgRepository(db)
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
