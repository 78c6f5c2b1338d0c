import Foundation
import KaikuCore
import KaikuStorage

/// Gives a person a one-time password that must be changed at the next login, ends their
/// sessions and clears their failed logins, with the audit entry: one transaction, used by the
/// admin page and by `kaiku user reset-password` (how a county admin is recovered, since no admin
/// reaches a peer: docs/SECURITY.md).
public enum PasswordReset {
    /// Returns the one-time password to hand over.
    public static func run(userID: String, email: String, database: KaikuDatabase, passwords: PasswordHasher,
                           actor: Actor, now: Date) async throws -> String {
        let password = TemporaryPassword.make()
        let hash = try await passwords.hash(password)
        try await database.transaction { db in
            try await UserRepository(db).setPassword(id: userID, hash: hash, mustChange: true, now: now)
            try await SessionRepository(db).deleteAll(userID: userID)
            try await UserRepository(db).clearFailures(email: email)
            try await AuditRepository(db).record(.passwordReset, by: actor, target: ("user", userID), now: now)
        }
        return password
    }
}
