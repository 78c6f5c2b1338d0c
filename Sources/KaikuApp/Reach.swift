import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// The object a caller named does not exist or lies outside their reach. Both are answered alike
/// (a 404 on the web), so a guessed id tells nothing.
public struct OutOfReach: Error, Equatable, Sendable {
    public init() {}
}

/// The caller may look at the object but not change it (a 403 on the web).
public struct ReadOnly: Error, Equatable, Sendable {
    public init() {}
}

/// Loads an object a caller named and checks the caller's reach to it: the one place scope is
/// checked. The rules are `AccessPolicy`'s (KaikuCore); use cases call these inside their
/// transaction (pass the transaction's `db`), page queries outside one.
public struct Reach: Sendable {
    let db: any SQLDatabase
    public let actor: Actor

    public init(_ db: any SQLDatabase, _ actor: Actor) {
        self.db = db
        self.actor = actor
    }

    var policy: AccessPolicy { actor.policy }

    /// A person an admin may see and manage, with their grants.
    public func user(_ id: String?) async throws -> (user: User, grants: [GrantListing]) {
        let users = UserRepository(db)
        guard let id, let target = try await users.find(id: id) else { throw OutOfReach() }
        let grants = try await users.grants(userID: target.id)
        guard policy.access(toUser: target.id, grants: grants.map(\.grant), actingUserID: actor.id ?? "") == .manage else { throw OutOfReach() }
        return (target, grants)
    }

    /// A survey with the admin's reach to it; `needs` is the least the caller requires.
    public func survey(_ id: String?, needs: ObjectAccess) async throws -> ScopedSurvey {
        guard let id, let survey = try await SurveyRepository(db).survey(id: id) else { throw OutOfReach() }
        let targets = try await OrgRepository(db).nodes(ids: try await SurveyRepository(db).targetIDs(surveyID: survey.id))
        let access = policy.access(toSurveyTargetedAt: targets.map(\.path), isNational: survey.isNational, ownerPath: survey.ownerPath)
        if access == .none { throw OutOfReach() }
        // Seen but not theirs to change: the page exists for them, so this is a refusal, not a 404.
        if access < needs { throw ReadOnly() }
        return ScopedSurvey(survey: survey, targets: targets, access: access)
    }

    /// The surveys an admin may at least read, for lists and choices.
    public func surveysSeen() async throws -> [SurveyRepository.Survey] {
        let repository = SurveyRepository(db)
        let targets = try await repository.targetPathsBySurvey()
        return try await repository.all().filter {
            policy.access(toSurveyTargetedAt: targets[$0.id] ?? [], isNational: $0.isNational, ownerPath: $0.ownerPath) != .none
        }
    }

    /// Surveys running in some unit of the actor's scope for `roles` (targeted there or above):
    /// what an admin may register a kiosk for, or staff may enter paper answers to.
    public func surveysRunning(as roles: Set<Role>) async throws -> [SurveyRepository.Survey] {
        let repository = SurveyRepository(db)
        let targets = try await repository.targetPathsBySurvey()
        return try await repository.all().filter { survey in (targets[survey.id] ?? []).contains { policy.touches(roles, nodeAt: $0) } }
    }

    /// An organisation node inside one of the actor's grants for `roles`.
    public func node(_ id: String?, as roles: Set<Role>) async throws -> OrgNode {
        guard let id, !id.isEmpty, let node = try await OrgRepository(db).node(id: id),
              policy.allowsAny(roles, onNodeAt: node.path) else { throw OutOfReach() }
        return node
    }

    /// A node named by its code, inside one of the actor's grants for `roles`.
    public func node(code: String, as roles: Set<Role>) async throws -> OrgNode {
        guard let node = try await OrgRepository(db).node(code: code) else { throw OutOfReach() }
        try require(node, as: roles)
        return node
    }

    /// A node the caller has already loaded, inside one of the actor's grants for `roles`.
    public func require(_ node: OrgNode, as roles: Set<Role>) throws {
        guard policy.allowsAny(roles, onNodeAt: node.path) else { throw OutOfReach() }
    }

    /// A kiosk whose unit is in the admin's scope.
    public func kiosk(_ id: String?) async throws -> KioskRepository.Listing {
        guard let id, let kiosk = try await KioskRepository(db).listing(id: id), policy.access(toNodeAt: kiosk.nodePath) == .manage else {
            throw OutOfReach()
        }
        return kiosk
    }

    /// A case the actor handles (a handler grant covers its unit) or that was shared with them
    /// (`handles` false: they may read and comment).
    public func feedbackCase(_ id: String?) async throws -> (feedbackCase: FeedbackCase, handles: Bool) {
        guard let id, let c = try await FeedbackRepository(db).find(id: id) else { throw OutOfReach() }
        if policy.allows(.handler, onNodeAt: c.handlingPath) { return (c, true) }
        if let me = actor.id, try await FeedbackRepository(db).isShared(caseID: c.id, with: me) { return (c, false) }
        throw OutOfReach()
    }

    /// A case an admin of its unit may export.
    public func caseToExport(_ id: String?) async throws -> FeedbackCase {
        guard let id, let c = try await FeedbackRepository(db).find(id: id), policy.allows(.admin, onNodeAt: c.handlingPath) else {
            throw OutOfReach()
        }
        return c
    }

    /// A survey request: the requester's own (`asRequester`), or one on a node the admin manages.
    public func surveyRequest(_ id: String?, asRequester: Bool) async throws -> SurveyRequestRepository.Request {
        guard let id, let found = try await SurveyRequestRepository(db).find(id: id) else { throw OutOfReach() }
        let reaches = asRequester ? found.requestedBy == actor.id : policy.allows(.admin, onNodeAt: found.nodePath)
        guard reaches else { throw OutOfReach() }
        return found
    }

    /// County-level objects (service areas, reply phrases, county settings, public pages) are
    /// for admins of a whole county.
    public func requireCountyAdmin() throws {
        guard policy.isCountyAdmin else { throw OutOfReach() }
    }

    /// The subtrees an admin's page lists: nil for a county admin (everything).
    public var adminPaths: [String]? { policy.isCountyAdmin ? nil : policy.scopePaths(for: .admin) }
}

/// A survey with the caller's reach to it.
public struct ScopedSurvey: Sendable {
    public let survey: SurveyRepository.Survey
    public let targets: [OrgNode]
    public let access: ObjectAccess

    public var isReadOnly: Bool { access != .manage }
}
