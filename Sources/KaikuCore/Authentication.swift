import Foundation

/// Repeated failed logins make an account name wait before the next attempt. Counted per
/// normalised email, whether or not the account exists, so the answer reveals nothing. The wait
/// grows but stays short, so a stranger guessing cannot keep the real owner out for long; guessing
/// itself is stopped by the limit per client address, which the owner's address does not share.
public struct LoginThrottle: Sendable {
    /// Failures allowed before the first wait.
    public var freeAttempts = 5
    public var firstLock: TimeInterval = 15
    public var maxLock: TimeInterval = 120
    /// Failed logins one client address may make in an hour, over all accounts.
    public var failuresPerAddressPerHour = 30
    /// Extra wait added to every failed answer, per failure so far, to slow down guessing.
    public var delayPerFailure: TimeInterval = 0.25
    public var maxDelay: TimeInterval = 2

    public init() {}

    /// When an account with `failures` consecutive failures, the last at `lastFailure`, opens again.
    public func lockedUntil(failures: Int, lastFailure: Date) -> Date? {
        guard failures >= freeAttempts else { return nil }
        let doublings = min(failures - freeAttempts, 16)
        let seconds = min(firstLock * pow(2, Double(doublings)), maxLock)
        return lastFailure.addingTimeInterval(seconds)
    }

    public func isLocked(failures: Int, lastFailure: Date?, now: Date) -> Bool {
        guard let lastFailure, let until = lockedUntil(failures: failures, lastFailure: lastFailure) else { return false }
        return now < until
    }

    public func delay(afterFailures failures: Int) -> TimeInterval {
        min(Double(failures) * delayPerFailure, maxDelay)
    }
}

public enum PasswordRules {
    public static let minimumLength = 12
    /// bcrypt reads only the first 72 bytes; longer passwords would silently be cut.
    public static let maximumBytes = 72

    public enum Problem: String, Sendable, Error {
        case tooShort = "password_too_short"
        case tooLong = "password_too_long"
        case tooSimple = "password_too_simple"
    }

    public static func check(_ password: String) -> Problem? {
        if password.count < minimumLength { return .tooShort }
        if password.utf8.count > maximumBytes { return .tooLong }
        if Set(password).count < 5 { return .tooSimple }
        return nil
    }
}

public enum EmailAddress {
    /// Lower-cased and trimmed: the form people log in with.
    public static func normalise(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// A pragmatic check: one @, a dotted domain, no spaces, sensible length.
    public static func isValid(_ email: String) -> Bool {
        guard email.count <= 254, !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
            && labels.last!.count >= 2
    }
}
