import Foundation
import KaikuCore
import SQLKit

/// Reply phrases (fraasit) that handlers start their replies from, in three languages.
public struct PhraseRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public struct Phrase: Sendable, Equatable {
        public let id: String
        public var title: String
        public var body: LocalizedText
        public var sortOrder: Int
        public var isActive: Bool
    }

    struct Row: Decodable {
        let id: String, title: String, body_fi: String, body_sv: String, body_en: String, sort_order: Int, is_active: Bool
    }

    public func list(activeOnly: Bool = false) async throws -> [Phrase] {
        try await sql.raw(SQLQueryString("""
            SELECT id, title, body_fi, body_sv, body_en, sort_order, is_active FROM reply_phrases
            \(unsafeRaw: activeOnly ? "WHERE is_active = TRUE" : "") ORDER BY sort_order, title
            """)).all(decoding: Row.self).map {
            Phrase(id: $0.id, title: $0.title, body: LocalizedText(fi: $0.body_fi, sv: $0.body_sv, en: $0.body_en),
                   sortOrder: $0.sort_order, isActive: $0.is_active)
        }
    }

    @discardableResult
    public func create(title: String, body: LocalizedText, sortOrder: Int, now: Date) async throws -> String {
        let id = Identifier.make(at: now)
        try await sql.raw("""
            INSERT INTO reply_phrases (id, title, body_fi, body_sv, body_en, sort_order, is_active, updated_at)
            VALUES (\(bind: id), \(bind: title), \(bind: body.fi), \(bind: body.sv), \(bind: body.en), \(bind: sortOrder), \(bind: true),
                    \(bind: Timestamp.format(now)))
            """).run()
        return id
    }

    public func update(_ phrase: Phrase, now: Date) async throws {
        try await sql.raw("""
            UPDATE reply_phrases SET title = \(bind: phrase.title), body_fi = \(bind: phrase.body.fi), body_sv = \(bind: phrase.body.sv),
                body_en = \(bind: phrase.body.en), sort_order = \(bind: phrase.sortOrder), is_active = \(bind: phrase.isActive),
                updated_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: phrase.id)
            """).run()
    }
}
