import Foundation
import KaikuCore
import KaikuStorage
import Logging
import SQLKit

/// A migrated, empty database for one test. With KAIKU_TEST_DATABASE_URL=postgres://… each test
/// gets its own schema on that server (dropped afterwards); otherwise its own SQLite file.
public enum TestDatabase {
    public static var backend: String {
        ProcessInfo.processInfo.environment["KAIKU_TEST_DATABASE_URL"].map { $0.hasPrefix("postgres") ? "postgres" : "sqlite" } ?? "sqlite"
    }

    public static func with<T>(migrate: Bool = true, _ body: (KaikuDatabase) async throws -> T) async throws -> T {
        var logger = Logger(label: "kaiku-test")
        logger.logLevel = .warning
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let database: KaikuDatabase
        var cleanup: () async throws -> Void = {}
        if let url = ProcessInfo.processInfo.environment["KAIKU_TEST_DATABASE_URL"], url.hasPrefix("postgres") {
            // Every test opens its own pool and they run in parallel: a few connections each.
            let admin = try await KaikuDatabase.postgres(url: url, connectionsPerEventLoop: 1, logger: logger)
            try await admin.sql.raw("CREATE SCHEMA \(ident: String(name))").run()
            try await admin.close()
            database = try await KaikuDatabase.postgres(url: url, searchPath: [String(name)], connectionsPerEventLoop: 2, logger: logger)
            cleanup = {
                let admin = try await KaikuDatabase.postgres(url: url, connectionsPerEventLoop: 1, logger: logger)
                // The pool must be closed whether or not the drop succeeds. Tests drop their schemas
                // side by side, and PostgreSQL may end one such drop as a deadlock: it is tried again.
                for attempt in 1...3 {
                    do {
                        try await admin.sql.raw("DROP SCHEMA \(ident: String(name)) CASCADE").run()
                        break
                    } catch where attempt < 3 && ErrorDescription.loggable(error).contains("sqlstate=40P01") {
                        continue
                    } catch {
                        try? await admin.close()
                        throw error
                    }
                }
                try await admin.close()
            }
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaiku-test-\(name)")
            database = try await KaikuDatabase.sqlite(path: directory.appendingPathComponent("kaiku.sqlite").path, logger: logger)
            cleanup = { try? FileManager.default.removeItem(at: directory) }
        }
        do {
            if migrate { try await MigrationRunner(database: database).migrate() }
            let result = try await body(database)
            try await database.close()
            try await cleanup()
            return result
        } catch {
            // Swift Testing shows a PostgreSQL error as "Generic description …": its SQLSTATE goes
            // to the log, so that a failure in CI says what the server refused.
            print("TestDatabase (\(name)): \(ErrorDescription.loggable(error))")
            try? await database.close()
            try? await cleanup()
            throw error
        }
    }

    /// A fixed instant for tests: Monday 2026-03-02 09:00 Helsinki.
    public static let start = Date(timeIntervalSince1970: 1_772_434_800)
}
