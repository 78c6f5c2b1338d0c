import Foundation
import KaikuCore
import KaikuStorage
import Synchronization

/// Group commit for anonymous responses: requests arriving while a transaction is being written
/// wait, and are then written together in one transaction of two statements. Each request is
/// answered only after the transaction holding its response has committed, so an acknowledged
/// answer is stored. (Measured in docs/BENCHMARKS.md.)
actor ResponseWriter {
    typealias Item = (response: SurveyRepository.NewResponse, answers: [String: AnswerValue])

    let database: KaikuDatabase
    let clock: any KaikuClock
    private var pending: [(item: Item, waiter: CheckedContinuation<Bool, any Error>)] = []
    private var isWriting = false
    static let maxBatch = 128

    init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// Stores one response; false when its submission key was stored before.
    func write(_ item: Item) async throws -> Bool {
        try await withCheckedThrowingContinuation { waiter in
            pending.append((item, waiter))
            if !isWriting {
                isWriting = true
                Task { await writeAll() }
            }
        }
    }

    private func writeAll() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
            let items = batch.map(\.item)
            let now = clock.now()
            do {
                let results = try await database.transaction { db in try await SurveyRepository(db).insertBatch(items, now: now) }
                for (entry, stored) in zip(batch, results) { entry.waiter.resume(returning: stored) }
            } catch {
                for entry in batch { entry.waiter.resume(throwing: error) }
            }
        }
        isWriting = false
    }

    private static let writers = Mutex<[UUID: ResponseWriter]>([:])

    /// The writer of a database; one per database handle, shared by all requests.
    static func shared(for database: KaikuDatabase, clock: any KaikuClock) -> ResponseWriter {
        writers.withLock { writers in
            if let writer = writers[database.instanceID] { return writer }
            let writer = ResponseWriter(database: database, clock: clock)
            writers[database.instanceID] = writer
            return writer
        }
    }
}
