import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct InboxFilterForm {
    let status: String
    let kind: String
    let unit: String
    let q: String
    let from: String
    let to: String
}

struct CaseRow {
    let href: String
    let reference: String
    let kind: String
    let status: String
    let unit: String
    let received: String
    let due: String
    let isOverdue: Bool
    let excerpt: String

    init(_ c: FeedbackCase, unit: String, now: Date, services: AppServices, context: AppContext) {
        href = SiteURL.caseDetail(c.id).path
        reference = c.reference
        kind = services.text("feedback_kind_" + c.kind.rawValue, context)
        status = services.text("case_status_" + c.status.rawValue, context)
        self.unit = unit + (c.isTriage ? " (" + services.text("case_triage", context) + ")" : "")
        received = CaseRoutes.formatTime(c.receivedAt)
        due = CaseRoutes.formatTime(c.dueAt)
        isOverdue = c.isOverdue(now: now)
        excerpt = c.body.count > 140 ? String(c.body.prefix(140)) + "…" : c.body
    }
}

struct AdherenceView {
    let name: String
    let percent: String
    let onTime: Int
    let late: Int
    let openOverdue: Int
    let closedWithoutReply: Int

    init(name: String, counts: FeedbackRepository.Adherence) {
        self.name = name
        percent = counts.share.map { "\(Int(($0 * 100).rounded())) %" } ?? "–"
        onTime = counts.onTime
        late = counts.late
        openOverdue = counts.openOverdue
        closedWithoutReply = counts.closedWithoutReply
    }
}

struct InboxPage: PageView {
    static let template = "staff_cases"
    let form: InboxFilterForm
    let cases: [CaseRow]
    let isEmpty: Bool
    let adherence: [AdherenceView]
    let statuses: [LevelOption]
    let kinds: [LevelOption]
}

struct EventView {
    let at: String
    let actor: String
    let what: String
    let note: String
    let data: String
}

struct PhraseLink {
    let title: String
    /// The page with the phrase in the draft: without JavaScript.
    let href: String
    /// The phrase in the customer's language, inserted at the cursor by kaiku.js.
    let text: String

    init(title: String, href: String, text: String = "") {
        self.title = title
        self.href = href
        self.text = text
    }
}

/// A unit to transfer a case to: the list suggests while the handler types a name or a code.
struct UnitChoice {
    let value: String
}

struct CasePage: PageView {
    static let template = "staff_case"
    let url: String
    let contactURL: String
    let reference: String
    let kind: String
    let status: String
    let statusCode: String
    let area: String
    let unit: String
    let handlingUnit: String
    let isTriage: Bool
    let source: String
    let recordedBy: String?
    let customerLanguage: String
    let body: String
    let received: String
    let due: String
    let isOverdue: Bool
    let assignee: String?
    let wantsReply: Bool
    let hasContact: Bool
    let contactEmail: String?
    let contactPhone: String?
    let contactShown: Bool
    let formalProcess: String?
    /// Where the objection or complaint stands; open until its decision is recorded.
    let formalStatus: String?
    let formalIsOpen: Bool
    let effects: [String]
    let effectDescription: String
    let events: [EventView]
    let canHandle: Bool
    /// Someone has taken the case: "take" is not offered again.
    let isTaken: Bool
    let units: [UnitChoice]
    let isClosed: Bool
    let canPublish: Bool
    let forbidsPublication: Bool
    let errors: [String]
    let hasErrors: Bool
    let phrases: [PhraseLink]
    let replyDraft: String
    let replyOpen: Bool
    let wallDraft: String
    let effectOptions: [LevelOption]
    let processes: [LevelOption]
    let analysis: TextAnalysisView?
}

extension CasePage {
    /// The case page from what the handler may see of the case.
    init(_ file: FeedbackService.CaseFile, contact: FeedbackRepository.Contact?, replyDraft: String, errors: [String], now: Date,
         services: AppServices, context: AppContext) {
        let (c, emails, nodes, language) = (file.feedbackCase, file.emails, file.nodes, context.language)
        let text = { (key: String) in services.text(key, context) }
        let events = file.timeline.map { e in
            EventView(at: CaseRoutes.formatTime(e.at), actor: e.actorID.flatMap { emails[$0] } ?? text("case_actor_system"),
                      what: text("case_event_" + e.kind.rawValue), note: e.note,
                      data: e.kind == .effectRecorded ? e.data.split(separator: ",").map { text("effect_" + $0) }.joined(separator: "; ")
                        : e.kind == .escalated ? text("process_" + e.data) : e.data)
        }
        self.init(
            url: SiteURL.caseDetail(c.id).path, contactURL: SiteURL.caseContact(c.id).path, reference: c.reference,
            kind: text("feedback_kind_" + c.kind.rawValue), status: text("case_status_" + c.status.rawValue), statusCode: c.status.rawValue,
            area: file.area?.name[language] ?? "", unit: nodes[c.targetNodeID]?.name[language] ?? "",
            handlingUnit: nodes[c.handlingNodeID]?.name[language] ?? "", isTriage: c.isTriage,
            source: text("feedback_source_" + c.source.rawValue), recordedBy: c.recordedBy.flatMap { emails[$0] },
            customerLanguage: services.catalog.text("language_name_" + c.language.rawValue, language),
            body: c.body, received: CaseRoutes.formatTime(c.receivedAt), due: CaseRoutes.formatTime(c.dueAt), isOverdue: c.isOverdue(now: now),
            assignee: c.assigneeID.flatMap { emails[$0] }, wantsReply: c.wantsReply, hasContact: c.hasContact,
            contactEmail: contact?.email, contactPhone: contact?.phone, contactShown: contact != nil,
            formalProcess: c.formalProcess.map { text("process_" + $0.rawValue) },
            formalStatus: c.formalStatus.map { text("formal_status_" + $0.rawValue) + (c.formalDecidedAt.map { " " + CaseRoutes.formatTime($0) } ?? "") },
            formalIsOpen: c.formalStatus == .handedOver,
            effects: c.effects.map { text("effect_" + $0.rawValue) }, effectDescription: c.effectDescription,
            events: events, canHandle: file.handles, isTaken: c.assigneeID != nil,
            units: file.transferTargets.map { UnitChoice(value: CaseRoutes.unitChoice($0, language: language)) }, isClosed: c.status == .closed,
            canPublish: c.status == .closed && !c.forbidsPublication, forbidsPublication: c.forbidsPublication, errors: errors, hasErrors: !errors.isEmpty,
            phrases: file.phrases.map { PhraseLink(title: $0.title, href: SiteURL.caseDetail(c.id).path + "?phrase=\($0.id)#reply-text",
                                                   text: $0.body[c.language]) },
            replyDraft: replyDraft, replyOpen: !replyDraft.isEmpty,
            wallDraft: String(PersonalData.mask(c.body).prefix(500)),
            effectOptions: FeedbackEffect.allCases.map { LevelOption(value: $0.rawValue, label: text("effect_" + $0.rawValue), selected: c.effects.contains($0)) },
            processes: FormalProcess.allCases.map { LevelOption(value: $0.rawValue, label: text("process_" + $0.rawValue), selected: false) },
            analysis: file.analysis.map { TextAnalysisView($0, url: SiteURL.caseText(c.id).path, canCorrect: file.handles,
                                                           correctedBy: $0.correctedBy.flatMap { emails[$0] }, services: services, context: context) })
    }
}
