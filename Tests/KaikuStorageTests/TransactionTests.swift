import Foundation
import KaikuStorage
import KaikuTestSupport
import SQLKit
import Synchronization
import Testing

@Suite struct TransactionTests {
    /// Two use cases that lock the same two rows in opposite orders: on PostgreSQL one is chosen
    /// as the deadlock's victim (40P01) and runs again; both finish, each change made once.
    /// On PostgreSQL each first run waits until the other holds its first row, so the deadlock
    /// happens however the machine schedules the two (a fixed sleep alone missed it under load).
    @Test func aDeadlockVictimRunsAgain() async throws {
        try await TestDatabase.with { db in
            try await db.sql.raw("CREATE TABLE deadlock_test (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)").run()
            try await db.sql.raw("INSERT INTO deadlock_test (id, n) VALUES (1, 0), (2, 0)").run()
            let runs = Counter()
            let barrier = db.kind == .postgres ? Counter() : nil
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.lock(db, 1, then: 2, runs, barrier) }
                group.addTask { try await Self.lock(db, 2, then: 1, runs, barrier) }
                try await group.waitForAll()
            }
            struct Row: Decodable { let n: Int }
            let counts = try await db.sql.raw("SELECT n FROM deadlock_test ORDER BY id").all(decoding: Row.self).map(\.n)
            #expect(counts == [2, 2])
            // SQLite takes the write lock at BEGIN: no deadlock, no second run.
            #expect(runs.value == (db.kind == .postgres ? 3 : 2))
        }
    }

    final class Counter: Sendable {
        let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// SQLite takes the write lock at BEGIN, so there the other transaction cannot start until
    /// this one ends: no barrier (`firstRowsHeld` nil), only a pause.
    static func lock(
        _ db: KaikuDatabase, _ first: Int, then second: Int, _ runs: Counter, _ firstRowsHeld: Counter?
    ) async throws {
        try await db.transaction { sql in
            runs.add()
            try await sql.raw("UPDATE deadlock_test SET n = n + 1 WHERE id = \(bind: first)").run()
            if let firstRowsHeld {
                firstRowsHeld.add()
                let deadline = ContinuousClock.now + .seconds(30)
                while firstRowsHeld.value < 2, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
            } else {
                try await Task.sleep(for: .milliseconds(300))
            }
            try await sql.raw("UPDATE deadlock_test SET n = n + 1 WHERE id = \(bind: second)").run()
        }
    }
}
