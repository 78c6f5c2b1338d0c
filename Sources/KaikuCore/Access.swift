/// What a person may do. Handler and reporter rights are granted on an organisation subtree;
/// admin and staff rights too, so a county's admin cannot reach another county's tree.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// pääkäyttäjä: organisation, users, surveys, settings.
    case admin
    /// palautekäsittelijä: reads and answers free-form feedback of their units, and reads their
    /// units' reports (usually the unit's manager, who gets its monthly report: seed 003).
    case handler
    /// raportoija: reads reports of their subtree.
    case reporter
    /// records feedback a customer gave orally or on paper.
    case staff

    /// The roles that read reports (figures, open answers, the feedback report) of their subtree.
    public static let reportReaders: Set<Role> = [.reporter, .admin, .handler]
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

    /// The operator of the installation (the command line, the system's jobs): every role over
    /// every tree. Its grants sit on "/", which every path starts with.
    public static let `operator` = AccessPolicy(grants: Role.allCases.map { Grant(role: $0, scopeNodeID: "", scopePath: "/") })

    public var isOperator: Bool { grants.contains { $0.scopePath == "/" } }

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

    /// Figures and open answers of a node are read by reporters, admins and handlers whose scope covers it.
    public func mayReadReports(onNodeAt nodePath: String) -> Bool {
        allowsAny(Role.reportReaders, onNodeAt: nodePath)
    }

    /// Whether any grant reads reports (where is for `mayReadReports` to say).
    public var readsReports: Bool { !roles.isDisjoint(with: Role.reportReaders) }

    /// The tops of the subtrees whose reports the person reads, widest first.
    public var reportScopePaths: [String] {
        scopePaths(forAny: Role.reportReaders).sorted { ($0.count, $0) < ($1.count, $1) }
    }

    /// The scope paths for a role, with paths covered by another grant removed.
    public func scopePaths(for role: Role) -> [String] { scopePaths(forAny: [role]) }

    /// The scope paths of the grants for any of `roles`, with paths covered by another removed.
    public func scopePaths(forAny roles: Set<Role>) -> [String] {
        let paths = Set(grants.filter { roles.contains($0.role) }.map(\.scopePath))
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

/// What an admin may do with an object, decided from the admin's grants and the object's place in
/// the tree. Every rule about admins' reach lives here; the web layer loads the object and asks.
public enum ObjectAccess: Sendable, Equatable, Comparable {
    /// Out of reach: answered exactly like a missing object.
    case none
    /// May look but not change (a survey that also runs outside the admin's scope).
    case read
    /// May change.
    case manage
}

extension AccessPolicy {
    /// An admin of a whole county: an admin grant on a root of the organisation. County-level
    /// objects (service areas, county settings, reply phrases, public pages, the national survey,
    /// the organisation import and the whole audit log) are for these admins only.
    public var isCountyAdmin: Bool {
        grants.contains { $0.role == .admin && ($0.scopePath == "/" || OrgPath.isRoot($0.scopePath)) }
    }

    /// Whether an admin may see and manage a person. Every grant of the person must lie inside the
    /// admin's scope, so nobody reaches a person who also works elsewhere; and no admin reaches
    /// another admin whose grant is at or above one of their own (a peer or a superior), so a
    /// scoped admin cannot take over a county admin or a colleague. A person without grants is
    /// the county's. One's own account is always reachable for one's name and password; the
    /// callers refuse the changes one may not make to oneself.
    public func access(toUser userID: String, grants target: [Grant], actingUserID: String) -> ObjectAccess {
        guard has(.admin) else { return .none }
        if userID == actingUserID { return .manage }
        if target.isEmpty { return isCountyAdmin ? .manage : .none }
        let ownAdminPaths = grants.filter { $0.role == .admin }.map(\.scopePath)
        let inside = target.allSatisfy { allows(.admin, onNodeAt: $0.scopePath) }
        let peerOrAbove = target.contains { grant in
            grant.role == .admin && ownAdminPaths.contains { $0.hasPrefix(grant.scopePath) }
        }
        return inside && !peerOrAbove ? .manage : .none
    }

    /// A survey is managed by an admin whose scope covers every unit it runs in, and seen read-only
    /// by one whose scope covers some of them. The national survey is a county-level object:
    /// county admins only (docs/SECURITY.md). A survey
    /// without targets (a new draft) belongs to the scope of the admin who created it
    /// (`ownerPath`), or to the county when that is not known.
    public func access(toSurveyTargetedAt targetPaths: [String], isNational: Bool, ownerPath: String?) -> ObjectAccess {
        guard has(.admin) else { return .none }
        let covered = targetPaths.filter { allows(.admin, onNodeAt: $0) }
        // A survey targeted above the admin's node (the county) runs in their units too.
        let runsInScope = targetPaths.contains { touches([.admin], nodeAt: $0) }
        if isNational { return isCountyAdmin ? .manage : .none }
        if targetPaths.isEmpty {
            guard let ownerPath else { return isCountyAdmin ? .manage : .none }
            return allows(.admin, onNodeAt: ownerPath) ? .manage : .none
        }
        if covered.count == targetPaths.count { return .manage }
        return runsInScope ? .read : .none
    }

    /// Whether something placed at the node at `path` (a survey's target) reaches the person's
    /// scope for one of `roles`: the node is inside one of their grants, or above one.
    public func touches(_ roles: Set<Role>, nodeAt path: String) -> Bool {
        grants.contains { roles.contains($0.role) && (path.hasPrefix($0.scopePath) || $0.scopePath.hasPrefix(path)) }
    }

    /// Objects that belong to one node (a kiosk, a case to export, a survey request, an org
    /// node): managed when the node is inside the admin's scope.
    public func access(toNodeAt path: String) -> ObjectAccess {
        allows(.admin, onNodeAt: path) ? .manage : .none
    }
}

extension OrgPath {
    /// A root node's path holds one id: "/rootID/".
    public static func isRoot(_ path: String) -> Bool { ids(in: path).count == 1 }
}
