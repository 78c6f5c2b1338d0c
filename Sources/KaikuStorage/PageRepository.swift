import Foundation
import KaikuCore
import SQLKit

/// Admin-editable public texts (accessibility statement, privacy notice) per language.
public struct PageRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public struct Page: Sendable, Equatable {
        public let title: String
        public let body: String
        public let updatedAt: String
    }

    struct Row: Decodable { let title: String; let body: String; let updated_at: String }

    public func page(slug: String, language: Language) async throws -> Page? {
        try await sql.raw("SELECT title, body, updated_at FROM pages WHERE slug = \(bind: slug) AND language = \(bind: language.rawValue)")
            .first(decoding: Row.self).map { Page(title: $0.title, body: $0.body, updatedAt: $0.updated_at) }
    }

    public func save(slug: String, language: Language, title: String, body: String, by userID: String?, now: Date) async throws {
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO pages (slug, language, title, body, updated_at, updated_by)
            VALUES (\(bind: slug), \(bind: language.rawValue), \(bind: title), \(bind: body), \(bind: stamp), \(bind: userID))
            ON CONFLICT (slug, language) DO UPDATE SET title = \(bind: title), body = \(bind: body),
                updated_at = \(bind: stamp), updated_by = \(bind: userID)
            """).run()
    }
}
