import Foundation
import KaikuCore
import SQLKit

public struct User: Sendable, Equatable {
    public let id: String
    public var email: String
    public var displayName: String
    public var passwordHash: String
    public var mustChangePassword: Bool
    public var isActive: Bool
}

/// A grant as listed to admins, with the scope node's code and names.
public struct GrantListing: Sendable, Equatable {
    public let id: String
    public let role: Role
    public let nodeID: String
    public let nodeCode: String
    public let nodeName: LocalizedText
    public let nodePath: String

    public var grant: Grant { Grant(role: role, scopeNodeID: nodeID, scopePath: nodePath) }
}

public struct UserRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    struct Row: Decodable {
        let id: String
        let email: String
        let display_name: String
        let password_hash: String
        let must_change_password: Bool
        let is_active: Bool
        var user: User {
            User(id: id, email: email, displayName: display_name, passwordHash: password_hash,
                 mustChangePassword: must_change_password, isActive: is_active)
        }
    }

    static let select = "SELECT id, email, display_name, password_hash, must_change_password, is_active FROM users"

    public func find(email: String) async throws -> User? {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE email = \(bind: EmailAddress.normalise(email))")
            .first(decoding: Row.self)?.user
    }

    public func find(id: String) async throws -> User? {
        try await sql.raw(SQLQueryString(Self.select) + " WHERE id = \(bind: id)").first(decoding: Row.self)?.user
    }

    public func list() async throws -> [User] {
        try await sql.raw(SQLQueryString(Self.select + " ORDER BY email")).all(decoding: Row.self).map(\.user)
    }

    /// Email addresses of the given users, in one query (for timelines that name who did what).
    public func emails(ids: Set<String>) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { let id: String; let email: String }
        return Dictionary(uniqueKeysWithValues: try await sql.raw("SELECT id, email FROM users WHERE id IN (\(binds: Array(ids)))")
            .all(decoding: Row.self).map { ($0.id, $0.email) })
    }

    public func count() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM users").first(decoding: CountRow.self)?.n ?? 0
    }

    @discardableResult
    public func create(email: String, displayName: String, passwordHash: String, mustChangePassword: Bool, now: Date) async throws -> User {
        let user = User(id: Identifier.make(at: now), email: EmailAddress.normalise(email), displayName: displayName,
                        passwordHash: passwordHash, mustChangePassword: mustChangePassword, isActive: true)
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO users (id, email, display_name, password_hash, must_change_password, is_active, created_at, updated_at)
            VALUES (\(bind: user.id), \(bind: user.email), \(bind: displayName), \(bind: passwordHash),
                    \(bind: mustChangePassword), \(bind: true), \(bind: stamp), \(bind: stamp))
            """).run()
        return user
    }

    public func update(id: String, displayName: String, isActive: Bool, now: Date) async throws {
        try await sql.raw("""
            UPDATE users SET display_name = \(bind: displayName), is_active = \(bind: isActive), updated_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: id)
            """).run()
    }

    public func setPassword(id: String, hash: String, mustChange: Bool, now: Date) async throws {
        try await sql.raw("""
            UPDATE users SET password_hash = \(bind: hash), must_change_password = \(bind: mustChange), updated_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: id)
            """).run()
    }

    // MARK: Grants

    struct GrantRow: Decodable {
        let id: String
        let user_id: String
        let role: String
        let node_id: String
        let code: String
        let name_fi: String
        let name_sv: String
        let name_en: String
        let path: String
        var listing: GrantListing? {
            guard let role = Role(rawValue: role) else { return nil }
            return GrantListing(id: id, role: role, nodeID: node_id, nodeCode: code,
                                nodeName: LocalizedText(fi: name_fi, sv: name_sv, en: name_en), nodePath: path)
        }
    }

    static let grantSelect = """
        SELECT g.id, g.user_id, g.role, g.node_id, n.code, n.name_fi, n.name_sv, n.name_en, n.path
        FROM grants g JOIN org_nodes n ON n.id = g.node_id
        """

    public func grants(userID: String) async throws -> [GrantListing] {
        try await sql.raw(SQLQueryString(Self.grantSelect) + " WHERE g.user_id = \(bind: userID) ORDER BY g.role, n.path")
            .all(decoding: GrantRow.self).compactMap(\.listing)
    }

    /// Every user's grants at once, for lists.
    public func allGrants() async throws -> [String: [GrantListing]] {
        let rows = try await sql.raw(SQLQueryString(Self.grantSelect + " ORDER BY g.role, n.path")).all(decoding: GrantRow.self)
        var result: [String: [GrantListing]] = [:]
        for row in rows { if let listing = row.listing { result[row.user_id, default: []].append(listing) } }
        return result
    }

    /// How many active people are designated handlers on each node (a handler grant on the node itself).
    public func activeHandlerCounts() async throws -> [String: Int] {
        struct Row: Decodable { let node_id: String; let n: Int }
        let rows = try await sql.raw("""
            SELECT g.node_id, COUNT(DISTINCT g.user_id) AS n FROM grants g JOIN users u ON u.id = g.user_id
            WHERE g.role = \(bind: Role.handler.rawValue) AND u.is_active = TRUE GROUP BY g.node_id
            """).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.node_id, $0.n) })
    }

    /// The email addresses of the active handlers designated on a node.
    public func handlerEmails(nodeID: String) async throws -> [String] {
        struct Row: Decodable { let email: String }
        return try await sql.raw("""
            SELECT DISTINCT u.email FROM grants g JOIN users u ON u.id = g.user_id
            WHERE g.role = \(bind: Role.handler.rawValue) AND g.node_id = \(bind: nodeID) AND u.is_active = TRUE ORDER BY u.email
            """).all(decoding: Row.self).map(\.email)
    }

    /// Active users with the role on the node or above it.
    public func emails(role: Role, covering nodePath: String) async throws -> [String] {
        struct Row: Decodable { let email: String }
        return try await sql.raw("""
            SELECT DISTINCT u.email FROM grants g JOIN users u ON u.id = g.user_id JOIN org_nodes n ON n.id = g.node_id
            WHERE g.role = \(bind: role.rawValue) AND u.is_active = TRUE AND \(bind: nodePath) LIKE n.path || '%' ORDER BY u.email
            """).all(decoding: Row.self).map(\.email)
    }

    /// Adds a grant unless the same one exists; returns whether it was new.
    @discardableResult
    public func addGrant(userID: String, role: Role, nodeID: String, now: Date) async throws -> Bool {
        let exists = try await sql.raw("""
            SELECT id FROM grants WHERE user_id = \(bind: userID) AND role = \(bind: role.rawValue) AND node_id = \(bind: nodeID)
            """).first()
        if exists != nil { return false }
        try await sql.raw("""
            INSERT INTO grants (id, user_id, role, node_id, created_at)
            VALUES (\(bind: Identifier.make(at: now)), \(bind: userID), \(bind: role.rawValue), \(bind: nodeID), \(bind: Timestamp.format(now)))
            """).run()
        return true
    }

    public func grant(id: String) async throws -> GrantListing? {
        try await sql.raw(SQLQueryString(Self.grantSelect) + " WHERE g.id = \(bind: id)").first(decoding: GrantRow.self)?.listing
    }

    public func removeGrant(id: String) async throws {
        try await sql.raw("DELETE FROM grants WHERE id = \(bind: id)").run()
    }

    // MARK: Failed logins

    struct FailureRow: Decodable { let failures: Int; let last_failure_at: String }

    public func failures(email: String) async throws -> (count: Int, last: Date?) {
        guard let row = try await sql.raw("SELECT failures, last_failure_at FROM login_failures WHERE email = \(bind: EmailAddress.normalise(email))")
            .first(decoding: FailureRow.self) else { return (0, nil) }
        return (row.failures, Timestamp.parse(row.last_failure_at))
    }

    /// Counts one more failure and returns the new count.
    public func recordFailure(email: String, now: Date) async throws -> Int {
        let key = EmailAddress.normalise(email)
        let stamp = Timestamp.format(now)
        try await sql.raw("""
            INSERT INTO login_failures (email, failures, last_failure_at) VALUES (\(bind: key), 1, \(bind: stamp))
            ON CONFLICT (email) DO UPDATE SET failures = login_failures.failures + 1, last_failure_at = \(bind: stamp)
            """).run()
        return try await failures(email: key).count
    }

    public func clearFailures(email: String) async throws {
        try await sql.raw("DELETE FROM login_failures WHERE email = \(bind: EmailAddress.normalise(email))").run()
    }
}
