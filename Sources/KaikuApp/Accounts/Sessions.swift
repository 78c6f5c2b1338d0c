import Foundation
import KaikuCore
import KaikuStorage

/// Logging in and out and changing one's own password: each one transaction with its audit entry.
/// (The throttle that decides whether a login may be tried is `LoginThrottle`, KaikuCore.)
public struct Sessions: Sendable {
    let database: KaikuDatabase
    let passwords: PasswordHasher
    let clock: any KaikuClock

    public init(database: KaikuDatabase, passwords: PasswordHasher, clock: any KaikuClock) {
        self.database = database
        self.passwords = passwords
        self.clock = clock
    }

    /// A session for a person whose password was right; returns the cookie's token.
    public func start(for user: User, lifetime: TimeInterval, by actor: Actor) async throws -> String {
        let now = clock.now()
        return try await database.transaction { db in
            try await UserRepository(db).clearFailures(email: user.email)
            let (token, _) = try await SessionRepository(db).create(userID: user.id, now: now, lifetime: lifetime)
            try await AuditRepository(db).record(.login, by: actor, target: ("user", user.id), now: now)
            return token
        }
    }

    public func end(token: String, userID: String, by actor: Actor) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await SessionRepository(db).delete(token: token)
            try await AuditRepository(db).record(.logout, by: actor, target: ("user", userID), now: now)
        }
    }

    /// Sets a new password (checked by `PasswordRules`) and ends the person's other sessions.
    public func changePassword(of user: User, to password: String, keeping token: String, by actor: Actor) async throws {
        let hash = try await passwords.hash(password)
        let now = clock.now()
        try await database.transaction { db in
            try await UserRepository(db).setPassword(id: user.id, hash: hash, mustChange: false, now: now)
            try await SessionRepository(db).deleteAll(userID: user.id, keeping: token)
            try await AuditRepository(db).record(.passwordChanged, by: actor, target: ("user", user.id), now: now)
        }
    }
}
