import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The public feedback form: pick a service area, then the unit (or "I don't know"), then write.
struct FeedbackRoutes {
    let services: AppServices

    /// Staff record feedback a customer gave orally or in writing, on a form nearly identical to
    /// the customer's; the case shows who recorded it.
    func register(staff: StaffRouter) {
        let recorders = RouteAccess(roles: [.staff, .handler])
        staff.get(.record, recorders) { request, context, _ in
            let page = AreaListPage(areas: try await services.feedback.areas().map { AreaView($0, href: SiteURL.recordArea($0.id).path, context.language) })
            return try services.page(page, title: "record_title", request: request, context: context)
        }
        staff.get(.recordArea(SiteURL.area), recorders) { request, context, _ in
            var form = FeedbackFormModel()
            form.query = request.query("q") ?? ""
            form.recording = RecordingForm(services: services, context: context)
            return try await formPage(request, context, area: try await area(context), form: form)
        }
        staff.post(.recordArea(SiteURL.area), recorders) { request, context, user in
            try await submit(request, context, area: try await area(context), recordedBy: user)
        }
    }

    func register(on router: Router<AppContext>) {
        router.get(.feedback) { request, context in
            let page = AreaListPage(areas: try await services.feedback.areas().map { AreaView($0, href: SiteURL.feedbackArea($0.id).path, context.language) })
            return try services.page(page, title: "feedback_title", request: request, context: context)
        }
        router.get(.feedbackArea(SiteURL.area)) { request, context in
            let area = try await area(context)
            var form = FeedbackFormModel()
            form.query = request.query("q") ?? ""
            // From a survey's thank-you page: the unit the survey was about, chosen (an unknown id chooses nothing).
            form.unitID = request.query("unit") ?? ""
            form.variant = FeedbackFormModel.variant(request.query("v"))
            return try await formPage(request, context, area: area, form: form)
        }
        router.post(.feedbackArea(SiteURL.area)) { request, context in
            try await submit(request, context, area: try await area(context))
        }
    }

    func area(_ context: AppContext) async throws -> ServiceArea {
        try await services.feedback.area(context.parameters.get("area"))
    }

    func formPage(_ request: Request, _ context: AppContext, area: ServiceArea, form: FeedbackFormModel,
                  errors: [String] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        var form = form
        // The easy-to-read form (selkokieli, lättläst) is the same form in easier words.
        var context = context
        context.variant = SurveyVariant(rawValue: form.variant) ?? .standard
        let other: SurveyVariant = context.variant == .easy ? .standard : .easy
        form.variantHref = SiteURL.feedbackArea(area.id).path + (other == .easy ? "?v=easy" : "")
        form.variantLabel = services.catalog.text("feedback_switch_" + other.rawValue, context.language)
        let units = try await services.feedback.units(of: area, matching: form.query)
        form.units = units.map { UnitOption(id: $0.id, name: $0.name[context.language], selected: $0.id == form.unitID) }
        form.unknownSelected = form.unitID == "unknown"
        form.kinds = FeedbackKind.allCases.map {
            KindOption(value: $0.rawValue, label: services.text("feedback_kind_" + $0.rawValue, context), selected: $0.rawValue == form.kind)
        }
        form.started = try await services.feedback.formStamp()
        if form.submission.isEmpty { form.submission = Identifier.makeSecret() }
        form.areaID = area.id
        form.formAction = (form.recording == nil ? SiteURL.feedbackArea(area.id) : .recordArea(area.id)).path
        form.areaName = area.name[context.language]
        form.areaHelp = area.help[context.language]
        form.errors = errors
        form.hasErrors = !errors.isEmpty
        form.maxLength = FeedbackSubmission.maxTextLength
        return try services.page(form, title: "feedback_form_title", request: request, context: context,
                                 titleArguments: ["area": form.areaName], status: status)
    }

    func submit(_ request: Request, _ context: AppContext, area: ServiceArea, recordedBy: CurrentUser? = nil) async throws -> Response {
        let f = context.form
        let form = posted(context, recording: recordedBy != nil)
        var context = context
        context.variant = SurveyVariant(rawValue: form.variant) ?? .standard
        // "Search" submits the same form to narrow the unit list without losing what was written.
        if f["search"] != nil { return try await formPage(request, context, area: area, form: form) }

        // A case is handled and answered in a shipped language: a county's added language's is Finnish.
        let customerLanguage = recordedBy == nil ? (context.language.isShipped ? context.language : .fi)
            : (Language(shipped: f.text("customer_language")) ?? .fi)
        let submission = FeedbackSubmission(
            serviceAreaID: area.id, unitID: form.unitID == "unknown" ? nil : (form.unitID.isEmpty ? "" : form.unitID),
            kind: FeedbackKind(rawValue: form.kind), text: form.text, wantsReply: form.wantsReply,
            email: form.email, phone: form.phone, language: customerLanguage, forbidsPublication: form.forbidsPublication)
        var recording = FeedbackService.Recording.web
        if let recordedBy {
            guard let recorded = FeedbackService.Recording(source: f.text("source"), channel: f.text("channel"), recordedBy: recordedBy.id) else {
                return try await formPage(request, context, area: area, form: form, errors: [services.text("record_error_source", context)],
                                          status: .unprocessableContent)
            }
            recording = recorded
        }
        // Spam defence is for the anonymous form; staff are logged in and may type fast.
        let sender = recordedBy != nil ? nil : FeedbackService.WebSender(
            honeypot: f.text("website"), formShownAt: try await services.feedback.formShownAt(f.text("started")), rateKey: context.rateKey)
        do {
            let stored = try await services.feedback.submit(submission, recording: recording,
                                                            submissionKey: form.submission.isEmpty ? nil : form.submission, sender: sender)
            return try thanksPage(request, context, reference: stored.reference, wantsReply: stored.wantsReply,
                                  days: Int((stored.dueAt.timeIntervalSince(stored.receivedAt) / 86_400).rounded()))
        } catch FeedbackService.Failure.refused(let verdict) {
            // A bot is shown what looks like success; nothing was stored.
            if verdict == .bot { return try thanksPage(request, context, reference: ReferenceNumber.make(at: services.now()), wantsReply: false, days: 0) }
            return try await formPage(request, context, area: area, form: form, errors: [services.text(verdict.rawValue, context)],
                                      status: verdict == .rateLimited ? .tooManyRequests : .unprocessableContent)
        } catch FeedbackService.Failure.invalid(let problems) {
            return try await formPage(request, context, area: area, form: form, errors: problems.map { message($0, form.text, context) },
                                      status: .unprocessableContent)
        } catch FeedbackService.Failure.unknownUnit {
            return try await formPage(request, context, area: area, form: form, errors: [services.text("feedback_error_unit", context)],
                                      status: .unprocessableContent)
        }
    }

    /// The form as it was sent, to show again.
    func posted(_ context: AppContext, recording: Bool) -> FeedbackFormModel {
        let f = context.form
        var form = FeedbackFormModel()
        if recording { form.recording = RecordingForm(services: services, context: context, form: f) }
        form.query = f.text("q")
        form.unitID = f.text("unit")
        form.kind = f.text("kind")
        form.text = f["text"] ?? ""
        form.wantsReply = f["wants_reply"] != nil
        form.forbidsPublication = f["no_publication"] != nil
        form.email = f.text("email")
        form.phone = f.text("phone")
        form.submission = f.text("submission")
        form.variant = FeedbackFormModel.variant(f.text("variant"))
        return form
    }

    /// A problem with the form in the customer's language; personal data is named by its kinds.
    func message(_ problem: FeedbackSubmission.Problem, _ text: String, _ context: AppContext) -> String {
        if problem == .personalDataInText {
            let kinds = PersonalData.kinds(in: text, among: PersonalData.Kind.identifiers).map { services.text("personal_data_" + $0.rawValue, context) }
            return services.catalog.format(problem.rawValue, context.language, ["kinds": kinds.joined(separator: ", ")])
        }
        return services.catalog.format(problem.rawValue, context.language, ["max": "\(FeedbackSubmission.maxTextLength)"])
    }

    func thanksPage(_ request: Request, _ context: AppContext, reference: String, wantsReply: Bool, days: Int) throws -> Response {
        let page = ThanksPage(reference: reference, wantsReply: wantsReply,
                              promise: services.catalog.format("feedback_thanks_promise", context.language, ["days": "\(days)"]))
        return try services.page(page, title: "feedback_thanks_title", request: request, context: context)
    }
}
