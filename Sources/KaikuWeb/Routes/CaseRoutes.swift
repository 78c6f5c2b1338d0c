import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The handler's inbox and case page, and recording feedback on a customer's behalf.
struct CaseRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.cases, .handler) { request, context, _ in
            try await inbox(request, context)
        }
        staff.get(.caseDetail(SiteURL.id), .anyStaff) { request, context, _ in
            try await casePage(request, context)
        }
        staff.post(.caseDetail(SiteURL.id), .handler) { request, context, _ in
            let id = context.parameters.get("id") ?? ""
            guard let action = parseAction(context.form) else {
                return try await casePage(request, context, errors: [services.text("case_error_action", context)], status: .unprocessableContent)
            }
            do {
                try await services.feedback.perform(action, on: id, by: services.actor(context))
            } catch FeedbackService.ActionError.invalid(let key) {
                return try await casePage(request, context, errors: [services.text(key, context)], draft: context.form.text("text"),
                                          status: .unprocessableContent)
            }
            return redirect(.caseDetail(id), msg: "case_saved")
        }
        staff.post(.caseText(SiteURL.id), .handler) { request, context, _ in
            let id = context.parameters.get("id") ?? ""
            guard let sentiment = context.form["sentiment"].flatMap(Sentiment.init(rawValue:)) else {
                return try await casePage(request, context, errors: [services.text("text_error_sentiment", context)], status: .unprocessableContent)
            }
            let topics = Topic.allCases.filter(Set(context.form.all("topic").compactMap(Topic.init(rawValue:))).contains)
            try await services.textAnalytics.correctCase(id, sentiment: sentiment, topics: topics, by: services.actor(context))
            return redirect(.caseDetail(id), msg: "text_corrected")
        }
        staff.post(.caseContact(SiteURL.id), .handler) { request, context, _ in
            let contact = try await services.feedback.viewContact(caseID: context.parameters.get("id") ?? "", by: services.actor(context))
            return try await casePage(request, context, contact: contact)
        }
    }

    func parseAction(_ form: FormData) -> CaseAction? {
        let note = form["note"] ?? ""
        switch form.text("action") {
        case "take": return .take
        case "comment": return .comment(note)
        case "ask": return .ask(colleague: form.text("email"), note: note)
        case "share": return .share(with: form.text("email"), note: note)
        case "transfer_unit": return .transferToUnit(code: Self.unitCode(form.text("unit")), note: note)
        case "transfer_handler": return .transferToHandler(email: form.text("email"), note: note)
        case "reply": return .reply(text: form["text"] ?? "")
        case "phoned": return .contacted(form.text("way") == "meeting" ? .meeting : .phone, note: note)
        case "escalate": return FormalProcess(rawValue: form.text("process")).map { .escalate($0, note: note, customerAgreed: form["consent"] != nil) }
        case "formal_decision": return .formalDecision(note: note)
        case "effect": return .recordEffect(form.all("effect").compactMap(FeedbackEffect.init), description: note)
        case "close": return .close
        case "reopen": return .reopen
        case "publish": return .publish(youSaid: form.text("you_said"), weDid: form.text("we_did"))
        default: return nil
        }
    }

    func inbox(_ request: Request, _ context: AppContext) async throws -> Response {
        var filter = FeedbackRepository.InboxFilter()
        let form = InboxFilterForm(status: request.query("status") ?? "open", kind: request.query("kind") ?? "",
                                   unit: request.query("unit") ?? "", q: request.query("q") ?? "",
                                   from: request.query("from") ?? "", to: request.query("to") ?? "")
        switch form.status {
        case "open": filter.statuses = [.new, .inProgress, .waiting]
        case "all": break
        case "closed_unanswered": filter.closedWithoutReply = true
        default: filter.statuses = CaseStatus(rawValue: form.status).map { [$0] } ?? []
        }
        filter.kind = FeedbackKind(rawValue: form.kind)
        filter.text = form.q
        filter.from = CalendarDay(form.from)?.start
        filter.to = CalendarDay(form.to)?.adding(days: 1).start
        let inbox = try await services.feedback.inbox(filter, unitCode: form.unit, by: services.actor(context))
        let now = services.now()
        let rows = inbox.cases.map {
            CaseRow($0, unit: inbox.units[$0.targetNodeID]?.name[context.language] ?? "", now: now, services: services, context: context)
        }
        let adherence = inbox.adherence.map { AdherenceView(name: $0.scope.name[context.language], counts: $0.counts) }
        let statuses = ["open", "all"] + CaseStatus.allCases.map(\.rawValue) + ["closed_unanswered"]
        let page = InboxPage(
            form: form, cases: rows, isEmpty: rows.isEmpty, adherence: adherence,
            statuses: statuses.map { LevelOption(value: $0, label: services.text("case_status_" + $0, context), selected: $0 == form.status) },
            kinds: FeedbackKind.allCases.map { LevelOption(value: $0.rawValue, label: services.text("feedback_kind_" + $0.rawValue, context),
                                                           selected: $0.rawValue == form.kind) })
        return try services.page(page, title: "cases_title", request: request, context: context)
    }

    func casePage(_ request: Request, _ context: AppContext, errors: [String] = [], contact: FeedbackRepository.Contact? = nil,
                  draft: String = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let file = try await services.feedback.caseFile(context.parameters.get("id"), by: services.actor(context), analytics: services.textAnalytics)
        var replyDraft = draft
        if replyDraft.isEmpty, let id = request.query("phrase"), let phrase = file.phrases.first(where: { $0.id == id }) {
            replyDraft = phrase.body[file.feedbackCase.language]
        }
        let page = CasePage(file, contact: contact, replyDraft: replyDraft, errors: errors, now: services.now(), services: services, context: context)
        return try services.page(page, title: "case_title", request: request, context: context,
                                 titleArguments: ["reference": file.feedbackCase.reference], status: status)
    }

    /// "Rantalan terveysasema (ESIM-U002)": what the transfer list suggests; the code in
    /// brackets is what is sent, and a bare code typed by hand works as well.
    static func unitChoice(_ node: OrgNode, language: Language) -> String { "\(node.name[language]) (\(node.code))" }

    static func unitCode(_ typed: String) -> String {
        let text = typed.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return text }
        return String(text[text.index(after: open)..<text.index(before: text.endIndex)])
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
