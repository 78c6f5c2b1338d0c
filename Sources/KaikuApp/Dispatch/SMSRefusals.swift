import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// Refusals of survey messages (a message's code, a typed number, a caller's) and delivery reports.
extension SMSDispatch {
    /// The gateway's delivery report for one message, by the reference it was sent with; false
    /// when no such message exists.
    public func recordDelivery(reference: String, status: String) async throws -> Bool {
        let now = clock.now()
        return try await database.transaction { db in try await OutboxRepository(db).recordDelivery(id: reference, status: status, now: now) }
    }

    /// A refusal through a message's link; false for an unknown or expired code.
    public func refuse(optOutCode code: String) async throws -> Bool {
        let now = clock.now()
        return try await database.transaction { db in
            guard let key = try await SMSRepository(db).phoneKey(optOutCode: code, now: now) else { return false }
            try await SMSRepository(db).refuse(phoneKey: key, source: "link", now: now)
            return true
        }
    }

    /// A refusal by number: typed on the public refusal page, or recorded by staff for a caller
    /// (audited, without the number). Refused for what is not a Finnish mobile number.
    public func refuse(phone: String, by actor: Actor?) async throws {
        if let actor { try Reach(database.sql, actor).requireCountyAdmin() }
        guard let number = PhoneNumber.finnishMobile(phone) else { throw Refused("sms_error_phone") }
        let now = clock.now()
        let key = try await SMSKeys.load(database.sql, now: now).phone(number)
        try await database.transaction { db in
            try await SMSRepository(db).refuse(phoneKey: key, source: actor == nil ? "page" : "staff", now: now)
            if let actor { try await AuditRepository(db).record(.smsRefusalRecorded, by: actor, detail: "", now: now) }
        }
    }
}
