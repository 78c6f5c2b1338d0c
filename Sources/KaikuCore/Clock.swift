import Foundation

/// The source of "now". Every date rule takes one so tests can move time by hand.
public protocol KaikuClock: Sendable {
    func now() -> Date
}

public struct SystemClock: KaikuClock {
    public init() {}
    public func now() -> Date { Date() }
}
