import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage
import SQLKit

/// Short-term survey requests (the seeds' "yhteydenottolomake"): any member of staff asks for a
/// survey for a unit in their scope; an admin of that unit accepts it, which creates a draft in
/// the designer, or returns it with a note. The admins are told of a new request and the requester
/// of the decision, by a link in an email.
struct SurveyRequestRoutes {
    let services: AppServices

    var repository: SurveyRequestRepository { SurveyRequestRepository(services.database.sql) }

    func register(staff: StaffRouter) {
        staff.get("/staff/survey-requests", .anyStaff) { request, context, user in
            let rows = try await repository.byRequester(user.id).map { RequestRow($0, href: "/staff/survey-requests/\($0.id)", services: services, context: context) }
            return try services.page("survey_requests", RequestListPage(requests: rows, isEmpty: rows.isEmpty, isAdmin: false),
                                     title: "requests_title", request: request, context: context)
        }
        staff.get("/staff/survey-requests/new", .anyStaff) { request, context, _ in
            try formPage(request, context, RequestForm(SurveyRequestDraft(), services: services, context: context, action: "/staff/survey-requests/new"))
        }
        staff.post("/staff/survey-requests/new", .anyStaff) { request, context, user in
            try await submit(request, context, user, existing: nil)
        }
        staff.get("/staff/survey-requests/:id", .anyStaff) { request, context, user in
            let existing = try await own(context, user)
            if existing.status == .returned {
                var form = RequestForm(existing.draft, services: services, context: context, action: "/staff/survey-requests/\(existing.id)")
                form.returnNote = existing.decisionNote
                return try formPage(request, context, form)
            }
            return try view(request, context, existing, decide: false)
        }
        staff.post("/staff/survey-requests/:id", .anyStaff) { request, context, user in
            let existing = try await own(context, user)
            guard existing.status == .returned else { return redirect("/staff/survey-requests/\(existing.id)") }
            return try await submit(request, context, user, existing: existing)
        }
        staff.get("/admin/survey-requests", .admin) { request, context, user in
            let rows = try await repository.within(paths: user.policy.scopePaths(for: .admin)).map {
                RequestRow($0, href: "/admin/survey-requests/\($0.id)", services: services, context: context)
            }
            return try services.page("survey_requests", RequestListPage(requests: rows, isEmpty: rows.isEmpty, isAdmin: true),
                                     title: "requests_admin_title", request: request, context: context)
        }
        staff.get("/admin/survey-requests/:id", .admin) { request, context, user in
            try view(request, context, try await inScope(context, user), decide: true)
        }
        staff.post("/admin/survey-requests/:id/accept", .admin) { request, context, user in
            try await accept(request, context, user, try await inScope(context, user))
        }
        staff.post("/admin/survey-requests/:id/return", .admin) { request, context, user in
            let existing = try await inScope(context, user)
            let note = context.form.text("note")
            guard existing.status == .submitted else { return redirect("/admin/survey-requests/\(existing.id)") }
            guard !note.isEmpty, note.count <= SurveyRequestDraft.maxTextLength else {
                return try view(request, context, existing, decide: true, errors: [services.text("request_error_note", context)], status: .unprocessableContent)
            }
            try await decide(existing, .returned, note: note, surveyID: nil, context: context, user: user)
            return redirect("/admin/survey-requests?msg=request_returned")
        }
    }

    /// A requester sees only their own requests; anything else is the same 404 as a missing one.
    func own(_ context: AppContext, _ user: CurrentUser) async throws -> SurveyRequestRepository.Request {
        guard let found = try await repository.find(id: context.parameters.get("id") ?? ""), found.requestedBy == user.id else { throw AppError.notFound }
        return found
    }

    func inScope(_ context: AppContext, _ user: CurrentUser) async throws -> SurveyRequestRepository.Request {
        guard let found = try await repository.find(id: context.parameters.get("id") ?? ""),
              user.policy.allows(.admin, onNodeAt: found.nodePath) else { throw AppError.notFound }
        return found
    }

    static func draft(from form: FormData) -> SurveyRequestDraft {
        SurveyRequestDraft(title: form.text("title"), unitCode: form.text("unit"), purpose: form.text("purpose"), goal: form.text("goal"),
                           audience: Audience(rawValue: form.text("audience")), channels: Set(form.all("channel").compactMap(Channel.init(rawValue:))),
                           startsOn: CalendarDay(form.text("starts_on")), endsOn: CalendarDay(form.text("ends_on")),
                           draftQuestions: form.text("draft_questions"), resultsUse: form.text("results_use"))
    }

    func submit(_ request: Request, _ context: AppContext, _ user: CurrentUser, existing: SurveyRequestRepository.Request?) async throws -> Response {
        let draft = Self.draft(from: context.form)
        var errors = draft.problems(today: services.today()).map { services.text($0.rawValue, context) }
        let node = draft.unitCode.isEmpty ? nil : try await OrgRepository(services.database.sql).node(code: draft.unitCode)
        if !draft.unitCode.isEmpty && (node.map { !user.policy.allowsAny(Set(Role.allCases), onNodeAt: $0.path) } ?? true) {
            errors.append(services.catalog.format("area_error_node", context.language, ["code": draft.unitCode]))
        }
        guard errors.isEmpty, let node else {
            var form = RequestForm(draft, services: services, context: context, action: context.parameters.get("id").map { "/staff/survey-requests/\($0)" } ?? "/staff/survey-requests/new")
            form.errors = errors
            form.hasErrors = true
            form.returnNote = existing?.decisionNote
            return try formPage(request, context, form, status: .unprocessableContent)
        }
        let now = services.now()
        let actor = services.actor(context)
        let userID = user.id
        try await services.database.transaction { db in
            let requests = SurveyRequestRepository(db)
            let id: String
            if let existing {
                try await requests.resubmit(id: existing.id, draft, node: node, now: now)
                id = existing.id
            } else {
                id = try await requests.create(draft, node: node, requestedBy: userID, now: now)
            }
            try await AuditRepository(db).record(.surveyRequested, by: actor, target: ("survey_request", id), detail: draft.title, now: now)
            // The admins of the unit hear of it by a link; the request itself stays in Kaiku.
            let (subject, body) = services.catalog.staffMail("email_request_submitted", [
                "title": draft.title, "link": "\(services.publicURL)/admin/survey-requests/\(id)",
            ])
            for email in try await UserRepository(db).emails(role: .admin, covering: node.path) {
                try await OutboxRepository(db).enqueue(key: "survey-request:\(id):submitted:\(now.timeIntervalSince1970):\(email)", recipient: email,
                                                       subject: subject, body: body, audience: .staff, scopePath: node.path, now: now)
            }
        }
        return redirect("/staff/survey-requests?msg=request_sent")
    }

    func accept(_ request: Request, _ context: AppContext, _ user: CurrentUser, _ existing: SurveyRequestRepository.Request) async throws -> Response {
        guard existing.status == .submitted else { return redirect("/admin/survey-requests/\(existing.id)") }
        let draft = existing.draft
        let now = services.now()
        let slug = String(draft.title.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.prefix(24))
            .split(separator: "-").joined(separator: "-")
        let code = (slug.first?.isLetter == true ? slug : "kysely-" + slug).prefix(30) + "-" + Identifier.makeSecret().lowercased().filter(\.isLetter).prefix(4)
        let name = LocalizedText(fi: draft.title, sv: draft.title, en: draft.title)
        let settings = SurveyRepository.Settings(name: name, audience: draft.audience ?? .all, channels: draft.channels, startsOn: draft.startsOn,
                                                 endsOn: draft.endsOn, onePerPage: false)
        let actor = services.actor(context)
        let (nodeID, nodePath, requestID, userID) = (existing.nodeID, existing.nodePath, existing.id, user.id)
        let surveyID = try await services.database.transaction { db in
            let surveys = SurveyRepository(db)
            let id = try await surveys.create(code: String(code), kind: "short_term", settings: settings, ownerPath: nodePath, now: now)
            try await surveys.setTargets(surveyID: id, nodeIDs: [nodeID])
            try await SurveyRequestRepository(db).decide(id: requestID, .accepted, note: "", surveyID: id, by: userID, now: now)
            try await AuditRepository(db).record(.surveyRequestDecided, by: actor, target: ("survey_request", requestID), detail: "accepted \(code)", now: now)
            try await notify(existing, .accepted, note: "", db)
            return id
        }
        return redirect("/admin/surveys/\(surveyID)?msg=request_accepted")
    }

    func decide(_ existing: SurveyRequestRepository.Request, _ status: SurveyRequestStatus, note: String, surveyID: String?,
                context: AppContext, user: CurrentUser) async throws {
        let now = services.now()
        let actor = services.actor(context)
        let userID = user.id
        try await services.database.transaction { db in
            try await SurveyRequestRepository(db).decide(id: existing.id, status, note: note, surveyID: surveyID, by: userID, now: now)
            try await AuditRepository(db).record(.surveyRequestDecided, by: actor, target: ("survey_request", existing.id), detail: status.rawValue, now: now)
            try await notify(existing, status, note: note, db)
        }
    }

    /// Tells the requester, in all three languages, with a link to the request (no content in the mail).
    func notify(_ existing: SurveyRequestRepository.Request, _ status: SurveyRequestStatus, note: String, _ db: any SQLDatabase) async throws {
        let (subject, body) = services.catalog.staffMail("email_request_\(status.rawValue)", [
            "title": existing.draft.title, "link": "\(services.publicURL)/staff/survey-requests/\(existing.id)",
        ])
        try await OutboxRepository(db).enqueue(key: "survey-request:\(existing.id):\(status.rawValue):\(services.now().timeIntervalSince1970)",
                                               recipient: existing.requesterEmail, subject: subject, body: body,
                                               audience: .staff, scopePath: existing.nodePath, now: services.now())
    }

    func formPage(_ request: Request, _ context: AppContext, _ form: RequestForm, status: HTTPResponse.Status = .ok) throws -> Response {
        try services.page("survey_request_form", form, title: "request_new_title", request: request, context: context, status: status)
    }

    func view(_ request: Request, _ context: AppContext, _ existing: SurveyRequestRepository.Request, decide: Bool, errors: [String] = [],
              status: HTTPResponse.Status = .ok) throws -> Response {
        let page = RequestPage(summary: RequestSummary(existing, services: services, context: context),
                               canDecide: decide && existing.status == .submitted, errors: errors, hasErrors: !errors.isEmpty,
                               surveyLink: decide ? existing.surveyID.map { "/admin/surveys/\($0)" } : nil)
        return try services.page("survey_request", page, title: "request_title_page", request: request, context: context, status: status)
    }
}

/// A request as shown to the requester, the deciding admin and in the designer.
struct RequestSummary {
    let id: String
    let title: String
    let requester: String
    let unit: String
    let status: String
    let isReturned: Bool
    let audience: String
    let channels: String
    let period: String
    let purpose: String
    let goal: String
    let draftQuestions: String
    let resultsUse: String
    let decisionNote: String

    init(_ r: SurveyRequestRepository.Request, services: AppServices, context: AppContext) {
        id = r.id
        title = r.draft.title
        requester = r.requesterEmail
        unit = r.draft.unitCode
        status = services.text("request_status_" + r.status.rawValue, context)
        isReturned = r.status == .returned
        audience = r.draft.audience.map { services.text("audience_" + $0.rawValue, context) } ?? ""
        channels = Channel.allCases.filter(r.draft.channels.contains).map { services.text("channel_" + $0.rawValue, context) }.joined(separator: ", ")
        period = "\(r.draft.startsOn?.description ?? "") – \(r.draft.endsOn?.description ?? "")"
        purpose = r.draft.purpose
        goal = r.draft.goal
        draftQuestions = r.draft.draftQuestions
        resultsUse = r.draft.resultsUse
        decisionNote = r.decisionNote
    }
}

struct RequestRow {
    let href: String
    let title: String
    let unit: String
    let requester: String
    let period: String
    let status: String
    let created: String

    init(_ r: SurveyRequestRepository.Request, href: String, services: AppServices, context: AppContext) {
        self.href = href
        title = r.draft.title
        unit = r.draft.unitCode
        requester = r.requesterEmail
        period = "\(r.draft.startsOn?.description ?? "") – \(r.draft.endsOn?.description ?? "")"
        status = services.text("request_status_" + r.status.rawValue, context)
        created = CaseRoutes.formatTime(r.createdAt)
    }
}

struct RequestListPage {
    let requests: [RequestRow]
    let isEmpty: Bool
    let isAdmin: Bool
}

struct RequestPage {
    let summary: RequestSummary
    let canDecide: Bool
    let errors: [String]
    let hasErrors: Bool
    let surveyLink: String?
}

struct RequestForm {
    let action: String
    let title: String
    let unit: String
    let purpose: String
    let goal: String
    let audiences: [KindOption]
    let channels: [KindOption]
    let startsOn: String
    let endsOn: String
    let draftQuestions: String
    let resultsUse: String
    var returnNote: String?
    var errors: [String] = []
    var hasErrors = false

    init(_ draft: SurveyRequestDraft, services: AppServices, context: AppContext, action: String) {
        self.action = action
        title = draft.title
        unit = draft.unitCode
        purpose = draft.purpose
        goal = draft.goal
        audiences = [KindOption(value: "", label: services.text("request_choose", context), selected: draft.audience == nil)]
            + Audience.allCases.map { KindOption(value: $0.rawValue, label: services.text("audience_" + $0.rawValue, context), selected: $0 == draft.audience) }
        channels = Channel.allCases.filter { $0 != .widget }.map {
            KindOption(value: $0.rawValue, label: services.text("channel_" + $0.rawValue, context), selected: draft.channels.contains($0))
        }
        startsOn = draft.startsOn?.description ?? ""
        endsOn = draft.endsOn?.description ?? ""
        draftQuestions = draft.draftQuestions
        resultsUse = draft.resultsUse
    }
}
