@preconcurrency import AsyncKit
import Foundation
import Synchronization
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The one handle to storage. SQLite (embedded default) and PostgreSQL (production) are reached
/// through the same `SQLDatabase`; the few dialect differences ask `kind`.
public final class KaikuDatabase: Sendable {
    public enum Kind: String, Sendable { case sqlite, postgres }

    public let kind: Kind
    public let sql: any SQLDatabase
    /// Where the data lives, with any password removed; for logs and `/healthz`.
    public let location: String
    /// Distinguishes this handle from any other, e.g. for caches kept per database.
    public let instanceID = UUID()
    private let shutdown: @Sendable () async throws -> Void

    private init(kind: Kind, sql: any SQLDatabase, location: String, shutdown: @escaping @Sendable () async throws -> Void) {
        self.kind = kind
        self.sql = sql
        self.location = location
        self.shutdown = shutdown
    }

    /// When SQLite's commit returns (`PRAGMA synchronous` in WAL mode).
    public enum Synchronous: String, Sendable, CaseIterable {
        /// The WAL is synced at every commit: an acknowledged answer survives power loss and an OS
        /// crash. The default (docs/DECISIONS.md, measured in docs/BENCHMARKS.md).
        case full
        /// The WAL is synced only at checkpoints: survives a process crash, but the last commits
        /// before a power loss may be gone.
        case normal
    }

    /// Opens `url` when given (`postgres://…`, `sqlite:PATH` or a plain path), else the embedded file.
    public static func open(url: String?, defaultSQLitePath: String, synchronous: Synchronous = .full, logger: Logger) async throws -> KaikuDatabase {
        guard let path = sqlitePath(url: url, defaultSQLitePath: defaultSQLitePath) else { return try await postgres(url: url ?? "", logger: logger) }
        return try await sqlite(path: path, synchronous: synchronous, logger: logger)
    }

    /// The embedded file `open` would use for `url`, or nil for PostgreSQL.
    public static func sqlitePath(url: String?, defaultSQLitePath: String) -> String? {
        guard let url, !url.isEmpty else { return defaultSQLitePath }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return nil }
        return url.hasPrefix("sqlite://") ? String(url.dropFirst(9)) : url.hasPrefix("sqlite:") ? String(url.dropFirst(7)) : url
    }

    public static func sqlite(path: String, synchronous: Synchronous = .full, logger: Logger) async throws -> KaikuDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let source = KaikuSQLiteSource(inner: SQLiteConnectionSource(
            configuration: .init(storage: .file(path: path), enableForeignKeys: true)), synchronous: synchronous)
        // One connection per process. SQLite has one writer at a time, and SQLiteNIO runs every
        // call on the shared thread pool: with several connections, writers waiting in SQLite's
        // busy handler occupied every pool thread while the connection holding the lock waited
        // for a thread to commit (measured: timeouts under load). With one connection, requests
        // wait for it asynchronously instead, and queries take microseconds. See docs/DECISIONS.md.
        let pool = EventLoopGroupConnectionPool(
            source: source, maxConnectionsPerEventLoop: 1, requestTimeout: .seconds(30), logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.next())
        let database = SQLitePoolDatabase(pool: pool, logger: logger)
        // journal_mode is stored in the file; setting it once is enough.
        try await database.query("PRAGMA journal_mode = WAL", []) { _ in }
        return KaikuDatabase(kind: .sqlite, sql: database.sql(), location: path) {
            try await pool.shutdownAsync()
        }
    }

    /// `connectionsPerEventLoop`: 8 for a server; tests, which open a database each, use fewer.
    public static func postgres(url: String, searchPath: [String]? = nil, connectionsPerEventLoop: Int = 8, logger: Logger) async throws -> KaikuDatabase {
        var configuration = try SQLPostgresConfiguration(url: url)
        if let searchPath { configuration.searchPath = searchPath }
        let pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: connectionsPerEventLoop, logger: logger, on: MultiThreadedEventLoopGroup.singleton)
        let location = URL(string: url).map { "postgres://\($0.host ?? "?"):\($0.port ?? 5432)\($0.path)" } ?? "postgres"
        return KaikuDatabase(kind: .postgres, sql: pool.database(logger: logger).sql(), location: location) {
            try await pool.shutdownAsync()
        }
    }

    /// Runs `body` on one connection inside a transaction; rolls back when it throws.
    /// SQLite takes the write lock at the start (IMMEDIATE) so two writers never deadlock on upgrade.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        // PostgreSQL may pick a transaction as a deadlock's victim or refuse it for a serialisation
        // conflict; the whole use case then runs again, a few times, after a short random wait.
        var attempt = 1
        while true {
            do {
                return try await once(body)
            } catch let error as PSQLError where attempt < Self.attempts && Self.retriable.contains(error.serverInfo?[.sqlState] ?? "") {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...50) * attempt))
            }
        }
    }

    /// Tries of one transaction, and the SQLSTATEs worth another: deadlock detected, serialisation failure.
    static let attempts = 4
    static let retriable: Set<String> = ["40P01", "40001"]

    func once<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let begin = kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await sql.withSession { connection in
            try await connection.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(connection)
                try await connection.raw("COMMIT").run()
                return result
            } catch {
                try? await connection.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Runs what must happen before the connections go (a writer folding its waiting counts),
    /// then closes them.
    public func close() async throws {
        for action in closeActions.withLock({ actions in defer { actions = [] }; return actions }) { await action() }
        try await shutdown()
    }

    /// Work to finish before `close` closes the connections.
    public func beforeClose(_ action: @escaping @Sendable () async -> Void) {
        closeActions.withLock { $0.append(action) }
    }

    private let closeActions = Mutex<[@Sendable () async -> Void]>([])

    /// A cheap round trip, for `/healthz`.
    public func ping() async throws {
        _ = try await sql.raw("SELECT 1 AS one").first()
    }
}

/// Opens SQLite connections with the settings every connection needs (they are per connection).
struct KaikuSQLiteSource: ConnectionPoolSource {
    let inner: SQLiteConnectionSource
    let synchronous: KaikuDatabase.Synchronous

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        inner.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            // FULL syncs the WAL at each commit; one group commit of answers pays one sync for its
            // batch. See docs/DECISIONS.md.
            // A checkpoint runs inside the commit that crosses wal_autocheckpoint and holds the one
            // connection while it copies pages and syncs the file: smaller, more frequent
            // checkpoints make shorter pauses (p99 of the answer benchmark 21–28 → 13–19 ms, the
            // same throughput; 10,000 pages made it 80–108 ms). See docs/BENCHMARKS.md.
            connection.query("PRAGMA busy_timeout = 10000").flatMap { _ in
                connection.query("PRAGMA synchronous = \(synchronous.rawValue.uppercased())")
            }.flatMap { _ in
                connection.query("PRAGMA wal_autocheckpoint = 250")
            }.map { _ in connection }
        }
    }
}

/// Exposes a pool of SQLite connections as one `SQLiteDatabase`, as PostgresKit does for Postgres.
struct SQLitePoolDatabase: SQLiteDatabase {
    let pool: EventLoopGroupConnectionPool<KaikuSQLiteSource>
    let logger: Logger

    var eventLoop: any EventLoop { pool.eventLoopGroup.any() }

    func query(_ query: String, _ binds: [SQLiteData], logger: Logger,
               _ onRow: @escaping @Sendable (SQLiteRow) -> Void) -> EventLoopFuture<Void> {
        pool.withConnection(logger: logger) { $0.query(query, binds, logger: logger, onRow) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        pool.withConnection(logger: logger, closure)
    }
}
