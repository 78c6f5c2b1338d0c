import Foundation
import KaikuCore
import KaikuStorage

/// People and their grants, for the admin pages and `kaiku user`: each change one transaction with
/// its audit entry. The callers have checked the admin's reach (`AccessPolicy.access(toUser:)`).
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

    /// Creates the person with a role on a node, or gives an existing person the role. Without a
    /// `password` a new person gets a one-time password.
    public func grant(email: String, name: String, role: Role, on node: OrgNode, password: String? = nil, by actor: Actor) async throws -> Granted {
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

    /// Renames or (de)activates a person; deactivating ends their sessions.
    public func update(_ target: User, name: String, isActive: Bool, by actor: Actor) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await UserRepository(db).update(id: target.id, displayName: name, isActive: isActive, now: now)
            if !isActive { try await SessionRepository(db).deleteAll(userID: target.id) }
            try await AuditRepository(db).record(.userUpdated, by: actor, target: ("user", target.id), detail: "name=\(name) active=\(isActive)", now: now)
        }
    }

    public func removeGrant(_ grant: GrantListing, from target: User, by actor: Actor) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await UserRepository(db).removeGrant(id: grant.id)
            try await AuditRepository(db).record(.grantRemoved, by: actor, target: ("user", target.id),
                                                 detail: "\(grant.role.rawValue) @ \(grant.nodeCode)", now: now)
        }
    }

    /// Gives the person a one-time password that must be changed at the next login, ends their
    /// sessions and clears their failed logins; returns the password to hand over. Also how a
    /// county admin is recovered (`kaiku user reset-password`), since no admin reaches a peer.
    public func resetPassword(_ target: User, by actor: Actor) async throws -> String {
        let password = TemporaryPassword.make()
        let hash = try await passwords.hash(password)
        let now = clock.now()
        try await database.transaction { db in
            try await UserRepository(db).setPassword(id: target.id, hash: hash, mustChange: true, now: now)
            try await SessionRepository(db).deleteAll(userID: target.id)
            try await UserRepository(db).clearFailures(email: target.email)
            try await AuditRepository(db).record(.passwordReset, by: actor, target: ("user", target.id), now: now)
        }
        return password
    }
}
