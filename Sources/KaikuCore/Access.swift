/// What a person may do. Handler and reporter rights are granted on an organisation subtree;
/// admin and staff rights too, so a county's admin cannot reach another county's tree.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// pääkäyttäjä: organisation, users, surveys, settings.
    case admin
    /// palautekäsittelijä: reads and answers free-form feedback of their units.
    case handler
    /// raportoija: reads reports of their subtree.
    case reporter
    /// records feedback a customer gave orally or on paper.
    case staff
}

public struct Grant: Sendable, Equatable, Hashable {
    public let role: Role
    /// The id of the organisation node the grant covers, with everything below it.
    public let scopeNodeID: String
    /// The scope node's materialised path ("/rootID/…/nodeID/"), so that scope checks are prefix tests.
    public let scopePath: String

    public init(role: Role, scopeNodeID: String, scopePath: String) {
        self.role = role
        self.scopeNodeID = scopeNodeID
        self.scopePath = scopePath
    }
}

/// Decides scope questions from a user's grants alone; callers pass the node's path.
public struct AccessPolicy: Sendable, Equatable {
    public let grants: [Grant]

    public init(grants: [Grant]) { self.grants = grants }

    public var roles: Set<Role> { Set(grants.map(\.role)) }

    public func has(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    /// True when one of the grants for `role` covers the node at `nodePath`.
    public func allows(_ role: Role, onNodeAt nodePath: String) -> Bool {
        grants.contains { $0.role == role && nodePath.hasPrefix($0.scopePath) }
    }

    /// True when any of `roles` covers the node.
    public func allowsAny(_ roles: Set<Role>, onNodeAt nodePath: String) -> Bool {
        grants.contains { roles.contains($0.role) && nodePath.hasPrefix($0.scopePath) }
    }

    /// The scope paths for a role, with paths covered by another grant removed.
    public func scopePaths(for role: Role) -> [String] {
        let paths = Set(grants.filter { $0.role == role }.map(\.scopePath))
        return paths.filter { path in !paths.contains { $0 != path && path.hasPrefix($0) } }.sorted()
    }
}

/// Materialised paths: "/" + ids joined by "/" + "/". A node's path starts with each ancestor's.
public enum OrgPath {
    public static func child(of parentPath: String?, id: String) -> String {
        (parentPath ?? "/") + id + "/"
    }

    public static func ids(in path: String) -> [String] {
        path.split(separator: "/").map(String.init)
    }
}
