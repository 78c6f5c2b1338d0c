import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

/// Loads an object named in a request and checks the caller's reach to it, in one place: the
/// rules are `AccessPolicy`'s (KaikuCore), and anything out of reach is the same 404 as a missing
/// object, so a guessed id tells nothing. Routes take objects only through these functions.
extension AppServices {
    /// A person an admin may see and manage, with their grants.
    func managedUser(_ id: String?, by admin: CurrentUser) async throws -> (user: User, grants: [GrantListing]) {
        let users = UserRepository(database.sql)
        guard let id, let target = try await users.find(id: id) else { throw AppError.notFound }
        let grants = try await users.grants(userID: target.id)
        guard admin.policy.access(toUser: target.id, grants: grants.map(\.grant), actingUserID: admin.id) == .manage else {
            throw AppError.notFound
        }
        return (target, grants)
    }

    /// A survey with the admin's reach to it (`.read` or `.manage`); `needs` is the least the route requires.
    func survey(_ id: String?, by admin: CurrentUser, needs: ObjectAccess) async throws -> ScopedSurvey {
        let sql = database.sql
        guard let id, let survey = try await SurveyRepository(sql).survey(id: id) else { throw AppError.notFound }
        let targets = try await OrgRepository(sql).nodes(ids: try await SurveyRepository(sql).targetIDs(surveyID: survey.id))
        let access = admin.policy.access(toSurveyTargetedAt: targets.map(\.path), isNational: survey.isNational, ownerPath: survey.ownerPath)
        if access == .none { throw AppError.notFound }
        // Seen but not theirs to change: the page exists for them, so this is a refusal, not a 404.
        if access < needs { throw AppError.forbidden }
        return ScopedSurvey(survey: survey, targets: targets, access: access)
    }

    /// The surveys an admin may at least read, for lists and choices.
    func surveysSeen(by admin: CurrentUser?) async throws -> [SurveyRepository.Survey] {
        guard let admin else { return [] }
        let repository = SurveyRepository(database.sql)
        let targets = try await repository.targetPathsBySurvey()
        return try await repository.all().filter {
            admin.policy.access(toSurveyTargetedAt: targets[$0.id] ?? [], isNational: $0.isNational, ownerPath: $0.ownerPath) != .none
        }
    }

    /// Whether an integration's API key covers the unit and survey it posts to.
    func integration(_ integration: ApiKeyRepository.Integration, reaches unitCode: String, surveyCode: String) async throws -> Bool {
        guard integration.surveyCodes.contains(surveyCode), let node = try await OrgRepository(database.sql).node(code: unitCode) else { return false }
        let scopes = try await OrgRepository(database.sql).nodes(ids: integration.scopeNodeIDs)
        return scopes.contains { node.path.hasPrefix($0.path) }
    }

    /// The subtrees an API key may send visits for.
    func visitScope(_ integration: ApiKeyRepository.Integration) async throws -> [String] {
        try await OrgRepository(database.sql).nodes(ids: integration.scopeNodeIDs).map(\.path)
    }

    /// Surveys running in some unit of the person's scope for `roles` (targeted there or above):
    /// what an admin may register a kiosk for, or staff may enter paper answers to.
    func surveysRunning(for user: CurrentUser?, as roles: Set<Role>) async throws -> [SurveyRepository.Survey] {
        guard let policy = user?.policy else { return [] }
        let repository = SurveyRepository(database.sql)
        let targets = try await repository.targetPathsBySurvey()
        return try await repository.all().filter { survey in (targets[survey.id] ?? []).contains { policy.touches(roles, nodeAt: $0) } }
    }

    /// A kiosk whose unit is in the admin's scope.
    func kiosk(_ id: String?, by admin: CurrentUser) async throws -> KioskRepository.Listing {
        guard let id, let kiosk = try await KioskRepository(database.sql).listing(id: id),
              admin.policy.access(toNodeAt: kiosk.nodePath) == .manage else { throw AppError.notFound }
        return kiosk
    }
}

struct ScopedSurvey {
    let survey: SurveyRepository.Survey
    let targets: [OrgNode]
    let access: ObjectAccess

    var isReadOnly: Bool { access != .manage }
}
