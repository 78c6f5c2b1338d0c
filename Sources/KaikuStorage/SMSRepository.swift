import Crypto
import Foundation
import KaikuCore
import SQLKit

/// Keyed one-way hashes of person references and phone numbers. A plain hash of a Finnish mobile
/// number could be reversed by trying the hundred million numbers; with the county's secret key
/// (created on first use) a stolen table alone tells nothing.
public struct SMSKeys: Sendable {
    let secret: Data

    public init(secret: String) { self.secret = Data(secret.utf8) }

    public static func load(_ sql: any SQLDatabase, now: Date) async throws -> SMSKeys {
        SMSKeys(secret: try await SettingsRepository(sql).secret("sms_hash_key", now: now))
    }

    public func person(_ personRef: String) -> String { hash("person:" + personRef) }

    /// The key of a visit id: what is kept of a decided visit, so that importing it again is
    /// skipped without its id being kept next to anything an answer also has.
    public func visit(_ visitID: String) -> String { hash("visit:" + visitID) }

    /// The key of a number as `PhoneNumber.normalise` gives it.
    public func phone(_ normalised: String) -> String { hash("phone:" + normalised) }

    func hash(_ text: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret)))
    }
}

/// Who was invited when (for the 30-day rule), refused numbers, refusal codes and the message texts.
public struct SMSRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// The last invitation day of each of these people that has one.
    public func lastInvited(personKeys: [String]) async throws -> [String: CalendarDay] {
        struct Row: Decodable { let person_key: String; let last_invited_on: String }
        var result: [String: CalendarDay] = [:]
        for chunk in Array(Set(personKeys)).chunked(500) {
            for row in try await sql.raw("""
                SELECT person_key, last_invited_on FROM sms_recipients WHERE person_key IN (\(binds: Array(chunk)))
                """).all(decoding: Row.self) {
                if let day = CalendarDay(row.last_invited_on) { result[row.person_key] = day }
            }
        }
        return result
    }

    public func recordInvited(personKey: String, on day: CalendarDay) async throws {
        try await sql.raw("""
            INSERT INTO sms_recipients (person_key, last_invited_on) VALUES (\(bind: personKey), \(bind: day.description))
            ON CONFLICT (person_key) DO UPDATE SET last_invited_on = \(bind: day.description)
            """).run()
    }

    /// Which of these phone keys have refused.
    public func refused(among phoneKeys: [String]) async throws -> Set<String> {
        struct Row: Decodable { let phone_key: String }
        var result: Set<String> = []
        for chunk in Array(Set(phoneKeys)).chunked(500) {
            for row in try await sql.raw("SELECT phone_key FROM sms_refusals WHERE phone_key IN (\(binds: Array(chunk)))").all(decoding: Row.self) {
                result.insert(row.phone_key)
            }
        }
        return result
    }

    /// Records a refusal; true when it is new.
    @discardableResult
    public func refuse(phoneKey: String, source: String, now: Date) async throws -> Bool {
        try await sql.raw("""
            INSERT INTO sms_refusals (phone_key, source, created_at) VALUES (\(bind: phoneKey), \(bind: source), \(bind: Timestamp.format(now)))
            ON CONFLICT (phone_key) DO NOTHING RETURNING phone_key
            """).first() != nil
    }

    public func refusalCount() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM sms_refusals").first(decoding: CountRow.self)?.n ?? 0
    }

    /// A refusal code for a message; only its hash is kept, beside the number's key.
    public func createOptOutCode(_ code: String, phoneKey: String, expiresAt: Date) async throws {
        try await sql.raw("""
            INSERT INTO sms_optout_codes (code_hash, phone_key, expires_at)
            VALUES (\(bind: SessionRepository.hash(code)), \(bind: phoneKey), \(bind: Timestamp.format(expiresAt)))
            """).run()
    }

    /// The phone key a valid refusal code stands for.
    public func phoneKey(optOutCode code: String, now: Date) async throws -> String? {
        struct Row: Decodable { let phone_key: String }
        guard OptOutCode.isWellFormed(code) else { return nil }
        return try await sql.raw("""
            SELECT phone_key FROM sms_optout_codes WHERE code_hash = \(bind: SessionRepository.hash(code)) AND expires_at > \(bind: Timestamp.format(now))
            """).first(decoding: Row.self)?.phone_key
    }

    public func purgeOptOutCodes(now: Date) async throws {
        try await sql.raw("DELETE FROM sms_optout_codes WHERE expires_at <= \(bind: Timestamp.format(now))").run()
    }

    /// The texts the county has edited, by language.
    public func texts() async throws -> [Language: String] {
        struct Row: Decodable { let language: String; let body: String }
        var result: [Language: String] = [:]
        for row in try await sql.raw("SELECT language, body FROM sms_texts").all(decoding: Row.self) {
            if let language = Language(shipped: row.language) { result[language] = row.body }
        }
        return result
    }

    public func setText(_ body: String, language: Language, now: Date) async throws {
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO sms_texts (language, body, updated_at) VALUES (\(bind: language.rawValue), \(bind: body), \(bind: stamp))
            ON CONFLICT (language) DO UPDATE SET body = \(bind: body), updated_at = \(bind: stamp)
            """).run()
    }

    /// The admin's choices of whether invitations name a node's units, by node id.
    public func namingChoices() async throws -> [String: Bool] {
        struct Row: Decodable { let node_id: String; let names_unit: Bool }
        return Dictionary(uniqueKeysWithValues: try await sql.raw("SELECT node_id, names_unit FROM sms_unit_naming").all(decoding: Row.self)
            .map { ($0.node_id, $0.names_unit) })
    }

    /// Sets the choice for a node, or removes it (nil: the default rule decides again).
    public func setNamingChoice(nodeID: String, namesUnit: Bool?, now: Date) async throws {
        guard let namesUnit else {
            try await sql.raw("DELETE FROM sms_unit_naming WHERE node_id = \(bind: nodeID)").run()
            return
        }
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO sms_unit_naming (node_id, names_unit, updated_at) VALUES (\(bind: nodeID), \(bind: namesUnit), \(bind: stamp))
            ON CONFLICT (node_id) DO UPDATE SET names_unit = \(bind: namesUnit), updated_at = \(bind: stamp)
            """).run()
    }
}
