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
    public func insert(_ visit: Visit, personKey: String, sendOn: CalendarDay, source: String, now: Date) async throws -> Bool {
        try await sql.raw("""
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

    /// A visit as stored: the visit while it is pending (afterwards its personal fields are empty).
    public struct Stored: Sendable, Equatable {
        public let visit: Visit
        public let personKey: String
        public let ageBand: AgeBand?
        public let sendOn: CalendarDay
        public let status: String
        public let reason: String?
        public let surveyID: String?
    }

    struct Row: Decodable {
        let visit_id: String, person_key: String, person_ref: String?, phone: String?, birth_date: String?, age_band: String?
        let language: String, service_point_code: String, contact_type: String?, call_type: String?, visit_start: String, visit_end: String
        let e_service_consent: Bool, non_disclosure: Bool, sms_opt_out: Bool, send_on: String, status: String, reason: String?, survey_id: String?

        var stored: Stored {
            let phones = (phone ?? "").split(separator: ";").map(String.init)
            let visit = Visit(visitID: visit_id, personRef: person_ref ?? "", phones: phones, birthDate: birth_date.flatMap(CalendarDay.init),
                              language: language, servicePointCode: service_point_code, contactType: contact_type.flatMap(ContactType.init),
                              callType: call_type.flatMap(CallType.init), start: Timestamp.parse(visit_start) ?? .distantPast,
                              end: Timestamp.parse(visit_end) ?? .distantPast, eServiceConsent: e_service_consent, nonDisclosure: non_disclosure,
                              smsOptOut: sms_opt_out)
            return Stored(visit: visit, personKey: person_key, ageBand: age_band.flatMap(AgeBand.init(rawValue:)),
                          sendOn: CalendarDay(send_on) ?? CalendarDay(ordinal: 0), status: status, reason: reason, surveyID: survey_id)
        }
    }

    static let columns = """
        SELECT visit_id, person_key, person_ref, phone, birth_date, age_band, language, service_point_code, contact_type, call_type,
               visit_start, visit_end, e_service_consent, non_disclosure, sms_opt_out, send_on, status, reason, survey_id FROM visits
        """

    /// Undecided visits whose invitation day has come by `day`.
    public func pending(dueBy day: CalendarDay) async throws -> [Stored] {
        try await sql.raw(SQLQueryString(Self.columns) + """
             WHERE status = 'pending' AND send_on <= \(bind: day.description) ORDER BY visit_end, visit_id
            """).all(decoding: Row.self).map(\.stored)
    }

    /// Every visit whose invitation day is `day`, decided or not.
    public func planned(on day: CalendarDay) async throws -> [Stored] {
        try await sql.raw(SQLQueryString(Self.columns) + " WHERE send_on = \(bind: day.description) ORDER BY visit_end, visit_id")
            .all(decoding: Row.self).map(\.stored)
    }

    /// Records a decision and erases what identified the person; false when another run decided it first.
    public func decide(visitID: String, sent: Bool, reason: ExclusionReason?, surveyID: String?, nodeID: String?, now: Date) async throws -> Bool {
        try await sql.raw("""
            UPDATE visits SET status = \(bind: sent ? "sent" : "excluded"), reason = \(bind: reason?.rawValue), survey_id = \(bind: surveyID),
                node_id = \(bind: nodeID), person_ref = NULL, phone = NULL, birth_date = NULL, decided_at = \(bind: Timestamp.format(now))
            WHERE visit_id = \(bind: visitID) AND status = 'pending' RETURNING visit_id
            """).first() != nil
    }

    /// Deletes visits imported before `cutoff`, decided or not.
    public func purge(importedBefore cutoff: Date) async throws {
        try await sql.raw("DELETE FROM visits WHERE imported_at < \(bind: Timestamp.format(cutoff))").run()
    }

    /// How many visits still hold a phone number, person reference or birth date (only pending ones may).
    public func personalDataRemaining() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM visits WHERE phone IS NOT NULL OR person_ref IS NOT NULL OR birth_date IS NOT NULL")
            .first(decoding: CountRow.self)?.n ?? 0
    }
}
