import Foundation
import Hummingbird
import KaikuApp
import KaikuCore

extension AppServices {
    /// Layout data for a page: navigation by role, language links that keep the person on the same page.
    func layout(request: Request, context: AppContext, title: String, publicShell: Bool = false) -> LayoutModel {
        let language = context.language
        let path = request.uri.path
        var nav: [NavItem] = []
        func item(_ url: SiteURL, _ key: String) {
            let href = url.path
            let current = url == .home ? path == href : (path == href || path.hasPrefix(href + "/"))
            nav.append(NavItem(href: href, label: catalog.text(key, language), current: current))
        }
        let user = publicShell ? nil : context.currentUser
        if let user {
            item(.staffHome, "nav_staff_home")
            if user.has(.handler) { item(.cases, "nav_cases") }
            if user.has(.staff) || user.has(.handler) {
                item(.record, "nav_record")
                item(.staffSurveys, "nav_survey_entry")
            }
            if user.has(.handler) || user.has(.reporter) { item(.units, "nav_units") }
            if user.policy.readsReports { item(.reports, "nav_reports") }
            item(.staffRequests, "nav_survey_requests")
            if user.has(.admin) {
                let county = user.policy.isCountyAdmin
                item(.adminOrg, "nav_org")
                item(.adminUsers, "nav_users")
                if county {
                    item(.adminAudit, "nav_audit")
                    item(.adminPages, "nav_pages")
                    item(.adminFeedback, "nav_feedback_admin")
                    item(.adminSMS, "nav_sms")
                    item(.adminText, "nav_text")
                } else {
                    item(.adminOutbox, "outbox_title")
                }
                item(.adminSurveys, "nav_surveys")
                item(.adminKiosks, "nav_kiosks")
                item(.adminReports, "nav_report_settings")
            }
        } else {
            item(.home, "nav_home")
            item(.feedback, "nav_feedback")
            item(.wall, "nav_wall")
            // The accessibility statement and the privacy notice are in every page's footer: the
            // menu stays one or two lines on a phone.
            if context.currentUser == nil { item(.login, "nav_login") } else { item(.staffHome, "nav_staff_home") }
        }
        // Staff pages are in the shipped languages; public pages also in the county's added ones.
        let languages = (user == nil ? catalog.publicLanguages : Language.shipped + (language.isShipped ? [] : [language])).map { other in
            LanguageLink(code: other.rawValue, label: catalog.languageName(other),
                         href: Self.link(request, language: other), current: other == language)
        }
        var flash: String?
        var flashIsError = false
        if let key = request.query("msg"), key.allSatisfy({ $0.isLetter || $0 == "_" }) {
            flash = catalog.exactText("flash_" + key, language) ?? catalog.strings[.fi]?["flash_" + key]
        }
        if let key = request.query("err"), key.allSatisfy({ $0.isLetter || $0 == "_" }) {
            flash = catalog.exactText("flash_" + key, language) ?? catalog.strings[.fi]?["flash_" + key]
            flashIsError = flash != nil
        }
        return LayoutModel(language: language, lang: language.rawValue, title: title, isStaff: user != nil, nav: nav, languages: languages,
                           userEmail: user?.email, csrf: context.csrfToken, flash: flash, flashIsError: flashIsError,
                           variant: context.variant)
    }

    /// The same page in another language: the path and query, with `lang` replaced.
    static func link(_ request: Request, language: Language) -> String {
        var components = URLComponents()
        components.path = request.uri.path
        var items = (URLComponents(string: request.uri.description)?.queryItems ?? [])
            .filter { $0.name != "lang" && $0.name != "msg" && $0.name != "err" }
        items.append(URLQueryItem(name: "lang", value: language.rawValue))
        components.queryItems = items
        return components.string ?? "?lang=\(language.rawValue)"
    }

    func page(_ page: some PageView, title key: String, request: Request, context: AppContext,
              titleArguments: [String: String] = [:], status: HTTPResponse.Status = .ok) throws -> Response {
        let title = catalog.format(key, context.language, titleArguments)
        return try renderer.html(page, layout: layout(request: request, context: context, title: title), status: status)
    }

    func text(_ key: String, _ context: AppContext) -> String { catalog.text(key, context.language, variant: context.variant) }
}
