import Foundation
import Logging
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import SQLKit
import Testing

@Suite struct MigrationTests {
    @Test func appliesOnceAndRecordsEachMigration() async throws {
        try await TestDatabase.with(migrate: false) { db in
            let runner = MigrationRunner(database: db)
            #expect(try await runner.migrate() == Migrations.all.map(\.number))
            #expect(try await runner.migrate() == [])
            let rows = try await db.sql.raw("SELECT number FROM schema_migrations").all()
            #expect(rows.count == Migrations.all.count)
        }
    }

    /// A database with answers gets its month totals from the channel breakdown it already had.
    @Test func monthTotalsAreFilledFromTheRollupsADatabaseHad() async throws {
        try await TestDatabase.with { db in
            var increments = Rollups.Increments()
            for (day, path, channel) in [("2026-03-02", "/c/u1/", Channel.sms), ("2026-03-30", "/c/u2/", .qr), ("2026-04-01", "/c/u1/", .kiosk)] {
                increments.add(ResponseFacts(surveyID: "s", nodePath: path, day: CalendarDay(day)!, channel: channel, language: .fi, ageBand: nil,
                                             contactType: nil, callType: nil), answers: ["nps": .number(9), "why": .text("hyvä")])
            }
            try await ReportRepository(db.sql).add(increments)
            struct Row: Decodable, Hashable { let node_id: String; let month: String; let question_key: String; let value: String; let answers: Int }
            func totals() async throws -> Set<Row> {
                Set(try await db.sql.raw("SELECT node_id, month, question_key, value, answers FROM rollup_month_totals").all(decoding: Row.self))
            }
            let kept = try await totals()
            #expect(kept.contains(Row(node_id: "c", month: "2026-03", question_key: "nps", value: "9", answers: 2)))
            try await db.sql.raw("DROP TABLE rollup_month_totals").run()
            try await db.sql.raw("DELETE FROM schema_migrations WHERE number = 16").run()
            #expect(try await MigrationRunner(database: db).migrate() == [16])
            #expect(try await totals() == kept)
        }
    }

    @Test func refusesADatabaseAheadOfTheCode() async throws {
        try await TestDatabase.with { db in
            try await db.sql.raw("INSERT INTO schema_migrations (number, name, checksum, applied_at) VALUES (999, 'future', 'x', 'now')").run()
            await #expect(throws: MigrationRunner.Failure.databaseAhead(applied: 999, known: Migrations.all.map(\.number).max()!)) {
                try await MigrationRunner(database: db).migrate()
            }
        }
    }

    @Test func refusesAnEditedMigration() async throws {
        try await TestDatabase.with { db in
            try await db.sql.raw("UPDATE schema_migrations SET checksum = 'edited' WHERE number = 1").run()
            await #expect(throws: MigrationRunner.Failure.changed(number: 1, name: "foundation")) {
                try await MigrationRunner(database: db).check()
            }
        }
    }

    @Test func auditLogIsAppendOnlyInTheDatabase() async throws {
        try await TestDatabase.with { db in
            try await AuditRepository(db.sql).record(.login, by: .system, now: TestDatabase.start)
            await #expect(throws: (any Error).self) { try await db.sql.raw("UPDATE audit_log SET action = 'x'").run() }
            await #expect(throws: (any Error).self) { try await db.sql.raw("DELETE FROM audit_log").run() }
            let entries = try await AuditRepository(db.sql).list()
            #expect(entries.count == 1)
        }
    }

    @Test func transactionsRollBackOnError() async throws {
        struct Boom: Error {}
        try await TestDatabase.with { db in
            await #expect(throws: Boom.self) {
                try await db.transaction { sql in
                    try await AuditRepository(sql).record(.login, by: .system, now: TestDatabase.start)
                    throw Boom()
                }
            }
            let entries = try await AuditRepository(db.sql).list()
            #expect(entries.isEmpty)
        }
    }
}

@Suite struct BackendTests {
    /// Guards against a suite that silently ran on SQLite when PostgreSQL was asked for.
    @Test func runsOnTheDatabaseAskedFor() async throws {
        try await TestDatabase.with { db in
            #expect(db.kind.rawValue == TestDatabase.backend)
        }
    }

    /// An acknowledged answer is on disk: SQLite syncs the WAL at every commit unless told otherwise.
    @Test func sqliteCommitsAreDurableByDefault() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaiku-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (setting, expected) in [(KaikuDatabase.Synchronous?.none, 2), (.normal, 1)] {
            let path = directory.appendingPathComponent("\(expected).sqlite").path
            let logger = Logger(label: "test")
            let database = if let setting {
                try await KaikuDatabase.sqlite(path: path, synchronous: setting, logger: logger)
            } else {
                try await KaikuDatabase.sqlite(path: path, logger: logger)
            }
            let synchronous = try await database.sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            let mode = try await database.sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            try await database.close()
            #expect(synchronous == expected)
            #expect(mode == "wal")
        }
    }
}
