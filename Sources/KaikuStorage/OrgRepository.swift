import Foundation
import KaikuCore
import SQLKit

/// Reads and writes the organisation tree. Give it the database or a transaction's connection.
public struct OrgRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    struct Row: Decodable {
        let id: String
        let code: String
        let parent_id: String?
        let parent_code: String?
        let level: String
        let path: String
        let name_fi: String
        let name_sv: String
        let name_en: String
        let valid_from: String?
        let valid_to: String?
        let oid: String?

        var node: OrgNode {
            OrgNode(id: id, parentID: parent_id, path: path, spec: OrgNodeSpec(
                code: code, parentCode: parent_code, level: OrgLevel(rawValue: level) ?? .unit,
                name: LocalizedText(fi: name_fi, sv: name_sv, en: name_en),
                validFrom: valid_from.flatMap(CalendarDay.init), validTo: valid_to.flatMap(CalendarDay.init), oid: oid))
        }
    }

    static let select = """
        SELECT n.id, n.code, n.parent_id, p.code AS parent_code, n.level, n.path, n.name_fi, n.name_sv, n.name_en,
               n.valid_from, n.valid_to, n.oid
        FROM org_nodes n LEFT JOIN org_nodes p ON p.id = n.parent_id
        """

    public func all() async throws -> [OrgNode] {
        try await sql.raw(SQLQueryString(Self.select + " ORDER BY n.path")).all(decoding: Row.self).map(\.node)
    }

    public func count() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM org_nodes").first(decoding: CountRow.self)?.n ?? 0
    }

    public func node(id: String) async throws -> OrgNode? {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE n.id = \(bind: id)").first(decoding: Row.self)?.node
    }

    public func nodes(ids: [String]) async throws -> [OrgNode] {
        guard !ids.isEmpty else { return [] }
        return try await sql.raw(SQLQueryString(Self.select) + " WHERE n.id IN (\(binds: ids)) ORDER BY n.path").all(decoding: Row.self).map(\.node)
    }

    public func node(code: String) async throws -> OrgNode? {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE n.code = \(bind: code)").first(decoding: Row.self)?.node
    }

    public func children(of id: String) async throws -> [OrgNode] {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE n.parent_id = \(bind: id) ORDER BY n.name_fi")
            .all(decoding: Row.self).map(\.node)
    }

    public func roots() async throws -> [OrgNode] {
        try await sql.raw(SQLQueryString(Self.select + " WHERE n.parent_id IS NULL ORDER BY n.name_fi")).all(decoding: Row.self).map(\.node)
    }

    /// The node's ancestors from the root down, without the node itself.
    public func ancestors(of node: OrgNode) async throws -> [OrgNode] {
        let ids = OrgPath.ids(in: node.path).dropLast()
        guard !ids.isEmpty else { return [] }
        let nodes = try await sql.raw(SQLQueryString(Self.select) + " WHERE n.id IN (\(binds: Array(ids)))")
            .all(decoding: Row.self).map(\.node)
        return nodes.sorted { $0.path.count < $1.path.count }
    }

    /// Lower-cased code and names: SQLite's LOWER() folds ASCII only, so folding happens here.
    static func searchText(_ spec: OrgNodeSpec) -> String {
        [spec.code, spec.name.fi, spec.name.sv, spec.name.en].joined(separator: "\n").lowercased()
    }

    /// Every node of the subtrees given except service points, in tree order: what reports and
    /// admins pick from.
    public func nodes(within paths: [String]) async throws -> [OrgNode] {
        try await search("", within: paths, limit: 10_000).filter { $0.level != .servicePoint }.sorted { $0.path < $1.path }
    }

    /// Name or code search within the subtrees given (all when nil), by any language.
    public func search(_ text: String, within paths: [String]? = nil, limit: Int = 100) async throws -> [OrgNode] {
        let pattern = "%" + text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        var query = SQLQueryString(Self.select) + """
             WHERE n.search_text LIKE \(bind: pattern) ESCAPE '\\'
            """
        if let paths {
            guard !paths.isEmpty else { return [] }
            query = query + " AND (" + Self.pathFilter(paths, column: "n.path") + ")"
        }
        query = query + " ORDER BY n.name_fi LIMIT \(bind: limit)"
        return try await sql.raw(query).all(decoding: Row.self).map(\.node)
    }

    /// `column LIKE 'path%' OR …`: ids hold no LIKE wildcards, so the prefix needs no escaping.
    static func pathFilter(_ paths: [String], column: String) -> SQLQueryString {
        var filter = SQLQueryString("")
        for (i, path) in paths.enumerated() {
            if i > 0 { filter = filter + " OR " }
            filter = filter + "\(unsafeRaw: column) LIKE \(bind: path + "%")"
        }
        return filter
    }

    public func levels(ofChildrenOf id: String) async throws -> [OrgLevel] {
        try await children(of: id).map(\.level)
    }

    /// Inserts a node under `parent` (nil for a county) and returns it.
    @discardableResult
    public func insert(_ spec: OrgNodeSpec, parent: OrgNode?, now: Date) async throws -> OrgNode {
        let id = Identifier.make(at: now)
        let path = OrgPath.child(of: parent?.path, id: id)
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO org_nodes (id, code, parent_id, level, path, name_fi, name_sv, name_en, valid_from, valid_to, oid, search_text, created_at, updated_at)
            VALUES (\(bind: id), \(bind: spec.code), \(bind: parent?.id), \(bind: spec.level.rawValue), \(bind: path),
                    \(bind: spec.name.fi), \(bind: spec.name.sv), \(bind: spec.name.en),
                    \(bind: spec.validFrom?.description), \(bind: spec.validTo?.description), \(bind: spec.oid),
                    \(bind: Self.searchText(spec)), \(bind: stamp), \(bind: stamp))
            """).run()
        var node = OrgNode(id: id, parentID: parent?.id, path: path, spec: spec)
        node.spec.parentCode = parent?.code
        return node
    }

    /// Writes a node's fields; when its parent changes, moves its whole subtree with it.
    public func update(_ node: OrgNode, to spec: OrgNodeSpec, parent: OrgNode?, now: Date) async throws {
        try await sql.raw("""
            UPDATE org_nodes SET code = \(bind: spec.code), level = \(bind: spec.level.rawValue),
                name_fi = \(bind: spec.name.fi), name_sv = \(bind: spec.name.sv), name_en = \(bind: spec.name.en),
                valid_from = \(bind: spec.validFrom?.description), valid_to = \(bind: spec.validTo?.description),
                oid = \(bind: spec.oid), search_text = \(bind: Self.searchText(spec)), parent_id = \(bind: parent?.id), updated_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: node.id)
            """).run()
        let newPath = OrgPath.child(of: parent?.path, id: node.id)
        if newPath != node.path {
            try await sql.raw("""
                UPDATE org_nodes SET path = \(bind: newPath) || SUBSTR(path, CAST(\(bind: node.path.count + 1) AS INTEGER))
                WHERE path LIKE \(bind: node.path + "%")
                """).run()
        }
    }

    public func close(code: String, validTo: CalendarDay, now: Date) async throws {
        try await sql.raw("""
            UPDATE org_nodes SET valid_to = \(bind: validTo.description), updated_at = \(bind: Timestamp.format(now))
            WHERE code = \(bind: code)
            """).run()
    }

    /// Applies a checked import as one sync; the caller runs it in a transaction.
    public func apply(_ incoming: [OrgNodeSpec], today: CalendarDay, now: Date) async throws -> OrgSyncPlan {
        let existing = try await all()
        let plan = OrgSyncPlan.make(existing: existing.map(\.spec), incoming: incoming, today: today)
        let changes = (plan.creates.map { ($0, true) } + plan.updates.map { ($0, false) })
            .sorted { $0.0.level.depth < $1.0.level.depth }
        for (spec, isNew) in changes {
            // Re-read the parent: an earlier step may have moved it.
            let parent: OrgNode? = if let code = spec.parentCode { try await node(code: code) } else { nil }
            if isNew {
                try await insert(spec, parent: parent, now: now)
            } else if let old = try await node(code: spec.code) {
                try await update(old, to: spec, parent: parent, now: now)
            }
        }
        for close in plan.closes {
            try await self.close(code: close.code, validTo: close.validTo, now: now)
        }
        return plan
    }
}

struct CountRow: Decodable { let n: Int }
