import Foundation
import KaikuCore
import SQLKit

public struct ServiceAreaRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    struct Row: Decodable {
        let id: String, code: String, name_fi: String, name_sv: String, name_en: String
        let help_fi: String, help_sv: String, help_en: String
        let promise_days: Int?, sort_order: Int, is_active: Bool
    }

    struct NodeRow: Decodable { let service_area_id: String; let node_id: String; let as_one_entry: Bool }

    public func list(activeOnly: Bool = false) async throws -> [ServiceArea] {
        let rows = try await sql.raw(SQLQueryString("""
            SELECT id, code, name_fi, name_sv, name_en, help_fi, help_sv, help_en, promise_days, sort_order, is_active
            FROM service_areas \(unsafeRaw: activeOnly ? "WHERE is_active = TRUE" : "") ORDER BY sort_order, name_fi
            """)).all(decoding: Row.self)
        let links = try await sql.raw("SELECT service_area_id, node_id, as_one_entry FROM service_area_nodes").all(decoding: NodeRow.self)
        let nodes = Dictionary(grouping: links, by: \.service_area_id)
        return rows.map { r in
            ServiceArea(id: r.id, code: r.code, name: LocalizedText(fi: r.name_fi, sv: r.name_sv, en: r.name_en),
                        help: LocalizedText(fi: r.help_fi, sv: r.help_sv, en: r.help_en), promiseDays: r.promise_days,
                        sortOrder: r.sort_order, isActive: r.is_active, nodeIDs: (nodes[r.id] ?? []).map(\.node_id),
                        groupedNodeIDs: (nodes[r.id] ?? []).filter(\.as_one_entry).map(\.node_id))
        }
    }

    public func find(id: String) async throws -> ServiceArea? {
        try await list().first { $0.id == id }
    }

    @discardableResult
    public func create(code: String, name: LocalizedText, help: LocalizedText, promiseDays: Int?, sortOrder: Int,
                       nodeIDs: [String], groupedNodeIDs: [String] = [], now: Date) async throws -> String {
        let id = Identifier.make(at: now)
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO service_areas (id, code, name_fi, name_sv, name_en, help_fi, help_sv, help_en, promise_days, sort_order, is_active, created_at, updated_at)
            VALUES (\(bind: id), \(bind: code), \(bind: name.fi), \(bind: name.sv), \(bind: name.en), \(bind: help.fi), \(bind: help.sv),
                    \(bind: help.en), \(bind: promiseDays), \(bind: sortOrder), \(bind: true), \(bind: stamp), \(bind: stamp))
            """).run()
        try await setNodes(areaID: id, nodeIDs: nodeIDs, grouped: groupedNodeIDs)
        return id
    }

    public func update(_ area: ServiceArea, now: Date) async throws {
        try await sql.raw("""
            UPDATE service_areas SET code = \(bind: area.code), name_fi = \(bind: area.name.fi), name_sv = \(bind: area.name.sv),
                name_en = \(bind: area.name.en), help_fi = \(bind: area.help.fi), help_sv = \(bind: area.help.sv),
                help_en = \(bind: area.help.en), promise_days = \(bind: area.promiseDays), sort_order = \(bind: area.sortOrder),
                is_active = \(bind: area.isActive), updated_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: area.id)
            """).run()
        try await setNodes(areaID: area.id, nodeIDs: area.nodeIDs, grouped: area.groupedNodeIDs)
    }

    func setNodes(areaID: String, nodeIDs: [String], grouped: [String]) async throws {
        try await sql.raw("DELETE FROM service_area_nodes WHERE service_area_id = \(bind: areaID)").run()
        for nodeID in Set(nodeIDs) {
            try await sql.raw("""
                INSERT INTO service_area_nodes (service_area_id, node_id, as_one_entry)
                VALUES (\(bind: areaID), \(bind: nodeID), \(bind: grouped.contains(nodeID)))
                """).run()
        }
    }

    /// What customers can choose for an area: first the nodes it offers as one entry, then the
    /// active units inside its other nodes (not those under a grouped one), whose name matches `text`.
    public func units(of area: ServiceArea, today: CalendarDay, matching text: String = "") async throws -> [OrgNode] {
        let org = OrgRepository(sql)
        var paths: [String] = []
        var groups: [OrgNode] = []
        for node in try await org.nodes(ids: area.nodeIDs) {
            if area.groupedNodeIDs.contains(node.id) { groups.append(node) } else { paths.append(node.path) }
        }
        let needle = text.trimmingCharacters(in: .whitespaces).lowercased()
        let entries = groups.filter { group in
            group.spec.isActive(on: today) && (needle.isEmpty || Language.shipped.contains { group.name[$0].lowercased().contains(needle) })
        }
        let units = paths.isEmpty ? [] : try await org.search(text, within: paths, limit: 500)
            .filter { unit in unit.level == .unit && unit.spec.isActive(on: today) && !groups.contains { unit.path.hasPrefix($0.path) } }
        return entries + units
    }
}

/// Key–value settings shared by all server processes (e.g. the county's service promise).
public struct SettingsRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    struct Row: Decodable { let value: String }

    public func value(_ key: String) async throws -> String? {
        try await sql.raw("SELECT value FROM settings WHERE key = \(bind: key)").first(decoding: Row.self)?.value
    }

    /// Several settings in one query; a key without a value is absent.
    public func values(_ keys: [String]) async throws -> [String: String] {
        struct KeyRow: Decodable { let key: String; let value: String }
        return Dictionary(try await sql.raw("SELECT key, value FROM settings WHERE key IN (\(binds: keys))").all(decoding: KeyRow.self)
            .map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    public func set(_ key: String, _ value: String, now: Date) async throws {
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO settings (key, value, updated_at) VALUES (\(bind: key), \(bind: value), \(bind: stamp))
            ON CONFLICT (key) DO UPDATE SET value = \(bind: value), updated_at = \(bind: stamp)
            """).run()
    }

    /// A random secret created on first use, the same for every process using this database.
    public func secret(_ key: String, now: Date) async throws -> String {
        if let existing = try await value(key) { return existing }
        try await sql.raw("""
            INSERT INTO settings (key, value, updated_at) VALUES (\(bind: key), \(bind: Identifier.makeSecret()), \(bind: Timestamp.format(now)))
            ON CONFLICT (key) DO NOTHING
            """).run()
        return try await value(key) ?? ""
    }

    /// Events counted for `key` in the hour containing `now`.
    public func countInHour(_ key: String, now: Date) async throws -> Int {
        struct CountValue: Decodable { let count: Int }
        return try await sql.raw("SELECT count FROM rate_counters WHERE key = \(bind: key) AND window_start = \(bind: Self.hour(now))")
            .first(decoding: CountValue.self)?.count ?? 0
    }

    /// Counts one more event for `key` in the hour containing `now`. Callers count what they
    /// accepted, so refused attempts (a typo, a bot) never use up a person's allowance.
    public func recordInHour(_ key: String, now: Date) async throws {
        try await sql.raw("""
            INSERT INTO rate_counters (key, window_start, count) VALUES (\(bind: key), \(bind: Self.hour(now)), 1)
            ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
            """).run()
    }

    static func hour(_ now: Date) -> String {
        Timestamp.format(Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600))
    }
}
