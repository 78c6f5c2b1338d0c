import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Short-term survey requests (the seeds' "yhteydenottolomake"): any member of staff asks for a
/// survey for a unit in their scope; an admin of that unit accepts it, which creates a draft in
/// the designer, or returns it with a note. The admins are told of a new request and the requester
/// of the decision, by a link in an email.
struct SurveyRequestRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.staffRequests, .anyStaff) { request, context, _ in
            let rows = try await services.surveyRequests.list(asAdmin: false, by: services.actor(context)).map { RequestRow($0, href: SiteURL.staffRequest($0.id).path, services: services, context: context) }
            return try services.page(RequestListPage(requests: rows, isEmpty: rows.isEmpty, isAdmin: false),
                                     title: "requests_title", request: request, context: context)
        }
        staff.get(.staffRequestNew, .anyStaff) { request, context, _ in
            try formPage(request, context, RequestForm(SurveyRequestDraft(), services: services, context: context, action: SiteURL.staffRequestNew.path))
        }
        staff.post(.staffRequestNew, .anyStaff) { request, context, _ in
            try await submit(request, context, existing: nil)
        }
        staff.get(.staffRequest(SiteURL.id), .anyStaff) { request, context, _ in
            let existing = try await find(context, asAdmin: false)
            if existing.status == .returned {
                var form = RequestForm(existing.draft, services: services, context: context, action: SiteURL.staffRequest(existing.id).path)
                form.returnNote = existing.decisionNote
                return try formPage(request, context, form)
            }
            return try view(request, context, existing, decide: false)
        }
        staff.post(.staffRequest(SiteURL.id), .anyStaff) { request, context, _ in
            let existing = try await find(context, asAdmin: false)
            guard existing.status == .returned else { return redirect(.staffRequest(existing.id)) }
            return try await submit(request, context, existing: existing)
        }
        staff.get(.adminRequests, .admin) { request, context, _ in
            let rows = try await services.surveyRequests.list(asAdmin: true, by: services.actor(context)).map {
                RequestRow($0, href: SiteURL.adminRequest($0.id).path, services: services, context: context)
            }
            return try services.page(RequestListPage(requests: rows, isEmpty: rows.isEmpty, isAdmin: true),
                                     title: "requests_admin_title", request: request, context: context)
        }
        staff.get(.adminRequest(SiteURL.id), .admin) { request, context, _ in
            try view(request, context, try await find(context, asAdmin: true), decide: true)
        }
        staff.post(.adminRequestAccept(SiteURL.id), .admin) { request, context, _ in
            let id = context.parameters.get("id") ?? ""
            guard let surveyID = try await services.surveyRequests.accept(requestID: id, by: services.actor(context)) else {
                return redirect(.adminRequest(id))
            }
            return redirect(.adminSurvey(surveyID), msg: "request_accepted")
        }
        staff.post(.adminRequestReturn(SiteURL.id), .admin) { request, context, _ in
            let existing = try await find(context, asAdmin: true)
            do {
                try await services.surveyRequests.returnToRequester(requestID: existing.id, note: context.form.text("note"), by: services.actor(context))
            } catch let refused as Refused {
                return try view(request, context, existing, decide: true, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
            return redirect(.adminRequests, msg: "request_returned")
        }
    }

    /// A requester sees only their own requests, an admin those in their scope; anything else is
    /// the same 404 as a missing one.
    func find(_ context: AppContext, asAdmin: Bool) async throws -> SurveyRequestRepository.Request {
        try await services.surveyRequests.find(context.parameters.get("id"), asAdmin: asAdmin, by: services.actor(context))
    }

    static func draft(from form: FormData) -> SurveyRequestDraft {
        SurveyRequestDraft(title: form.text("title"), unitCode: form.text("unit"), purpose: form.text("purpose"), goal: form.text("goal"),
                           audience: Audience(rawValue: form.text("audience")), channels: Set(form.all("channel").compactMap(Channel.init(rawValue:))),
                           startsOn: CalendarDay(form.text("starts_on")), endsOn: CalendarDay(form.text("ends_on")),
                           draftQuestions: form.text("draft_questions"), resultsUse: form.text("results_use"))
    }

    func submit(_ request: Request, _ context: AppContext, existing: SurveyRequestRepository.Request?) async throws -> Response {
        let draft = Self.draft(from: context.form)
        do {
            _ = try await services.surveyRequests.submit(draft, resubmitting: existing?.id, by: services.actor(context))
        } catch let refused as Refused {
            let action = (context.parameters.get("id").map(SiteURL.staffRequest) ?? .staffRequestNew).path
            var form = RequestForm(draft, services: services, context: context, action: action)
            form.errors = refused.texts(services.catalog, context.language)
            form.hasErrors = true
            form.returnNote = existing?.decisionNote
            return try formPage(request, context, form, status: .unprocessableContent)
        }
        return redirect(.staffRequests, msg: "request_sent")
    }

    func formPage(_ request: Request, _ context: AppContext, _ form: RequestForm, status: HTTPResponse.Status = .ok) throws -> Response {
        try services.page(form, title: "request_new_title", request: request, context: context, status: status)
    }

    func view(_ request: Request, _ context: AppContext, _ existing: SurveyRequestRepository.Request, decide: Bool, errors: [String] = [],
              status: HTTPResponse.Status = .ok) throws -> Response {
        let page = RequestPage(summary: RequestSummary(existing, services: services, context: context),
                               canDecide: decide && existing.status == .submitted, errors: errors, hasErrors: !errors.isEmpty,
                               surveyLink: decide ? existing.surveyID.map { SiteURL.adminSurvey($0).path } : nil,
                               acceptURL: SiteURL.adminRequestAccept(existing.id).path, returnURL: SiteURL.adminRequestReturn(existing.id).path)
        return try services.page(page, title: "request_title_page", request: request, context: context, status: status)
    }
}
