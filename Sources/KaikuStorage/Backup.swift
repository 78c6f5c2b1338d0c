import Foundation
import SQLKit

extension KaikuDatabase {
    public enum BackupFailure: Error, CustomStringConvertible {
        case exists(String)
        case postgres

        public var description: String {
            switch self {
            case .exists(let path): "\(path) exists; a backup never overwrites a file."
            case .postgres:
                "PostgreSQL is backed up with its own tools: pg_dump --format=custom --file=kaiku.dump \"$KAIKU_DATABASE_URL\" "
                    + "(restore with pg_restore --dbname=<new database> kaiku.dump). See docs/RELIABILITY.md."
            }
        }
    }

    /// A consistent copy of the embedded database while it is in use: `VACUUM INTO` reads one
    /// snapshot (writers go on) and writes a compact, self-contained file (no WAL beside it).
    public func backup(to path: String) async throws {
        guard kind == .sqlite else { throw BackupFailure.postgres }
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupFailure.exists(path) }
        try await sql.raw("VACUUM INTO \(bind: path)").run()
    }
}
