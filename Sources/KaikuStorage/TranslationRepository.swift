import Foundation
import KaikuCore
import SQLKit

/// The county's added languages and their translated texts (`public_languages`, `translations`).
public struct TranslationRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public struct AddedLanguage: Sendable, Equatable, Decodable {
        public let code: String
        public let name: String
        public let reviewedBy: String
        public let importedAt: String

        enum CodingKeys: String, CodingKey { case code, name, reviewedBy = "reviewed_by", importedAt = "imported_at" }
    }

    public struct Text: Sendable, Equatable {
        public let key: String
        public let text: String
        /// The Finnish text it was translated from.
        public let source: String
        public init(key: String, text: String, source: String) {
            self.key = key
            self.text = text
            self.source = source
        }
    }

    public func languages() async throws -> [AddedLanguage] {
        try await sql.raw("SELECT code, name, reviewed_by, imported_at FROM public_languages ORDER BY code").all(decoding: AddedLanguage.self)
    }

    public func texts(_ language: String) async throws -> [Text] {
        struct Row: Decodable { let text_key: String, text: String, source: String }
        return try await sql.raw("SELECT text_key, text, source FROM translations WHERE language = \(bind: language)")
            .all(decoding: Row.self).map { Text(key: $0.text_key, text: $0.text, source: $0.source) }
    }

    /// What changes when a language is imported anywhere: readers compare it to reload.
    public func version() async throws -> String {
        struct Row: Decodable { let n: Int, latest: String? }
        let row = try await sql.raw("SELECT COUNT(*) AS n, MAX(imported_at) AS latest FROM public_languages").first(decoding: Row.self)
        return "\(row?.n ?? 0) \(row?.latest ?? "")"
    }

    /// A language's translation as a whole: the file replaces what was imported before.
    public func replace(_ language: String, name: String, reviewedBy: String, texts: [Text], now: Date) async throws {
        try await sql.raw("DELETE FROM translations WHERE language = \(bind: language)").run()
        try await sql.raw("""
            INSERT INTO public_languages (code, name, reviewed_by, imported_at)
            VALUES (\(bind: language), \(bind: name), \(bind: reviewedBy), \(bind: Timestamp.format(now)))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, reviewed_by = excluded.reviewed_by, imported_at = excluded.imported_at
            """).run()
        for chunk in texts.chunked(1_000) {
            var query = SQLQueryString("INSERT INTO translations (language, text_key, text, source) VALUES ")
            for (i, text) in chunk.enumerated() {
                if i > 0 { query += ", " }
                query += "(\(bind: language), \(bind: text.key), \(bind: text.text), \(bind: text.source))"
            }
            try await sql.raw(query).run()
        }
    }

    public func remove(_ language: String) async throws {
        try await sql.raw("DELETE FROM translations WHERE language = \(bind: language)").run()
        try await sql.raw("DELETE FROM public_languages WHERE code = \(bind: language)").run()
    }
}
