import Foundation
import KaikuCore
import KaikuStorage
import Synchronization

/// Group commit for anonymous responses: requests arriving while a transaction is being written
/// wait, and are then written together in one transaction of two statements. Each request is
/// answered only after the transaction holding its response has committed, so an acknowledged
/// answer is stored. A batch's report counts go to `rollup_pending` in the same transaction, and
/// are folded into the rollups at most every half second, so reports lag answers by about that
/// and the answer path writes one row for them instead of hundreds. (Measured in docs/BENCHMARKS.md.)
public actor ResponseWriter {
    public typealias Item = (response: SurveyRepository.NewResponse, answers: [String: AnswerValue])

    let database: KaikuDatabase
    let clock: any KaikuClock
    private var pending: [(item: Item, waiter: CheckedContinuation<Bool, any Error>)] = []
    private var isWriting = false
    static let maxBatch = 128
    /// Batches written since the last fold; a fold is due after `foldInterval`.
    private var unfolded = false
    private var lastFold = ContinuousClock.now
    private var foldScheduled = false
    private var stopped = false
    static let foldInterval = Duration.milliseconds(500)

    init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// Stores one response; false when its submission key was stored before.
    public func write(_ item: Item) async throws -> Bool {
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
                let results = try await database.transaction { db in
                    try await SurveyRepository(db).insertBatch(items, now: now, rollups: .deferred)
                }
                for (entry, stored) in zip(batch, results) { entry.waiter.resume(returning: stored) }
                unfolded = true
            } catch {
                for entry in batch { entry.waiter.resume(throwing: error) }
            }
            if unfolded && ContinuousClock.now - lastFold >= Self.foldInterval { await fold() }
        }
        isWriting = false
        if unfolded && !foldScheduled {
            foldScheduled = true
            Task {
                try? await Task.sleep(for: Self.foldInterval)
                await self.foldWhenIdle()
            }
        }
    }

    private func foldWhenIdle() async {
        foldScheduled = false
        if unfolded && !isWriting && !stopped { await fold() }
    }

    /// Before the database closes: fold what waits, and fold nothing later.
    private func stop() async {
        stopped = true
        if unfolded { await fold() }
    }

    /// Folds the waiting report counts into the rollups, one fold at a time (on PostgreSQL a
    /// second fold would skip the rows the first has locked and return before they are in).
    /// A failure leaves them waiting for the next fold; nothing is lost.
    private func fold() async {
        while isFolding { await withCheckedContinuation { foldWaiters.append($0) } }
        isFolding = true
        await foldWaiting()
        isFolding = false
        let waiters = foldWaiters
        foldWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private var isFolding = false
    private var foldWaiters: [CheckedContinuation<Void, Never>] = []

    private func foldWaiting() async {
        unfolded = false
        lastFold = ContinuousClock.now
        do {
            while try await database.transaction({ db in try await ReportRepository(db).foldPending() }) > 0 {}
        } catch {
            unfolded = true
        }
    }

    /// Folds everything now: before reading reports in a test, and at shutdown.
    public func foldNow() async {
        await fold()
    }

    private static let writers = Mutex<[UUID: ResponseWriter]>([:])

    /// The writer of a database; one per database handle, shared by all requests.
    public static func shared(for database: KaikuDatabase, clock: any KaikuClock) -> ResponseWriter {
        writers.withLock { writers in
            if let writer = writers[database.instanceID] { return writer }
            let writer = ResponseWriter(database: database, clock: clock)
            writers[database.instanceID] = writer
            let id = database.instanceID
            database.beforeClose {
                await writer.stop()
                _ = ResponseWriter.writers.withLock { $0.removeValue(forKey: id) }
            }
            return writer
        }
    }
}
