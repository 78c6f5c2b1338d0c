import KaikuCore
import KaikuStorage

/// Brings a database's schema up to date, and derives what a migration cannot: when the reporting
/// migration adds the rollup tables to a database that already holds answers, the rollups are
/// computed from those answers in the same run.
public enum Schema {
    @discardableResult
    public static func migrate(_ database: KaikuDatabase) async throws -> [Int] {
        let applied = try await MigrationRunner(database: database).migrate()
        if applied.contains(Migrations.reportingNumber) { try await rebuildRollups(database) }
        // Counts of answers stored just before a stop, not yet in the rollups.
        while try await database.transaction({ db in try await ReportRepository(db).foldPending() }) > 0 {}
        return applied
    }

    /// Recomputes every report rollup from the stored answers, in one transaction (also
    /// `kaiku report rebuild`, after answers were changed by hand).
    public static func rebuildRollups(_ database: KaikuDatabase, progress: ProgressReport? = nil) async throws {
        try await database.transaction { db in try await ReportRepository(db).rebuild(progress: progress) }
    }
}
