import Foundation

/// A token bucket: `capacity` events at once, then one more every `interval` seconds.
public struct TokenBucket: Sendable, Equatable {
    public let capacity: Double
    public let interval: TimeInterval
    var tokens: Double
    var updatedAt: Date

    public init(capacity: Int, interval: TimeInterval, now: Date) {
        self.capacity = Double(capacity)
        self.interval = interval
        tokens = Double(capacity)
        updatedAt = now
    }

    /// Takes one token if there is one.
    public mutating func take(now: Date) -> Bool {
        tokens = min(capacity, tokens + max(0, now.timeIntervalSince(updatedAt)) / interval)
        updatedAt = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Full again: nothing is lost by forgetting it.
    public func isIdle(now: Date) -> Bool {
        tokens + now.timeIntervalSince(updatedAt) / interval >= capacity
    }
}

/// How many anonymous answers an open link (QR code, poster) and a kiosk accept in a short time.
/// One person answers a survey in tens of seconds, so a client sending dozens in a second is
/// stuffing the ballot; a busy waiting room behind one shared address, or a kiosk sending its
/// offline queue, stays well inside these.
public enum AnswerBurstRules {
    /// One client address on one open link: 10 at once, then one every 30 s (120 an hour).
    public static func perClient(now: Date) -> TokenBucket { TokenBucket(capacity: 10, interval: 30, now: now) }
    /// One open link from all addresses together: two minutes' worth at once, then `perSecond`
    /// (one by default; a county running a campaign can raise it).
    public static func perLink(now: Date, perSecond: Double = 1) -> TokenBucket {
        TokenBucket(capacity: max(120, Int(perSecond * 120)), interval: 1 / perSecond, now: now)
    }
    /// One kiosk: its offline queue of up to 30 at once, then one every 3 s (a person needs
    /// longer than that to tap an answer and read the thanks).
    public static func perKiosk(now: Date) -> TokenBucket { TokenBucket(capacity: 30, interval: 3, now: now) }
    /// One integration's API key: a catch-up batch of 1,200 requests at once, then ten a second
    /// (a county's visits in a day, or its phone answers, many times over).
    public static func perAPIKey(now: Date) -> TokenBucket { TokenBucket(capacity: 1_200, interval: 0.1, now: now) }
}
