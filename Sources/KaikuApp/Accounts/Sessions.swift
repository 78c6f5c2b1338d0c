import Foundation
import KaikuCore
import KaikuStorage

/// Logging in and out and changing one's own password: each one transaction with its audit entry.
/// (The throttle that decides whether a login may be tried is `LoginThrottle`, KaikuCore.)
public struct Sessions: Sendable {
    let database: KaikuDatabase
    let passwords: PasswordHasher
    let clock: any KaikuClock
    let throttle: LoginThrottle

    public init(database: KaikuDatabase, passwords: PasswordHasher, clock: any KaikuClock, throttle: LoginThrottle = LoginThrottle()) {
        self.database = database
        self.passwords = passwords
        self.clock = clock
        self.throttle = throttle
    }

    public enum LoginOutcome: Sendable {
        case started(User, token: String)
        /// Too many failures from this client address within the hour, over all accounts.
        case addressBlocked
        /// The account waits until this time after repeated failures (`LoginThrottle`).
        case waiting(until: Date)
        /// A wrong address or password, told apart from neither.
        case invalid
    }

    /// Tries a login. Only a valid address is stored (failure counts, audit log). Failures count
    /// per account and per client (`clientKey`: the address, an IPv6 client's /64), and every
    /// answer about an unknown account takes as long as one about a known one.
    public func logIn(email typed: String, password: String, clientKey: String, lifetime: TimeInterval, ip: String?) async throws -> LoginOutcome {
        let now = clock.now()
        let sql = database.sql
        let users = UserRepository(sql)
        let audit = AuditRepository(sql)
        let settings = SettingsRepository(sql)
        let email = EmailAddress.isValid(typed) ? typed : ""
        let actor = Actor(id: nil, email: email.isEmpty ? nil : email, ip: ip)
        // Guessing across many accounts from one address stops here, without locking any account.
        let addressKey = "login:" + SessionRepository.hash(clientKey + (try await settings.secret("form_secret", now: now)))
        if try await settings.countInHour(addressKey, now: now) >= throttle.failuresPerAddressPerHour {
            try await audit.record(.loginLocked, by: actor, detail: "address", now: now)
            return .addressBlocked
        }
        guard !email.isEmpty, password.utf8.count <= 1024 else {
            try await settings.recordInHour(addressKey, now: now)
            try await audit.record(.loginFailed, by: actor, detail: "invalid address", now: now)
            return .invalid
        }
        let failures = try await users.failures(email: email)
        if let last = failures.last, throttle.isLocked(failures: failures.count, lastFailure: last, now: now) {
            try await audit.record(.loginLocked, by: actor, now: now)
            return .waiting(until: throttle.lockedUntil(failures: failures.count, lastFailure: last) ?? now)
        }
        let user = try await users.find(email: email)
        let matches = try await passwords.verify(password, hash: user?.passwordHash ?? passwords.decoyHash)
        guard let user, matches, user.isActive else {
            let count = try await users.recordFailure(email: email, now: now)
            try await settings.recordInHour(addressKey, now: now)
            try await audit.record(.loginFailed, by: Actor(id: user?.id, email: email, ip: ip), now: now)
            try await Task.sleep(for: .seconds(throttle.delay(afterFailures: count)))
            if throttle.isLocked(failures: count, lastFailure: now, now: now) {
                return .waiting(until: throttle.lockedUntil(failures: count, lastFailure: now) ?? now)
            }
            return .invalid
        }
        return .started(user, token: try await start(for: user, lifetime: lifetime, by: Actor(id: user.id, email: user.email, ip: ip)))
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
