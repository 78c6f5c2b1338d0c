import Foundation
import KaikuCore
import KaikuStorage

/// People and their grants, for the admin pages and `kaiku user`: each change one transaction with
/// its audit entry, the rules and the administrator's reach checked here, so that the web and the
/// command line behave alike. Out of reach is refused like a missing person or node.
public struct UserAdministration: Sendable {
    let database: KaikuDatabase
    let passwords: PasswordHasher
    let clock: any KaikuClock

    public init(database: KaikuDatabase, passwords: PasswordHasher, clock: any KaikuClock) {
        self.database = database
        self.passwords = passwords
        self.clock = clock
    }

    public struct Granted: Sendable {
        public let user: User
        public let isNew: Bool
        /// Shown once to whoever hands it over; it must be changed at the first login.
        public let oneTimePassword: String?
    }

    /// The people an admin may see and manage, with their grants (`AccessPolicy.access(toUser:)`).
    public func people(by actor: Actor) async throws -> [(user: User, grants: [GrantListing])] {
        let repository = UserRepository(database.sql)
        let grants = try await repository.allGrants()
        return try await repository.list().compactMap { user in
            let held = grants[user.id] ?? []
            let access = actor.policy.access(toUser: user.id, grants: held.map(\.grant), actingUserID: actor.id ?? "")
            return access == .manage ? (user, held) : nil
        }
    }

    /// The signed-in person's own grants, for their front page.
    public func ownGrants(by actor: Actor) async throws -> [GrantListing] {
        guard let id = actor.id else { return [] }
        return try await UserRepository(database.sql).grants(userID: id)
    }

    /// One person the admin manages, with their grants.
    public func person(_ id: String?, by actor: Actor) async throws -> (user: User, grants: [GrantListing]) {
        try await Reach(database.sql, actor).user(id)
    }

    /// A new person with a role on the node coded `scopeCode`. Refused, with every reason, for a
    /// bad address, name or role, a node outside the administrator's reach, or an address already
    /// in use (an existing person gets roles through `addGrant`).
    public func create(email: String, name: String, role: String, scopeCode: String, password: String? = nil,
                       by actor: Actor) async throws -> Granted {
        guard actor.policy.has(.admin) else { throw OutOfReach() }
        let email = EmailAddress.normalise(email)
        var problems: [Refused.Message] = []
        if !EmailAddress.isValid(email) { problems.append(.init("user_error_email")) }
        if name.isEmpty || name.count > 200 { problems.append(.init("user_error_name")) }
        let resolved = try await resolve(role: role, scopeCode: scopeCode, by: actor, problems: &problems)
        if problems.isEmpty, try await UserRepository(database.sql).find(email: email) != nil { problems.append(.init("user_error_exists")) }
        guard let (role, node) = resolved, problems.isEmpty else { throw Refused(problems) }
        return try await grant(email: email, name: name, role: role, on: node, password: password, by: actor)
    }

    /// A role on the node coded `scopeCode` for an existing person the administrator manages.
    public func addGrant(userID: String, role: String, scopeCode: String, by actor: Actor) async throws {
        let target = try await Reach(database.sql, actor).user(userID).user
        var problems: [Refused.Message] = []
        let resolved = try await resolve(role: role, scopeCode: scopeCode, by: actor, problems: &problems)
        guard let (role, node) = resolved, problems.isEmpty else { throw Refused(problems) }
        _ = try await grant(email: target.email, name: target.displayName, role: role, on: node, by: actor)
    }

    /// The role and node an administrator typed, when the node is within their reach.
    func resolve(role: String, scopeCode: String, by actor: Actor, problems: inout [Refused.Message]) async throws -> (Role, OrgNode)? {
        let role = Role(rawValue: role)
        if role == nil { problems.append(.init("user_error_role")) }
        guard let node = try await OrgRepository(database.sql).node(code: scopeCode), actor.policy.allows(.admin, onNodeAt: node.path) else {
            problems.append(.init("user_error_scope"))
            return nil
        }
        return role.map { ($0, node) }
    }

    /// Creates the person with a role on a node, or gives an existing person the role. Without a
    /// `password` a new person gets a one-time password. The callers have checked the rules.
    func grant(email: String, name: String, role: Role, on node: OrgNode, password: String? = nil, by actor: Actor) async throws -> Granted {
        let email = EmailAddress.normalise(email)
        // bcrypt is slow by design: hash only for a person who does not exist yet.
        let exists = try await UserRepository(database.sql).find(email: email) != nil
        let oneTime = password == nil && !exists ? TemporaryPassword.make() : nil
        let hash = exists ? "" : try await passwords.hash(password ?? oneTime!)
        let now = clock.now()
        return try await database.transaction { db in
            let users = UserRepository(db)
            let audit = AuditRepository(db)
            var user = try await users.find(email: email)
            let isNew = user == nil
            if user == nil {
                user = try await users.create(email: email, displayName: name, passwordHash: hash, mustChangePassword: oneTime != nil, now: now)
                try await audit.record(.userCreated, by: actor, target: ("user", user!.id), detail: email, now: now)
            }
            if try await users.addGrant(userID: user!.id, role: role, nodeID: node.id, now: now) {
                try await audit.record(.grantAdded, by: actor, target: ("user", user!.id), detail: "\(role.rawValue) @ \(node.code)", now: now)
            }
            return Granted(user: user!, isNew: isNew, oneTimePassword: isNew ? oneTime : nil)
        }
    }

    /// Renames or (de)activates a person the admin manages; deactivating ends their sessions.
    /// Nobody deactivates themselves.
    public func update(userID: String, name: String, isActive: Bool, by actor: Actor) async throws {
        guard !name.isEmpty, name.count <= 200 else { throw Refused("user_error_name") }
        guard isActive || actor.id != userID else { throw Refused("user_error_self_deactivate") }
        let now = clock.now()
        try await database.transaction { db in
            let target = try await Reach(db, actor).user(userID).user
            try await UserRepository(db).update(id: target.id, displayName: name, isActive: isActive, now: now)
            if !isActive { try await SessionRepository(db).deleteAll(userID: target.id) }
            try await AuditRepository(db).record(.userUpdated, by: actor, target: ("user", target.id), detail: "name=\(name) active=\(isActive)", now: now)
        }
    }

    /// Takes a role away from a person the admin manages; nobody takes away their own admin role.
    public func removeGrant(_ grantID: String, from userID: String, by actor: Actor) async throws {
        let now = clock.now()
        try await database.transaction { db in
            let (target, grants) = try await Reach(db, actor).user(userID)
            guard let grant = grants.first(where: { $0.id == grantID }) else { throw OutOfReach() }
            guard !(actor.id == target.id && grant.role == .admin) else { throw Refused("user_error_self_admin") }
            try await UserRepository(db).removeGrant(id: grant.id)
            try await AuditRepository(db).record(.grantRemoved, by: actor, target: ("user", target.id),
                                                 detail: "\(grant.role.rawValue) @ \(grant.nodeCode)", now: now)
        }
    }

    /// Gives a person the admin manages a one-time password that must be changed at the next
    /// login, ends their sessions and clears their failed logins; returns the password to hand
    /// over. Also how a county admin is recovered (`kaiku user reset-password`, the operator),
    /// since no admin reaches a peer.
    public func resetPassword(userID: String, by actor: Actor) async throws -> String {
        _ = try await Reach(database.sql, actor).user(userID)
        let password = TemporaryPassword.make()
        let hash = try await passwords.hash(password)
        let now = clock.now()
        try await database.transaction { db in
            let target = try await Reach(db, actor).user(userID).user
            try await UserRepository(db).setPassword(id: target.id, hash: hash, mustChange: true, now: now)
            try await SessionRepository(db).deleteAll(userID: target.id)
            try await UserRepository(db).clearFailures(email: target.email)
            try await AuditRepository(db).record(.passwordReset, by: actor, target: ("user", target.id), now: now)
        }
        return password
    }
}
