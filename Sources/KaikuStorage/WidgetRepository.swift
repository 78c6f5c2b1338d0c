import Foundation
import KaikuCore
import SQLKit

public struct WidgetRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Stores one answer; the comment is masked, as on every public path nothing personal is kept.
    public func insert(pageURL: String, nodeID: String?, serviceAreaID: String?, found: Bool, comment: String, language: Language, now: Date) async throws {
        try await sql.raw("""
            INSERT INTO widget_answers (id, page_url, node_id, service_area_id, found, comment, language, submitted_on)
            VALUES (\(bind: Identifier.make(at: now)), \(bind: pageURL), \(bind: nodeID), \(bind: serviceAreaID), \(bind: found),
                    \(bind: PersonalData.mask(comment)), \(bind: language.rawValue), \(bind: CalendarDay(now).description))
            """).run()
    }

    public struct PageSummary: Sendable, Equatable {
        public let pageURL: String
        public let found: Int
        public let notFound: Int
    }

    struct Row: Decodable { let page_url: String; let found: Int?; let not_found: Int? }

    public func summary() async throws -> [PageSummary] {
        try await sql.raw("""
            SELECT page_url, SUM(CASE WHEN found THEN 1 ELSE 0 END) AS found, SUM(CASE WHEN found THEN 0 ELSE 1 END) AS not_found
            FROM widget_answers GROUP BY page_url ORDER BY page_url
            """).all(decoding: Row.self).map { PageSummary(pageURL: $0.page_url, found: $0.found ?? 0, notFound: $0.not_found ?? 0) }
    }
}
