import Crypto
import Foundation
import KaikuCore
import SQLKit

/// A numbered schema change. Once shipped it is never edited: the runner stores a checksum of
/// each migration's SQL and refuses to start when a shipped one has changed.
public struct Migration: Sendable {
    public let number: Int
    public let name: String
    /// The statements for one database kind; most are the same on both.
    public let statements: @Sendable (KaikuDatabase.Kind) -> [String]

    public init(number: Int, name: String, statements: @escaping @Sendable (KaikuDatabase.Kind) -> [String]) {
        self.number = number
        self.name = name
        self.statements = statements
    }

    func checksum(for kind: KaikuDatabase.Kind) -> String {
        let digest = SHA256.hash(data: Data(statements(kind).joined(separator: ";\n").utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// Every migration the code knows, in order. Add new ones at the end; never edit a shipped one.
public enum Migrations {
    public static let all: [Migration] = [
        foundation001,
        feedback002,
        surveys003,
        apiKeys004,
        kiosks005,
        widget006,
        surveyDesigner007,
        security008,
        reporting009,
        reportMail010,
        sms011,
        textAnalytics012,
        textReferences013,
        unlinkableVisits014,
        scopedCorrections015,
        monthTotals016,
        honestPromise017,
        smsUnitNaming018,
        groupedEntries019,
        formalHandover020,
        clientGroups021,
        publicLanguages022,
    ]

    /// The migration that adds rollups; a database that had answers before it gets them computed.
    public static let reportingNumber = reporting009.number
}

/// Applies migrations in order, one transaction each, and records them in `schema_migrations`.
public struct MigrationRunner: Sendable {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case databaseAhead(applied: Int, known: Int)
        case changed(number: Int, name: String)

        public var description: String {
            switch self {
            case let .databaseAhead(applied, known):
                "The database has migration \(applied) but this version of Kaiku knows only up to \(known). Run a newer Kaiku."
            case let .changed(number, name):
                "Migration \(number) (\(name)) differs from the one applied to this database. Shipped migrations must not be edited."
            }
        }
    }

    public let database: KaikuDatabase
    public let migrations: [Migration]
    public let clock: any KaikuClock

    public init(database: KaikuDatabase, migrations: [Migration] = Migrations.all, clock: any KaikuClock = SystemClock()) {
        self.database = database
        self.migrations = migrations
        self.clock = clock
    }

    struct Applied: Decodable { let number: Int; let name: String; let checksum: String }

    /// The migrations already applied, after checking that the code can run on this database.
    public func check() async throws -> [Int] {
        try await ensureTable(database.sql)
        let applied = try await database.sql.raw("SELECT number, name, checksum FROM schema_migrations ORDER BY number")
            .all(decoding: Applied.self)
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.number, $0) })
        let maxKnown = migrations.map(\.number).max() ?? 0
        for row in applied {
            guard let migration = known[row.number] else {
                throw Failure.databaseAhead(applied: applied.map(\.number).max() ?? row.number, known: maxKnown)
            }
            if migration.checksum(for: database.kind) != row.checksum {
                throw Failure.changed(number: row.number, name: migration.name)
            }
        }
        return applied.map(\.number)
    }

    /// Applies what is missing; returns the numbers applied now.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let kind = database.kind
        let clock = self.clock
        let done = Set(try await check())
        var appliedNow: [Int] = []
        for migration in migrations.sorted(by: { $0.number < $1.number }) where !done.contains(migration.number) {
            let applied = try await database.transaction { db in
                // Serialise concurrent starters on PostgreSQL; SQLite's IMMEDIATE lock already does.
                if kind == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(4242001) AS locked").run()
                }
                let already = try await db.raw("SELECT number FROM schema_migrations WHERE number = \(bind: migration.number)").first()
                if already != nil { return false }
                for statement in migration.statements(kind) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw("""
                    INSERT INTO schema_migrations (number, name, checksum, applied_at)
                    VALUES (\(bind: migration.number), \(bind: migration.name), \(bind: migration.checksum(for: kind)), \(bind: Timestamp.format(clock.now())))
                    """).run()
                return true
            }
            if applied { appliedNow.append(migration.number) }
        }
        return appliedNow
    }

    private func ensureTable(_ db: any SQLDatabase) async throws {
        try await db.raw("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                number INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """).run()
    }
}
