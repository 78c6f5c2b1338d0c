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

    init(name: String, counts: FeedbackRepository.Adherence) {
        self.name = name
        percent = counts.share.map { "\(Int(($0 * 100).rounded())) %" } ?? "–"
        onTime = counts.onTime
        late = counts.late
        openOverdue = counts.openOverdue
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
    let href: String
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
    let effects: [String]
    let effectDescription: String
    let events: [EventView]
    let canHandle: Bool
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
