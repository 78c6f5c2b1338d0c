import Foundation
import KaikuCore
import SQLKit

/// Imported visits, awaiting their SMS decision. The person reference, phone numbers and birth
/// date are erased as soon as a visit is decided; the row (with its decision and reason, for the
/// plan and the statistics) is purged after the retention period.
public struct VisitRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Stores a visit unless one with its id exists; true when stored.
    /// Stores a visit unless it is stored or was decided already (known by `visitKey`,
    /// `SMSKeys.visit`); false then.
    public func insert(_ visit: Visit, personKey: String, visitKey: String, sendOn: CalendarDay, source: String, now: Date) async throws -> Bool {
        guard try await sql.raw("SELECT 1 AS n FROM visit_decisions WHERE visit_key = \(bind: visitKey)").first() == nil else { return false }
        return try await sql.raw("""
            INSERT INTO visits (visit_id, person_key, person_ref, phone, birth_date, age_band, language, service_point_code, contact_type,
                                call_type, visit_start, visit_end, e_service_consent, non_disclosure, sms_opt_out, send_on, source, imported_at)
            VALUES (\(bind: visit.visitID), \(bind: personKey), \(bind: visit.personRef), \(bind: visit.phones.joined(separator: ";")),
                    \(bind: visit.birthDate?.description), \(bind: visit.age(on: visit.day).flatMap(AgeBand.init(age:))?.rawValue),
                    \(bind: visit.language), \(bind: visit.servicePointCode), \(bind: visit.contactType?.rawValue), \(bind: visit.callType?.rawValue),
                    \(bind: Timestamp.format(visit.start)), \(bind: Timestamp.format(visit.end)), \(bind: visit.eServiceConsent),
                    \(bind: visit.nonDisclosure), \(bind: visit.smsOptOut), \(bind: sendOn.description), \(bind: source), \(bind: Timestamp.format(now)))
            ON CONFLICT (visit_id) DO NOTHING RETURNING visit_id
            """).first() != nil
    }

    /// A pending visit as stored (a decided one leaves the table: `Decided`).
    public struct Stored: Sendable, Equatable {
        public let visit: Visit
        public let personKey: String
        public let ageBand: AgeBand?
        public let sendOn: CalendarDay
    }

    struct Row: Decodable {
        let visit_id: String, person_key: String, person_ref: String?, phone: String?, birth_date: String?, age_band: String?
        let language: String, service_point_code: String, contact_type: String?, call_type: String?, visit_start: String, visit_end: String
        let e_service_consent: Bool, non_disclosure: Bool, sms_opt_out: Bool, send_on: String

        var stored: Stored {
            let phones = (phone ?? "").split(separator: ";").map(String.init)
            let visit = Visit(visitID: visit_id, personRef: person_ref ?? "", phones: phones, birthDate: birth_date.flatMap(CalendarDay.init),
                              language: language, servicePointCode: service_point_code, contactType: contact_type.flatMap(ContactType.init),
                              callType: call_type.flatMap(CallType.init), start: Timestamp.parse(visit_start) ?? .distantPast,
                              end: Timestamp.parse(visit_end) ?? .distantPast, eServiceConsent: e_service_consent, nonDisclosure: non_disclosure,
                              smsOptOut: sms_opt_out)
            return Stored(visit: visit, personKey: person_key, ageBand: age_band.flatMap(AgeBand.init(rawValue:)),
                          sendOn: CalendarDay(send_on) ?? CalendarDay(ordinal: 0))
        }
    }

    static let columns = """
        SELECT visit_id, person_key, person_ref, phone, birth_date, age_band, language, service_point_code, contact_type, call_type,
               visit_start, visit_end, e_service_consent, non_disclosure, sms_opt_out, send_on FROM visits
        """

    /// Undecided visits whose invitation day has come by `day`.
    public func pending(dueBy day: CalendarDay) async throws -> [Stored] {
        try await sql.raw(SQLQueryString(Self.columns) + """
             WHERE status = 'pending' AND send_on <= \(bind: day.description) ORDER BY visit_end, visit_id
            """).all(decoding: Row.self).map(\.stored)
    }

    /// The undecided visits whose invitation day is `day`.
    public func planned(on day: CalendarDay) async throws -> [Stored] {
        try await sql.raw(SQLQueryString(Self.columns) + " WHERE send_on = \(bind: day.description) AND status = 'pending' ORDER BY visit_end, visit_id")
            .all(decoding: Row.self).map(\.stored)
    }

    /// What is kept of a decided visit: its day and decision; the id of an exclusion only.
    public struct Decided: Sendable, Equatable {
        public let visitID: String?
        public let sendOn: CalendarDay
        public let reason: ExclusionReason?
        public var wasSent: Bool { reason == nil }
    }

    struct DecidedRow: Decodable { let visit_ref: String?; let send_on: String; let status: String; let reason: String? }

    /// The visits decided for `day`: exclusions in the order of their ids, then the invitations.
    public func decided(on day: CalendarDay) async throws -> [Decided] {
        try await sql.raw("""
            SELECT visit_ref, send_on, status, reason FROM visit_decisions WHERE send_on = \(bind: day.description)
            ORDER BY status, visit_ref
            """).all(decoding: DecidedRow.self).map { row in
            Decided(visitID: row.visit_ref, sendOn: CalendarDay(row.send_on) ?? day,
                    reason: row.status == "sent" ? nil : ExclusionReason(rawValue: row.reason ?? "") ?? .noActiveSurvey)
        }
    }

    /// Records a decision and forgets the visit: its row goes, and only its key, day and decision
    /// stay (the id too for an exclusion). False when another run decided it first.
    public func decide(visitID: String, visitKey: String, sendOn: CalendarDay, reason: ExclusionReason?, now: Date) async throws -> Bool {
        guard try await sql.raw("DELETE FROM visits WHERE visit_id = \(bind: visitID) AND status = 'pending' RETURNING visit_id").first() != nil else {
            return false
        }
        try await sql.raw("""
            INSERT INTO visit_decisions (visit_key, visit_ref, send_on, status, reason, decided_on)
            VALUES (\(bind: visitKey), \(bind: reason == nil ? nil : visitID), \(bind: sendOn.description), \(bind: reason == nil ? "sent" : "excluded"),
                    \(bind: reason?.rawValue), \(bind: CalendarDay(now).description))
            ON CONFLICT (visit_key) DO NOTHING
            """).run()
        return true
    }

    /// Deletes visits imported before `cutoff`, and decisions made before its day.
    public func purge(importedBefore cutoff: Date) async throws {
        try await sql.raw("DELETE FROM visits WHERE imported_at < \(bind: Timestamp.format(cutoff))").run()
        try await sql.raw("DELETE FROM visit_decisions WHERE decided_on < \(bind: CalendarDay(cutoff).description)").run()
    }

    /// How many visits still hold a phone number, person reference or birth date (only pending ones may).
    public func personalDataRemaining() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM visits WHERE phone IS NOT NULL OR person_ref IS NOT NULL OR birth_date IS NOT NULL")
            .first(decoding: CountRow.self)?.n ?? 0
    }
}
