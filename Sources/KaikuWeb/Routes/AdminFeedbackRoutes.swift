import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Admin pages for free-form feedback: service areas and their units, reply phrases, units with
/// too few handlers, the outgoing mail, and one case's export for a data subject request.
struct AdminFeedbackRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminFeedback, .countyAdmin) { request, context, _ in
            try await overview(request, context)
        }
        staff.get(.adminArea(SiteURL.id), .countyAdmin) { request, context, _ in
            if context.parameters.get("id") == "new" { return try await areaPage(request, context, AreaForm(), id: "new") }
            guard let area = try await ServiceAreaRepository(services.database.sql).find(id: context.parameters.get("id") ?? "") else {
                throw AppError.notFound
            }
            return try await areaPage(request, context, AreaForm(area, codes: try await codes(area.nodeIDs)), id: area.id)
        }
        staff.post(.adminArea(SiteURL.id), .countyAdmin) { request, context, user in
            let id = context.parameters.get("id") ?? ""
            var existing: ServiceArea?
            if id != "new" {
                guard let area = try await ServiceAreaRepository(services.database.sql).find(id: id) else { throw AppError.notFound }
                existing = area
            }
            return try await saveArea(request, context, user, existing: existing)
        }
        staff.post(.adminFeedbackSettings, .countyAdmin) { request, context, _ in
            do {
                try await services.countySettings.setPromise(days: Int(context.form.text("promise_days")) ?? 0,
                                                             retentionMonths: Int(context.form.text("retention_months")) ?? 0, by: services.actor(context))
            } catch is Refused {
                return redirect(.adminFeedback, err: "settings_invalid")
            }
            return redirect(.adminFeedback, msg: "saved")
        }
        staff.get(.adminPhrase(SiteURL.id), .countyAdmin) { request, context, _ in
            let id = context.parameters.get("id") ?? ""
            if id == "new" { return try phrasePage(request, context, PhraseForm(id: "new")) }
            guard let phrase = try await PhraseRepository(services.database.sql).list().first(where: { $0.id == id }) else { throw AppError.notFound }
            return try phrasePage(request, context, PhraseForm(phrase))
        }
        staff.post(.adminPhrase(SiteURL.id), .countyAdmin) { request, context, _ in
            let id = context.parameters.get("id") ?? ""
            let repository = PhraseRepository(services.database.sql)
            let existing = try await repository.list().first(where: { $0.id == id })
            guard id == "new" || existing != nil else { throw AppError.notFound }
            var form = PhraseForm(context.form)
            form.id = id
            do {
                try await services.countySettings.savePhrase(title: form.title, body: LocalizedText(fi: form.bodyFi, sv: form.bodySv, en: form.bodyEn),
                                                             isActive: form.isActive, existing: existing, by: services.actor(context))
            } catch let refused as Refused {
                return try phrasePage(request, context, form, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
            return redirect(.adminFeedback, msg: "saved")
        }
        staff.get(.adminOutbox, .admin) { request, context, user in
            // A scoped admin sees the messages about their part of the tree. A customer's address
            // and the reply to them are masked: they are read on the case page, through the audited
            // contact view. Every view of this page is itself in the audit log.
            let paths = user.policy.isCountyAdmin ? nil : user.policy.scopePaths(for: .admin)
            let masked = services.text("outbox_masked", context)
            let messages = try await services.auditedReads.outbox(within: paths, by: services.actor(context)).map {
                let isCustomer = $0.audience == .customer
                return OutboxRow(created: CaseRoutes.formatTime($0.createdAt), recipient: isCustomer ? masked : $0.recipient, subject: $0.subject,
                                 body: isCustomer ? masked : $0.body, sent: $0.sentAt.map(CaseRoutes.formatTime), attempts: $0.attempts,
                                 error: $0.lastError.map(PersonalData.mask))
            }
            return try services.page(OutboxPage(messages: messages, isEmpty: messages.isEmpty), title: "outbox_title",
                                     request: request, context: context)
        }
        staff.get(.adminCaseExport(SiteURL.id), .admin) { request, context, user in
            guard let c = try await FeedbackRepository(services.database.sql).find(id: context.parameters.get("id") ?? ""),
                  user.policy.allows(.admin, onNodeAt: c.handlingPath) else { throw AppError.notFound }
            let text = try await services.auditedReads.caseExport(c, by: services.actor(context))
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"palaute-\(c.reference).txt\""],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    func saveArea(_ request: Request, _ context: AppContext, _ user: CurrentUser, existing: ServiceArea?) async throws -> Response {
        let form = AreaForm(context.form)
        let id = existing?.id ?? "new"
        let draft = CountySettings.AreaDraft(name: LocalizedText(fi: form.nameFi, sv: form.nameSv, en: form.nameEn),
                                             help: LocalizedText(fi: form.helpFi, sv: form.helpSv, en: form.helpEn),
                                             promiseDays: form.promiseDays, isActive: form.isActive, nodeCodes: form.nodeCodes)
        do {
            try await services.countySettings.saveArea(draft, existing: existing, policy: user.policy, by: services.actor(context))
        } catch let refused as Refused {
            return try await areaPage(request, context, form, id: id, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
        }
        return redirect(.adminFeedback, msg: "saved")
    }

    func phrasePage(_ request: Request, _ context: AppContext, _ form: PhraseForm, errors: [String] = [],
                    status: HTTPResponse.Status = .ok) throws -> Response {
        var form = form
        form.url = SiteURL.adminPhrase(form.id).path
        form.errors = errors
        form.hasErrors = !errors.isEmpty
        return try services.page(form, title: "phrase_title", request: request, context: context, status: status)
    }

    func codes(_ ids: [String]) async throws -> String {
        try await OrgRepository(services.database.sql).nodes(ids: ids).map(\.code).sorted().joined(separator: ", ")
    }

    func overview(_ request: Request, _ context: AppContext) async throws -> Response {
        let sql = services.database.sql
        let language = context.language
        var areas: [AreaRow] = []
        for area in try await ServiceAreaRepository(sql).list() {
            areas.append(AreaRow(href: SiteURL.adminArea(area.id).path, name: area.name[language], nodes: try await codes(area.nodeIDs),
                                 isActive: area.isActive, promise: area.promiseDays.map(String.init) ?? "\(FeedbackService.defaultPromiseDays)"))
        }
        // Units where fewer than two people are designated handlers (the seeds' rule).
        let byNode = try await UserRepository(sql).activeHandlerCounts()
        let today = services.today()
        let thin = try await OrgRepository(sql).all()
            .filter { $0.level == .unit && $0.spec.isActive(on: today) && (byNode[$0.id] ?? 0) < FeedbackRouting.recommendedHandlers }
            .map { UnitCoverage(href: SiteURL.adminOrgNode($0.id).path, name: $0.name[language], code: $0.code, handlers: byNode[$0.id] ?? 0) }
        let phrases = try await PhraseRepository(sql).list().map { PhraseLink(title: $0.title, href: SiteURL.adminPhrase($0.id).path) }
        let settings = SettingsRepository(sql)
        let page = FeedbackAdminPage(areas: areas, newAreaHref: SiteURL.adminArea("new").path, thinUnits: thin, thinCount: thin.count,
                                     phrases: phrases, newPhraseHref: SiteURL.adminPhrase("new").path, pendingMail: try await OutboxRepository(sql).pending(),
                                     promiseDays: try await settings.value("promise_days") ?? "\(FeedbackService.defaultPromiseDays)",
                                     retentionMonths: try await settings.value("contact_retention_months") ?? "\(FeedbackService.defaultRetentionMonths)")
        return try services.page(page, title: "feedback_admin_title", request: request, context: context)
    }

    func areaPage(_ request: Request, _ context: AppContext, _ form: AreaForm, id: String, errors: [String] = [],
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        var form = form
        form.url = SiteURL.adminArea(id).path
        form.errors = errors
        form.hasErrors = !errors.isEmpty
        return try services.page(form, title: "area_title", request: request, context: context,
                                 titleArguments: ["name": form.nameFi], status: status)
    }
}
