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

    /// One page's answers at one unit (nil: a page of the county's own, not placed at a unit).
    public struct PageCount: Sendable, Equatable {
        public let pageURL: String
        public let nodeID: String?
        public let found: Int
        public let notFound: Int
    }

    /// Answers per page and unit given at or under `path` on the days from `from` to `to`, and
    /// those not placed at any unit when `unplaced` (the county's own pages, for its readers).
    public func pages(path: String, unplaced: Bool, from: CalendarDay, to: CalendarDay) async throws -> [PageCount] {
        struct Row: Decodable { let page_url: String; let node_id: String?; let found: Int?; let not_found: Int? }
        return try await sql.raw("""
            SELECT w.page_url, w.node_id, SUM(CASE WHEN w.found THEN 1 ELSE 0 END) AS found, SUM(CASE WHEN w.found THEN 0 ELSE 1 END) AS not_found
            FROM widget_answers w LEFT JOIN org_nodes n ON n.id = w.node_id
            WHERE w.submitted_on >= \(bind: from.description) AND w.submitted_on <= \(bind: to.description)
              AND (n.path LIKE \(bind: path + "%") OR (w.node_id IS NULL AND \(bind: unplaced)))
            GROUP BY w.page_url, w.node_id ORDER BY w.page_url
            """).all(decoding: Row.self).map { PageCount(pageURL: $0.page_url, nodeID: $0.node_id, found: $0.found ?? 0, notFound: $0.not_found ?? 0) }
    }
}
