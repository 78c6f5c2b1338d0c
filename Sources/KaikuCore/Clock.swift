import Foundation

/// The source of "now". Every date rule takes one so tests can move time by hand.
public protocol KaikuClock: Sendable {
    func now() -> Date
}

public struct SystemClock: KaikuClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// The system clock moved to another moment, running on from there: a command told to act as
/// another day (`--today`: a missed run, or a test on a day that is not a working day).
public struct ShiftedClock: KaikuClock {
    let offset: TimeInterval

    public init(startingAt start: Date) { offset = start.timeIntervalSinceNow }

    public func now() -> Date { Date().addingTimeInterval(offset) }
}
