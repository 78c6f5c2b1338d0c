import Foundation
import KaikuCore
import Hummingbird

/// Every path Kaiku serves, written once: pages, form targets, answer links, QR images, static
/// files and the machine endpoints (`/api/v1`, `/healthz`, `/readyz`, `/metrics`, `/_bench`) alike. Route
/// registration passes the parameter names (`SiteURL.id` is ":id"), redirects and view models pass
/// real values, and templates read the cases without a parameter from `site` (`{{site.adminUsers}}`,
/// `SitePaths`); a link with a parameter is a view-model field computed here. The paths that also
/// leave the web layer (links in KaikuApp's mails and SMS, `kaiku survey link`) come from KaikuCore's
/// `PublicPaths`; only `openapi.json` and `public/*.js` spell paths out. (In the spirit of
/// SwiftPackageIndex-Server's `SiteURL`.)
enum SiteURL: Sendable, Equatable {
    // Public pages
    case home, feedback, feedbackArea(String), login, logout, wall, wallDisplay, accessibility, privacy, widget
    case personalSurvey(String), openSurvey(unit: String, survey: String), kiosk(String), kioskAnswers(String)
    case qrSVG(unit: String, survey: String), qrPNG(unit: String, survey: String)
    case stylesheet, script, kioskScript
    // Staff and admin pages
    case staffHome, password
    case cases, caseDetail(String), caseContact(String), caseText(String)
    case units, unit(String)
    case record, recordArea(String)
    case print(unit: String, survey: String)
    case staffSurveys, staffSurveyEntry
    case staffRequests, staffRequestNew, staffRequest(String)
    case adminOrg, adminOrgExport, adminOrgImport, adminOrgNew, adminOrgNode(String)
    case adminUsers, adminUser(String)
    case adminAudit, adminAuditExport
    case adminPages, adminPage(String), adminLanguages, adminLanguagesExport
    case adminFeedback, adminArea(String), adminPhrase(String), adminFeedbackSettings, adminFormalHandling, adminOutbox, adminCaseExport(String)
    case adminKiosks
    case adminSurveys, adminSurveyNew, adminSurvey(String), adminSurveyQuestions(String), adminSurveyQuestion(String, key: String)
    case adminSurveyPreview(String), adminSurveyTest(String), adminSurveyPublish(String), adminSurveyClose(String)
    case adminRequests, adminRequest(String), adminRequestAccept(String), adminRequestReturn(String)
    case reports, reportExport, reportWorkbook, reportTexts, reportText(String), reportFeedback, reportFeedbackExport, reportFeedbackWorkbook, reportFeedbackTexts
    case reportPrint, reportSubscriptions, reportSubscriptionDelete(String), reportNational, reportAttention, reportAttentionExport
    case adminReports, adminReportAnonymity, adminTargets, adminTargetImport, adminTargetDelete(String)
    case adminSMS, adminSMSTexts, adminSMSNaming, adminSMSSettings, adminSMSRefusals, adminSMSMessages
    case adminText, adminTextRules, adminTextRuleDelete(String), adminTextCorrectionAccept(String)
    // Refusing survey text messages: by a message's code, or by typing the number
    case optOut, optOutCode(String)
    // Machine endpoints
    case healthz, readyz, metrics, apiOpenAPI, apiResponses, apiWidget, apiReportSummary, apiReportFeedback, apiVisits, apiSMSDelivery, apiSMSInbound, benchInsert

    /// The cases without a parameter: the names templates read from `site`.
    static let fixed: [SiteURL] = [
        .home, .feedback, .login, .logout, .wall, .wallDisplay, .accessibility, .privacy, .widget, .stylesheet, .script, .kioskScript,
        .staffHome, .password, .cases, .units, .record, .staffSurveys, .staffSurveyEntry, .staffRequests, .staffRequestNew,
        .adminOrg, .adminOrgExport, .adminOrgImport, .adminOrgNew, .adminUsers, .adminAudit, .adminAuditExport, .adminPages,
        .adminLanguages, .adminLanguagesExport,
        .adminFeedback, .adminFeedbackSettings, .adminFormalHandling, .adminOutbox, .adminKiosks, .adminSurveys, .adminSurveyNew, .adminRequests,
        .reports, .reportExport, .reportWorkbook, .reportTexts, .reportFeedback, .reportFeedbackExport, .reportFeedbackWorkbook, .reportFeedbackTexts,
        .reportPrint, .reportSubscriptions, .reportNational, .reportAttention, .reportAttentionExport, .adminReports, .adminReportAnonymity, .adminTargets, .adminTargetImport,
        .adminSMS, .adminSMSTexts, .adminSMSNaming, .adminSMSSettings, .adminSMSRefusals, .adminSMSMessages, .adminText, .adminTextRules, .optOut,
        .healthz, .readyz, .metrics, .apiOpenAPI, .apiResponses, .apiWidget, .apiReportSummary, .apiReportFeedback, .apiVisits, .apiSMSDelivery, .apiSMSInbound,
        .benchInsert,
    ]

    /// Paths whose answers, errors included, are JSON: the API and the probes.
    static func servesJSON(_ path: String) -> Bool {
        path.hasPrefix(api) || path == SiteURL.healthz.path || path == SiteURL.readyz.path
    }

    /// Parameter names for route registration.
    static let id = ":id", key = ":key", unitCode = ":unit", surveyCode = ":survey", area = ":area", slug = ":slug", token = ":token"

    /// Where `FileMiddleware` serves `public/`.
    static let staticFiles = "/static"
    /// Everything below answers in JSON (errors too) and is not checked for a CSRF token.
    static let api = "/api/"

    var path: String {
        switch self {
        case .home: "/"
        case .feedback: "/feedback"
        case .feedbackArea(let area): "/feedback/\(area)"
        case .login: "/login"
        case .logout: "/logout"
        case .wall: "/wall"
        case .wallDisplay: "/wall/display"
        case .accessibility: "/accessibility"
        case .privacy: "/privacy"
        case .widget: "/widget"
        case .personalSurvey(let token): PublicPaths.personalSurvey(token)
        case .openSurvey(let unit, let survey): "/k/\(unit)/\(survey)"
        case .kiosk(let token): "/kiosk/\(token)"
        case .kioskAnswers(let token): "/kiosk/\(token)/answers"
        case .qrSVG(let unit, let survey): "/qr/\(unit)/\(survey)/code.svg"
        case .qrPNG(let unit, let survey): "/qr/\(unit)/\(survey)/code.png"
        case .stylesheet: Self.staticFiles + "/kaiku.css"
        case .script: Self.staticFiles + "/kaiku.js"
        case .kioskScript: Self.staticFiles + "/kiosk.js"
        case .staffHome: "/staff"
        case .password: "/staff/password"
        case .cases: "/staff/cases"
        case .caseDetail(let id): PublicPaths.caseDetail(id)
        case .caseContact(let id): "/staff/cases/\(id)/contact"
        case .caseText(let id): "/staff/cases/\(id)/text"
        case .units: "/staff/units"
        case .unit(let id): "/staff/units/\(id)"
        case .record: "/staff/record"
        case .recordArea(let area): "/staff/record/\(area)"
        case .print(let unit, let survey): "/staff/print/\(unit)/\(survey)"
        case .staffSurveys: "/staff/surveys"
        case .staffSurveyEntry: "/staff/surveys/entry"
        case .staffRequests: "/staff/survey-requests"
        case .staffRequestNew: "/staff/survey-requests/new"
        case .staffRequest(let id): PublicPaths.staffRequest(id)
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
        case .adminLanguages: "/admin/languages"
        case .adminLanguagesExport: "/admin/languages/export"
        case .adminPage(let slug): "/admin/pages/\(slug)"
        case .adminFeedback: "/admin/feedback"
        case .adminArea(let id): "/admin/feedback/areas/\(id)"
        case .adminPhrase(let id): "/admin/feedback/phrases/\(id)"
        case .adminFeedbackSettings: "/admin/feedback/settings"
        case .adminFormalHandling: "/admin/feedback/formal"
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
        case .adminRequest(let id): PublicPaths.adminRequest(id)
        case .adminRequestAccept(let id): "/admin/survey-requests/\(id)/accept"
        case .adminRequestReturn(let id): "/admin/survey-requests/\(id)/return"
        case .reports: PublicPaths.reports
        case .reportExport: "/staff/reports/export.csv"
        case .reportWorkbook: "/staff/reports/export.xlsx"
        case .reportTexts: "/staff/reports/texts"
        case .reportText(let reference): "/staff/reports/texts/\(reference)"
        case .reportFeedback: "/staff/reports/feedback"
        case .reportFeedbackExport: "/staff/reports/feedback.csv"
        case .reportFeedbackWorkbook: "/staff/reports/feedback.xlsx"
        case .reportFeedbackTexts: "/staff/reports/feedback/texts"
        case .reportPrint: "/staff/reports/print"
        case .reportNational: "/staff/reports/national.csv"
        case .reportAttention: "/staff/reports/attention"
        case .reportAttentionExport: "/staff/reports/attention.csv"
        case .reportSubscriptions: PublicPaths.reportSubscriptions
        case .reportSubscriptionDelete(let id): "/staff/reports/subscriptions/\(id)/delete"
        case .adminReports: "/admin/reports"
        case .adminReportAnonymity: "/admin/reports/anonymity"
        case .adminTargets: "/admin/reports/targets"
        case .adminTargetImport: "/admin/reports/targets/import"
        case .adminTargetDelete(let id): "/admin/reports/targets/\(id)/delete"
        case .adminSMS: "/admin/sms"
        case .adminSMSTexts: "/admin/sms/texts"
        case .adminSMSNaming: "/admin/sms/naming"
        case .adminSMSSettings: "/admin/sms/settings"
        case .adminSMSRefusals: "/admin/sms/refusals"
        case .adminSMSMessages: "/admin/sms/messages"
        case .adminText: "/admin/text"
        case .adminTextRules: "/admin/text/rules"
        case .adminTextRuleDelete(let id): "/admin/text/rules/\(id)/delete"
        case .adminTextCorrectionAccept(let id): "/admin/text/corrections/\(id)/accept"
        case .optOut: "/optout"
        case .optOutCode(let code): PublicPaths.optOut(code)
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .apiOpenAPI: Self.api + "v1/openapi.json"
        case .apiResponses: Self.api + "v1/responses"
        case .apiWidget: Self.api + "v1/widget"
        case .apiReportSummary: Self.api + "v1/reports/summary"
        case .apiReportFeedback: Self.api + "v1/reports/feedback"
        case .apiVisits: Self.api + "v1/visits"
        case .apiSMSDelivery: Self.api + "v1/sms/delivery"
        case .apiSMSInbound: Self.api + "v1/sms/inbound"
        case .benchInsert: "/_bench/insert"
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

/// A 303 redirect to a page, as after a successful form post.
func redirect(_ url: SiteURL, msg: String? = nil, err: String? = nil, fragment: String? = nil) -> Response {
    redirect(url.with(msg: msg, err: err, fragment: fragment))
}

/// A 303 redirect, as after a successful form post.
func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}

extension RouterMethods {
    /// A public route on a `SiteURL` (with parameter names in place of values); staff routes go through `StaffRouter`.
    @discardableResult func get(_ url: SiteURL, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        get(RouterPath(url.path), use: handler)
    }

    @discardableResult func post(_ url: SiteURL, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        post(RouterPath(url.path), use: handler)
    }
}
