import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// Short-term survey requests (the seeds' "yhteydenottolomake"): staff ask for a survey for a unit
/// in their scope; an admin of the unit accepts it, which creates a draft survey targeted at the
/// unit, or returns it with a note. Each step is one transaction with its audit entry, and the
/// people it concerns get a link-only notice keyed by that entry.
public struct SurveyRequests: Sendable {
    let database: KaikuDatabase
    let catalog: Catalog
    let clock: any KaikuClock
    let publicURL: String

    public init(database: KaikuDatabase, catalog: Catalog, clock: any KaikuClock, publicURL: String) {
        self.database = database
        self.catalog = catalog
        self.clock = clock
        self.publicURL = publicURL
    }

    /// The requests a person sent, or (`asAdmin`) those on nodes the admin manages.
    public func list(asAdmin: Bool, by actor: Actor) async throws -> [SurveyRequestRepository.Request] {
        let requests = SurveyRequestRepository(database.sql)
        if asAdmin { return try await requests.within(paths: actor.policy.scopePaths(for: .admin)) }
        guard let me = actor.id else { return [] }
        return try await requests.byRequester(me)
    }

    /// One request: the requester's own, or (`asAdmin`) one on a node the admin manages.
    public func find(_ id: String?, asAdmin: Bool, by actor: Actor) async throws -> SurveyRequestRepository.Request {
        try await Reach(database.sql, actor).surveyRequest(id, asRequester: !asAdmin)
    }

    /// Sends a new request for a unit in the person's scope, or (`resubmitting`) one of their
    /// returned requests again after editing; returns its id.
    public func submit(_ draft: SurveyRequestDraft, resubmitting requestID: String?, by actor: Actor) async throws -> String {
        guard let requesterID = actor.id else { throw OutOfReach() }
        let now = clock.now()
        var problems = draft.problems(today: CalendarDay(now)).map { Refused.Message($0.rawValue) }
        let node = draft.unitCode.isEmpty ? nil : try await OrgRepository(database.sql).node(code: draft.unitCode)
        if !draft.unitCode.isEmpty && (node.map { !actor.policy.allowsAny(Set(Role.allCases), onNodeAt: $0.path) } ?? true) {
            problems.append(Refused.Message("area_error_node", ["code": draft.unitCode]))
        }
        guard problems.isEmpty, let node else { throw Refused(problems) }
        return try await database.transaction { [self] db in
            let requests = SurveyRequestRepository(db)
            let id: String
            if let requestID {
                let existing = try await Reach(db, actor).surveyRequest(requestID, asRequester: true)
                guard existing.status == .returned else { throw Refused("request_error_decided") }
                try await requests.resubmit(id: existing.id, draft, node: node, now: now)
                id = existing.id
            } else {
                id = try await requests.create(draft, node: node, requestedBy: requesterID, now: now)
            }
            let entry = try await AuditRepository(db).record(.surveyRequested, by: actor, target: ("survey_request", id), detail: draft.title, now: now)
            // The admins of the unit hear of it by a link; the request itself stays in Kaiku.
            try await Notifier(db).notifyStaff(try await UserRepository(db).emails(role: .admin, covering: node.path),
                                               template: "email_request_submitted",
                                               arguments: ["title": draft.title, "link": publicURL + PublicPaths.adminRequest(id)],
                                               catalog: catalog, scopePath: node.path, event: "audit:\(entry)", now: now)
            return id
        }
    }

    /// Accepts a submitted request on a node the admin manages: a draft short-term survey for its
    /// unit; returns the survey's id, or nil when the request was already decided.
    public func accept(requestID: String, by actor: Actor) async throws -> String? {
        guard let deciderID = actor.id else { throw OutOfReach() }
        let now = clock.now()
        let suffix = String(Identifier.makeSecret().lowercased().filter(\.isLetter).prefix(4))
        do {
            return try await database.transaction { [self] db in
                let existing = try await Reach(db, actor).surveyRequest(requestID, asRequester: false)
                guard existing.status == .submitted else { throw AlreadyDecided() }
                let draft = existing.draft
                let code = SurveyDesign.code(fromTitle: draft.title, suffix: suffix)
                let settings = SurveyRepository.Settings(name: LocalizedText(fi: draft.title, sv: draft.title, en: draft.title),
                                                         audience: draft.audience ?? .all, channels: draft.channels, startsOn: draft.startsOn,
                                                         endsOn: draft.endsOn, onePerPage: false)
                let id = try await SurveyDesigning.create(code: code, kind: .shortTerm, settings: settings, ownerPath: existing.nodePath,
                                                          detail: "created \(code) from request \(existing.id)", by: actor, now: now, db)
                try await SurveyRepository(db).setTargets(surveyID: id, nodeIDs: [existing.nodeID])
                try await decide(existing, .accepted, note: "", surveyID: id, deciderID: deciderID, detail: "accepted \(code)", by: actor, now: now, db)
                return id
            }
        } catch is AlreadyDecided {
            return nil  // the draft made for it was rolled back with the transaction
        }
    }

    /// Returns a submitted request on a node the admin manages to the requester, with a note
    /// saying what to change.
    public func returnToRequester(requestID: String, note: String, by actor: Actor) async throws {
        guard let deciderID = actor.id else { throw OutOfReach() }
        guard !note.isEmpty, note.count <= SurveyRequestDraft.maxTextLength else { throw Refused("request_error_note") }
        let now = clock.now()
        do {
            try await database.transaction { [self] db in
                let existing = try await Reach(db, actor).surveyRequest(requestID, asRequester: false)
                guard existing.status == .submitted else { throw AlreadyDecided() }
                try await decide(existing, .returned, note: note, surveyID: nil, deciderID: deciderID, detail: SurveyRequestStatus.returned.rawValue,
                                 by: actor, now: now, db)
            }
        } catch is AlreadyDecided {}
    }

    struct AlreadyDecided: Error {}

    /// Records the decision and tells the requester by a link (no content in the mail); throws
    /// `AlreadyDecided` when another decision came first, so the caller's transaction rolls back.
    func decide(_ existing: SurveyRequestRepository.Request, _ status: SurveyRequestStatus, note: String, surveyID: String?, deciderID: String,
                detail: String, by actor: Actor, now: Date, _ db: any SQLDatabase) async throws {
        guard try await SurveyRequestRepository(db).decide(id: existing.id, status, note: note, surveyID: surveyID, by: deciderID, now: now) else {
            throw AlreadyDecided()
        }
        let entry = try await AuditRepository(db).record(.surveyRequestDecided, by: actor, target: ("survey_request", existing.id), detail: detail, now: now)
        try await Notifier(db).notifyStaff([existing.requesterEmail], template: "email_request_\(status.rawValue)",
                                           arguments: ["title": existing.draft.title, "link": publicURL + PublicPaths.staffRequest(existing.id)],
                                           catalog: catalog, scopePath: existing.nodePath, event: "audit:\(entry)", now: now)
    }
}
