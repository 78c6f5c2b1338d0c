import Foundation
import KaikuCore
import SQLKit

/// "Feedback matters" (palaute vaikuttaa): anonymised "you said, we did" entries handlers publish
/// from closed cases, for the public wall and its display mode.
public struct WallRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public struct Entry: Sendable, Equatable {
        public let id: String
        public let nodeID: String
        public let language: Language
        public let youSaid: String
        public let weDid: String
        public let publishedAt: Date
    }

    public func publish(caseID: String, nodeID: String, nodePath: String, language: Language, youSaid: String, weDid: String,
                        by userID: String, now: Date) async throws {
        try await sql.raw("""
            INSERT INTO wall_entries (id, case_id, node_id, node_path, language, you_said, we_did, published_at, published_by)
            VALUES (\(bind: Identifier.make(at: now)), \(bind: caseID), \(bind: nodeID), \(bind: nodePath), \(bind: language.rawValue),
                    \(bind: youSaid), \(bind: weDid), \(bind: Timestamp.format(now)), \(bind: userID))
            """).run()
    }

    struct Row: Decodable { let id: String; let node_id: String; let language: String; let you_said: String; let we_did: String; let published_at: String }

    /// Newest first, within the subtree at `path`.
    public func entries(under path: String, limit: Int = 50) async throws -> [Entry] {
        try await sql.raw("""
            SELECT id, node_id, language, you_said, we_did, published_at FROM wall_entries
            WHERE node_path LIKE \(bind: path + "%") ORDER BY published_at DESC LIMIT \(bind: limit)
            """).all(decoding: Row.self).map {
            Entry(id: $0.id, nodeID: $0.node_id, language: Language(shipped: $0.language) ?? .fi, youSaid: $0.you_said,
                  weDid: $0.we_did, publishedAt: Timestamp.parse($0.published_at) ?? .distantPast)
        }
    }
}
