import Foundation

/// The source of "now". Every date rule takes one so tests can move time by hand.
public protocol KaikuClock: Sendable {
    func now() -> Date
}

public struct SystemClock: KaikuClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until told to move; for tests and dry runs.
public final class ManualClock: KaikuClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) { current = start }

    public func now() -> Date { lock.withLock { current } }

    public func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) { lock.withLock { current = date } }
}
