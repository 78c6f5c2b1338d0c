import Foundation
import KaikuApp
import KaikuCore

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

/// Collects messages in memory; for tests.
public final class RecordingMailer: Mailer, @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [OutgoingEmail] = []
    private var isFailing = false
    public var failing: Bool {
        get { lock.withLock { isFailing } }
        set { lock.withLock { isFailing = newValue } }
    }

    public init() {}

    public var sent: [OutgoingEmail] { lock.withLock { messages } }

    public func send(_ email: OutgoingEmail) async throws {
        struct Down: Error {}
        if failing { throw Down() }
        lock.withLock { messages.append(email) }
    }
}

/// Collects text messages in memory, and fails while told to; for tests.
public final class RecordingSMSGateway: SMSGateway, @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [OutgoingSMS] = []
    private var isFailing = false
    public var failing: Bool {
        get { lock.withLock { isFailing } }
        set { lock.withLock { isFailing = newValue } }
    }

    public init() {}

    public var sent: [OutgoingSMS] { lock.withLock { messages } }

    public func send(_ message: OutgoingSMS) async throws {
        struct Down: Error {}
        if failing { throw Down() }
        lock.withLock { messages.append(message) }
    }
}
