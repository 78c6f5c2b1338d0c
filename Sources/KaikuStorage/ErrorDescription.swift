import Foundation
import KaikuCore
import PostgresKit
import SQLiteKit

/// What may be logged or stored about an error: for a database error its code and the name of
/// the constraint or table, never the values of a statement (PostgreSQL's `detail` and SQLite's
/// message can quote them: an email address, a reply); for any other error its text with email
/// addresses, phone numbers and identity codes masked (a mail server repeats the recipient).
public enum ErrorDescription {
    public static func loggable(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            let fields = error.serverInfo
            return ["postgres", "code=\(error.code)", fields?[.sqlState].map { "sqlstate=\($0)" }, fields?[.constraintName].map { "constraint=\($0)" },
                    fields?[.tableName].map { "table=\($0)" }].compactMap { $0 }.joined(separator: " ")
        case let error as SQLiteError:
            return "sqlite reason=\(error.reason)"
        default:
            return String(PersonalData.mask(String(describing: error)).prefix(500))
        }
    }
}
