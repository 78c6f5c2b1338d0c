import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The handler's inbox and case page, and recording feedback on a customer's behalf.
struct CaseRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.cases, .handler) { request, context, user in
            try await inbox(request, context, user)
        }
        staff.get(.caseDetail(SiteURL.id), .anyStaff) { request, context, user in
            let (c, canHandle) = try await scopedCase(context, user)
            return try await casePage(request, context, user, c, canHandle: canHandle)
        }
        staff.post(.caseDetail(SiteURL.id), .handler) { request, context, user in
            let (c, canHandle) = try await scopedCase(context, user)
            guard canHandle else { throw AppError.forbidden }
            guard let action = parseAction(context.form) else {
                return try await casePage(request, context, user, c, canHandle: true, errors: [services.text("case_error_action", context)],
                                          status: .unprocessableContent)
            }
            do {
                try await services.feedback.perform(action, on: c.id, by: actor(user, context))
            } catch FeedbackService.ActionError.invalid(let key) {
                return try await casePage(request, context, user, c, canHandle: true, errors: [services.text(key, context)],
                                          draft: context.form.text("text"), status: .unprocessableContent)
            }
            return redirect(.caseDetail(c.id), msg: "case_saved")
        }
        staff.post(.caseText(SiteURL.id), .handler) { request, context, user in
            let (c, canHandle) = try await scopedCase(context, user)
            guard canHandle else { throw AppError.forbidden }
            guard let sentiment = context.form["sentiment"].flatMap(Sentiment.init(rawValue:)) else {
                return try await casePage(request, context, user, c, canHandle: true, errors: [services.text("text_error_sentiment", context)],
                                          status: .unprocessableContent)
            }
            let topics = Topic.allCases.filter(Set(context.form.all("topic").compactMap(Topic.init(rawValue:))).contains)
            let place = try await OrgRepository(services.database.sql).node(id: c.handlingNodeID)?.path ?? ""
            try await services.textAnalytics.correct(.init(type: .case, id: c.id), text: c.body, language: c.language, nodePath: place, sentiment: sentiment,
                                                     topics: topics, policy: user.policy, by: actor(user, context))
            return redirect(.caseDetail(c.id), msg: "text_corrected")
        }
        staff.post(.caseContact(SiteURL.id), .handler) { request, context, user in
            let (c, canHandle) = try await scopedCase(context, user)
            guard canHandle else { throw AppError.forbidden }
            let contact = try await services.feedback.viewContact(caseID: c.id, by: actor(user, context))
            return try await casePage(request, context, user, c, canHandle: true, contact: contact)
        }
    }

    func actor(_ user: CurrentUser, _ context: AppContext) -> Actor {
        Actor(id: user.id, email: user.email, ip: context.remoteAddress)
    }

    /// The case if the user handles it (a handler grant covers it) or it was shared with them;
    /// anything else is the same 404 as a case that does not exist.
    func scopedCase(_ context: AppContext, _ user: CurrentUser) async throws -> (FeedbackCase, Bool) {
        guard let id = context.parameters.get("id"), let c = try await FeedbackRepository(services.database.sql).find(id: id) else {
            throw AppError.notFound
        }
        if user.policy.allows(.handler, onNodeAt: c.handlingPath) { return (c, true) }
        if try await FeedbackRepository(services.database.sql).isShared(caseID: c.id, with: user.id) { return (c, false) }
        throw AppError.notFound
    }

    func parseAction(_ form: FormData) -> CaseAction? {
        let note = form["note"] ?? ""
        switch form.text("action") {
        case "take": return .take
        case "comment": return .comment(note)
        case "ask": return .ask(colleague: form.text("email"), note: note)
        case "share": return .share(with: form.text("email"), note: note)
        case "transfer_unit": return .transferToUnit(code: form.text("unit"), note: note)
        case "transfer_handler": return .transferToHandler(email: form.text("email"), note: note)
        case "reply": return .reply(text: form["text"] ?? "")
        case "phoned": return .phoned(note: note)
        case "escalate": return FormalProcess(rawValue: form.text("process")).map { .escalate($0, note: note) }
        case "effect": return .recordEffect(form.all("effect").compactMap(FeedbackEffect.init), description: note)
        case "close": return .close
        case "reopen": return .reopen
        case "publish": return .publish(youSaid: form.text("you_said"), weDid: form.text("we_did"))
        default: return nil
        }
    }

    func inbox(_ request: Request, _ context: AppContext, _ user: CurrentUser) async throws -> Response {
        var filter = FeedbackRepository.InboxFilter()
        let form = InboxFilterForm(status: request.query("status") ?? "open", kind: request.query("kind") ?? "",
                                   unit: request.query("unit") ?? "", q: request.query("q") ?? "",
                                   from: request.query("from") ?? "", to: request.query("to") ?? "")
        switch form.status {
        case "open": filter.statuses = [.new, .inProgress, .waiting]
        case "all": break
        default: filter.statuses = CaseStatus(rawValue: form.status).map { [$0] } ?? []
        }
        filter.kind = FeedbackKind(rawValue: form.kind)
        filter.text = form.q
        let org = OrgRepository(services.database.sql)
        if !form.unit.isEmpty, let node = try await org.node(code: form.unit), user.policy.allows(.handler, onNodeAt: node.path) {
            filter.nodePath = node.path
        }
        filter.from = CalendarDay(form.from)?.start
        filter.to = CalendarDay(form.to)?.adding(days: 1).start
        let now = services.now()
        let paths = user.policy.scopePaths(for: .handler)
        let cases = try await FeedbackRepository(services.database.sql).inbox(paths: paths, userID: user.id, filter: filter, now: now)
        // The units named on the page, in one query; adherence once per scope the handler has.
        let units = Dictionary(uniqueKeysWithValues: try await org.nodes(ids: Array(Set(cases.map(\.targetNodeID)))).map { ($0.id, $0) })
        let rows = cases.map { CaseRow($0, unit: units[$0.targetNodeID]?.name[context.language] ?? "", now: now, services: services, context: context) }
        var adherence: [AdherenceView] = []
        for scope in try await org.nodes(ids: paths.compactMap { OrgPath.ids(in: $0).last }) {
            let counts = try await FeedbackRepository(services.database.sql).adherence(path: scope.path, now: now)
            adherence.append(AdherenceView(name: scope.name[context.language], counts: counts))
        }
        let statuses = ["open", "all"] + CaseStatus.allCases.map(\.rawValue)
        let page = InboxPage(
            form: form, cases: rows, isEmpty: rows.isEmpty, adherence: adherence,
            statuses: statuses.map { LevelOption(value: $0, label: services.text("case_status_" + $0, context), selected: $0 == form.status) },
            kinds: FeedbackKind.allCases.map { LevelOption(value: $0.rawValue, label: services.text("feedback_kind_" + $0.rawValue, context),
                                                           selected: $0.rawValue == form.kind) })
        return try services.page(page, title: "cases_title", request: request, context: context)
    }

    func casePage(_ request: Request, _ context: AppContext, _ user: CurrentUser, _ c: FeedbackCase, canHandle: Bool,
                  errors: [String] = [], contact: FeedbackRepository.Contact? = nil, draft: String = "",
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let sql = services.database.sql
        let language = context.language
        let org = OrgRepository(sql)
        let now = services.now()
        let timeline = try await FeedbackRepository(sql).events(caseID: c.id)
        // Sentiment and topics (analysed now if the background job has not come to this case yet;
        // a page without them is better than no page when the language tools are missing).
        let place = try await org.node(id: c.handlingNodeID)?.path ?? ""
        let analysis = try? await services.textAnalytics.analysis(of: .init(type: .case, id: c.id), text: c.body, language: c.language, nodePath: place)
        // Only the people the page names, in one query.
        let emails = try await UserRepository(sql).emails(ids: Set(timeline.compactMap(\.actorID)
                                                                   + [c.recordedBy, c.assigneeID, analysis?.correctedBy].compactMap { $0 }))
        let nodes = Dictionary(uniqueKeysWithValues: try await org.nodes(ids: [c.targetNodeID, c.handlingNodeID]).map { ($0.id, $0) })
        let events = timeline.map { e in
            EventView(at: Self.formatTime(e.at), actor: e.actorID.flatMap { emails[$0] } ?? services.text("case_actor_system", context),
                      what: services.text("case_event_" + e.kind.rawValue, context), note: e.note,
                      data: e.kind == .effectRecorded
                        ? e.data.split(separator: ",").map { services.text("effect_" + $0, context) }.joined(separator: "; ")
                        : e.kind == .escalated ? services.text("process_" + e.data, context) : e.data)
        }
        let phrases = try await PhraseRepository(sql).list(activeOnly: true)
        var replyDraft = draft
        if replyDraft.isEmpty, let id = request.query("phrase"), let phrase = phrases.first(where: { $0.id == id }) {
            replyDraft = phrase.body[c.language]
        }
        let area = try await ServiceAreaRepository(sql).find(id: c.serviceAreaID)
        let page = CasePage(
            url: SiteURL.caseDetail(c.id).path, contactURL: SiteURL.caseContact(c.id).path, reference: c.reference,
            kind: services.text("feedback_kind_" + c.kind.rawValue, context),
            status: services.text("case_status_" + c.status.rawValue, context), statusCode: c.status.rawValue,
            area: area?.name[language] ?? "", unit: nodes[c.targetNodeID]?.name[language] ?? "",
            handlingUnit: nodes[c.handlingNodeID]?.name[language] ?? "", isTriage: c.isTriage,
            source: services.text("feedback_source_" + c.source.rawValue, context), recordedBy: c.recordedBy.flatMap { emails[$0] },
            customerLanguage: services.catalog.text("language_name_" + c.language.rawValue, language),
            body: c.body, received: Self.formatTime(c.receivedAt), due: Self.formatTime(c.dueAt), isOverdue: c.isOverdue(now: now),
            assignee: c.assigneeID.flatMap { emails[$0] }, wantsReply: c.wantsReply, hasContact: c.hasContact,
            contactEmail: contact?.email, contactPhone: contact?.phone, contactShown: contact != nil,
            formalProcess: c.formalProcess.map { services.text("process_" + $0.rawValue, context) },
            effects: c.effects.map { services.text("effect_" + $0.rawValue, context) }, effectDescription: c.effectDescription,
            events: events, canHandle: canHandle, isClosed: c.status == .closed,
            canPublish: c.status == .closed && !c.forbidsPublication, forbidsPublication: c.forbidsPublication, errors: errors, hasErrors: !errors.isEmpty,
            phrases: phrases.map { PhraseLink(title: $0.title, href: SiteURL.caseDetail(c.id).path + "?phrase=\($0.id)#reply-text") },
            replyDraft: replyDraft, replyOpen: !replyDraft.isEmpty,
            wallDraft: String(PersonalData.mask(c.body).prefix(500)),
            effectOptions: FeedbackEffect.allCases.map { LevelOption(value: $0.rawValue, label: services.text("effect_" + $0.rawValue, context),
                                                                     selected: c.effects.contains($0)) },
            processes: FormalProcess.allCases.map { LevelOption(value: $0.rawValue, label: services.text("process_" + $0.rawValue, context), selected: false) },
            analysis: analysis.map { TextAnalysisView($0, url: SiteURL.caseText(c.id).path, canCorrect: canHandle,
                                                      correctedBy: $0.correctedBy.flatMap { emails[$0] }, services: services, context: context) })
        return try services.page(page, title: "case_title", request: request, context: context,
                                 titleArguments: ["reference": c.reference], status: status)
    }

    static func formatTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = CalendarDay.timeZone
        formatter.dateFormat = "d.M.yyyy HH.mm"
        return formatter.string(from: date)
    }
}

extension RouteAccess {
    static let handler = RouteAccess(roles: [.handler])
}
