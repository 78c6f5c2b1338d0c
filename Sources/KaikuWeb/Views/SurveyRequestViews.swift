import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

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

struct RequestListPage: PageView {
    static let template = "survey_requests"
    let requests: [RequestRow]
    let isEmpty: Bool
    let isAdmin: Bool
}

struct RequestPage: PageView {
    static let template = "survey_request"
    let summary: RequestSummary
    let canDecide: Bool
    let errors: [String]
    let hasErrors: Bool
    let surveyLink: String?
    let acceptURL: String
    let returnURL: String
}

struct RequestForm: PageView {
    static let template = "survey_request_form"
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
