import Foundation
import KaikuCore
import SQLKit

/// Background work as rows: any number of server processes lease due jobs, and each job runs
/// once. A lease that is not completed in time (a crashed process) makes the job due again.
public struct JobQueue: Sendable {
    let database: KaikuDatabase

    public init(_ database: KaikuDatabase) { self.database = database }

    public struct Job: Sendable, Equatable {
        public let id: String
        public let kind: String
        public let payload: String
        public let attempts: Int
    }

    /// Adds a job; with a `uniqueKey` a second enqueue of the same key does nothing, which is how
    /// several processes schedule one periodic run between them.
    public func enqueue(kind: String, payload: String = "", runAt: Date, uniqueKey: String? = nil, now: Date,
                        on connection: (any SQLDatabase)? = nil) async throws {
        let sql = connection ?? database.sql
        try await sql.raw("""
            INSERT INTO jobs (id, kind, unique_key, payload, run_at, created_at)
            VALUES (\(bind: Identifier.make(at: now)), \(bind: kind), \(bind: uniqueKey), \(bind: payload),
                    \(bind: Timestamp.format(runAt)), \(bind: Timestamp.format(now)))
            ON CONFLICT (unique_key) DO NOTHING
            """).run()
    }

    struct Row: Decodable { let id: String; let kind: String; let payload: String; let attempts: Int }

    /// Claims the oldest due job, if any, for `lease` seconds.
    public func lease(worker: String, now: Date, lease: TimeInterval) async throws -> Job? {
        let stamp = Timestamp.format(now)
        let lock = database.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.transaction { db in
            guard let row = try await db.raw("""
                SELECT id, kind, payload, attempts FROM jobs
                WHERE done_at IS NULL AND run_at <= \(bind: stamp) AND (leased_until IS NULL OR leased_until < \(bind: stamp))
                ORDER BY run_at LIMIT 1
                """ + SQLQueryString(lock)).first(decoding: Row.self) else { return nil }
            try await db.raw("""
                UPDATE jobs SET leased_by = \(bind: worker), leased_until = \(bind: Timestamp.format(now.addingTimeInterval(lease))),
                    attempts = attempts + 1
                WHERE id = \(bind: row.id)
                """).run()
            return Job(id: row.id, kind: row.kind, payload: row.payload, attempts: row.attempts + 1)
        }
    }

    public func complete(_ job: Job, now: Date) async throws {
        try await database.sql.raw("""
            UPDATE jobs SET done_at = \(bind: Timestamp.format(now)), leased_by = NULL, leased_until = NULL WHERE id = \(bind: job.id)
            """).run()
    }

    /// Gives a leased job back unrun (its process is stopping), due again at once.
    public func release(_ job: Job) async throws {
        try await database.sql.raw("""
            UPDATE jobs SET leased_by = NULL, leased_until = NULL, attempts = attempts - 1 WHERE id = \(bind: job.id)
            """).run()
    }

    /// Records the failure and makes the job due again later (exponential backoff, at most an hour).
    public func fail(_ job: Job, error: String, now: Date) async throws {
        let delay = min(pow(2, Double(job.attempts)) * 10, 3600)
        try await database.sql.raw("""
            UPDATE jobs SET last_error = \(bind: String(error.prefix(1000))), leased_by = NULL, leased_until = NULL,
                run_at = \(bind: Timestamp.format(now.addingTimeInterval(delay)))
            WHERE id = \(bind: job.id)
            """).run()
    }

    public func pendingCount() async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE done_at IS NULL").first(decoding: CountRow.self)?.n ?? 0
    }
}
