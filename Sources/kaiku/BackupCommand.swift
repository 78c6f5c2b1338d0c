import ArgumentParser
import Foundation
import KaikuStorage

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the embedded SQLite database to a file while Kaiku runs (restore: stop Kaiku, put the file in place "
            + "of kaiku.sqlite). For PostgreSQL it prints the pg_dump command instead.")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "The backup file to write; it must not exist.") var to: String

    func run() async throws {
        do {
            try await withDatabase(options, migrate: false) { database, _ in try await database.backup(to: to) }
            print("Backed up to \(to).")
        } catch let failure as KaikuDatabase.BackupFailure {
            throw ValidationError(failure.description)
        }
    }
}
