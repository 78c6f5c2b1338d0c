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
            let (area, codes, groups) = try await services.countySettings.area(context.parameters.get("id") ?? "", by: services.actor(context))
            return try await areaPage(request, context, AreaForm(area, codes: codes.joined(separator: ", "), groupCodes: groups.joined(separator: ", ")),
                                      id: area.id)
        }
        staff.post(.adminArea(SiteURL.id), .countyAdmin) { request, context, _ in
            try await saveArea(request, context, id: context.parameters.get("id") ?? "")
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
        staff.post(.adminFormalHandling, .countyAdmin) { request, context, _ in
            do {
                try await services.countySettings.setFormalHandling(email: context.form.text("formal_email"), nodeCode: context.form.text("formal_node"),
                                                                    by: services.actor(context))
            } catch is Refused {
                return redirect(.adminFeedback, err: "settings_invalid")
            }
            return redirect(.adminFeedback, msg: "saved")
        }
        staff.get(.adminPhrase(SiteURL.id), .countyAdmin) { request, context, _ in
            let id = context.parameters.get("id") ?? ""
            if id == "new" { return try phrasePage(request, context, PhraseForm(id: "new")) }
            return try phrasePage(request, context, PhraseForm(try await services.countySettings.phrase(id, by: services.actor(context))))
        }
        staff.post(.adminPhrase(SiteURL.id), .countyAdmin) { request, context, _ in
            var form = PhraseForm(context.form)
            form.id = context.parameters.get("id") ?? ""
            do {
                try await services.countySettings.savePhrase(title: form.title, body: LocalizedText(fi: form.bodyFi, sv: form.bodySv, en: form.bodyEn),
                                                             isActive: form.isActive, id: form.id == "new" ? nil : form.id, by: services.actor(context))
            } catch let refused as Refused {
                return try phrasePage(request, context, form, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
            return redirect(.adminFeedback, msg: "saved")
        }
        staff.get(.adminOutbox, .admin) { request, context, _ in
            // A customer's address and the reply to them are masked: they are read on the case
            // page, through the audited contact view.
            let masked = services.text("outbox_masked", context)
            let messages = try await services.auditedReads.outbox(by: services.actor(context)).map {
                let isCustomer = $0.audience == .customer
                return OutboxRow(created: CaseRoutes.formatTime($0.createdAt), recipient: isCustomer ? masked : $0.recipient, subject: $0.subject,
                                 body: isCustomer ? masked : $0.body, sent: $0.sentAt.map(CaseRoutes.formatTime), attempts: $0.attempts,
                                 error: $0.lastError.map(PersonalData.mask))
            }
            return try services.page(OutboxPage(messages: messages, isEmpty: messages.isEmpty), title: "outbox_title",
                                     request: request, context: context)
        }
        staff.get(.adminCaseExport(SiteURL.id), .admin) { request, context, _ in
            let (c, text) = try await services.auditedReads.caseExport(caseID: context.parameters.get("id") ?? "", by: services.actor(context))
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"palaute-\(c.reference).txt\""],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    func saveArea(_ request: Request, _ context: AppContext, id: String) async throws -> Response {
        let form = AreaForm(context.form)
        let draft = CountySettings.AreaDraft(name: LocalizedText(fi: form.nameFi, sv: form.nameSv, en: form.nameEn),
                                             help: LocalizedText(fi: form.helpFi, sv: form.helpSv, en: form.helpEn),
                                             promiseDays: form.promiseDays, isActive: form.isActive, nodeCodes: form.nodeCodes,
                                             groupCodes: form.groupCodes)
        do {
            try await services.countySettings.saveArea(draft, id: id == "new" ? nil : id, by: services.actor(context))
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

    func overview(_ request: Request, _ context: AppContext) async throws -> Response {
        let overview = try await services.countySettings.feedbackOverview(by: services.actor(context))
        let formal = try await services.countySettings.formalHandling(by: services.actor(context))
        let language = context.language
        let areas = overview.areas.map { area, codes in
            AreaRow(href: SiteURL.adminArea(area.id).path, name: area.name[language], nodes: codes.joined(separator: ", "),
                    isActive: area.isActive, promise: area.promiseDays.map(String.init) ?? "\(FeedbackService.defaultPromiseDays)")
        }
        let thin = overview.thinUnits.map { UnitCoverage(href: SiteURL.adminOrgNode($0.unit.id).path, name: $0.unit.name[language], code: $0.unit.code,
                                                         handlers: $0.handlers) }
        let page = FeedbackAdminPage(areas: areas, newAreaHref: SiteURL.adminArea("new").path, thinUnits: thin, thinCount: thin.count,
                                     phrases: overview.phrases.map { PhraseLink(title: $0.title, href: SiteURL.adminPhrase($0.id).path) },
                                     newPhraseHref: SiteURL.adminPhrase("new").path, pendingMail: overview.pendingMail,
                                     promiseDays: overview.promiseDays, retentionMonths: overview.retentionMonths,
                                     formalEmail: formal.email ?? "", formalNode: formal.nodeCode ?? "")
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
