import Foundation
import Hummingbird

/// Every staff page's address, written once: route registration passes the parameter names
/// (`SiteURL.id` is ":id"), redirects and view models pass real values. (In the spirit of
/// SwiftPackageIndex-Server's `SiteURL`.)
enum SiteURL: Sendable, Equatable {
    case staffHome, password
    case cases, caseDetail(String), caseContact(String)
    case units, unit(String)
    case record, recordArea(String)
    case print(unit: String, survey: String)
    case staffSurveys, staffSurveyEntry
    case staffRequests, staffRequestNew, staffRequest(String)
    case adminOrg, adminOrgExport, adminOrgImport, adminOrgNew, adminOrgNode(String)
    case adminUsers, adminUser(String)
    case adminAudit, adminAuditExport
    case adminPages, adminPage(String)
    case adminFeedback, adminArea(String), adminPhrase(String), adminFeedbackSettings, adminOutbox, adminCaseExport(String)
    case adminKiosks
    case adminSurveys, adminSurveyNew, adminSurvey(String), adminSurveyQuestions(String), adminSurveyQuestion(String, key: String)
    case adminSurveyPreview(String), adminSurveyTest(String), adminSurveyPublish(String), adminSurveyClose(String)
    case adminRequests, adminRequest(String), adminRequestAccept(String), adminRequestReturn(String)

    /// Parameter names for route registration.
    static let id = ":id", key = ":key", unitCode = ":unit", surveyCode = ":survey", area = ":area", slug = ":slug"

    var path: String {
        switch self {
        case .staffHome: "/staff"
        case .password: "/staff/password"
        case .cases: "/staff/cases"
        case .caseDetail(let id): "/staff/cases/\(id)"
        case .caseContact(let id): "/staff/cases/\(id)/contact"
        case .units: "/staff/units"
        case .unit(let id): "/staff/units/\(id)"
        case .record: "/staff/record"
        case .recordArea(let area): "/staff/record/\(area)"
        case .print(let unit, let survey): "/staff/print/\(unit)/\(survey)"
        case .staffSurveys: "/staff/surveys"
        case .staffSurveyEntry: "/staff/surveys/entry"
        case .staffRequests: "/staff/survey-requests"
        case .staffRequestNew: "/staff/survey-requests/new"
        case .staffRequest(let id): "/staff/survey-requests/\(id)"
        case .adminOrg: "/admin/org"
        case .adminOrgExport: "/admin/org/export"
        case .adminOrgImport: "/admin/org/import"
        case .adminOrgNew: "/admin/org/new"
        case .adminOrgNode(let id): "/admin/org/\(id)"
        case .adminUsers: "/admin/users"
        case .adminUser(let id): "/admin/users/\(id)"
        case .adminAudit: "/admin/audit"
        case .adminAuditExport: "/admin/audit/export"
        case .adminPages: "/admin/pages"
        case .adminPage(let slug): "/admin/pages/\(slug)"
        case .adminFeedback: "/admin/feedback"
        case .adminArea(let id): "/admin/feedback/areas/\(id)"
        case .adminPhrase(let id): "/admin/feedback/phrases/\(id)"
        case .adminFeedbackSettings: "/admin/feedback/settings"
        case .adminOutbox: "/admin/feedback/outbox"
        case .adminCaseExport(let id): "/admin/cases/\(id)/export"
        case .adminKiosks: "/admin/kiosks"
        case .adminSurveys: "/admin/surveys"
        case .adminSurveyNew: "/admin/surveys/new"
        case .adminSurvey(let id): "/admin/surveys/\(id)"
        case .adminSurveyQuestions(let id): "/admin/surveys/\(id)/questions"
        case .adminSurveyQuestion(let id, let key): "/admin/surveys/\(id)/questions/\(key)"
        case .adminSurveyPreview(let id): "/admin/surveys/\(id)/preview"
        case .adminSurveyTest(let id): "/admin/surveys/\(id)/test"
        case .adminSurveyPublish(let id): "/admin/surveys/\(id)/publish"
        case .adminSurveyClose(let id): "/admin/surveys/\(id)/close"
        case .adminRequests: "/admin/survey-requests"
        case .adminRequest(let id): "/admin/survey-requests/\(id)"
        case .adminRequestAccept(let id): "/admin/survey-requests/\(id)/accept"
        case .adminRequestReturn(let id): "/admin/survey-requests/\(id)/return"
        }
    }

    /// The path with a flash message (`msg`), an error (`err`) and a fragment, for redirects.
    func with(msg: String? = nil, err: String? = nil, fragment: String? = nil) -> String {
        var text = path
        if let msg { text += "?msg=" + msg }
        if let err { text += (msg == nil ? "?" : "&") + "err=" + err }
        if let fragment { text += "#" + fragment }
        return text
    }
}

/// A 303 redirect to a staff page, as after a successful form post.
func redirect(_ url: SiteURL, msg: String? = nil, err: String? = nil, fragment: String? = nil) -> Response {
    redirect(url.with(msg: msg, err: err, fragment: fragment))
}
