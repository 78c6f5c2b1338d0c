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
        func item(_ href: String, _ key: String) {
            let current = href == "/" ? path == "/" : (path == href || path.hasPrefix(href + "/"))
            nav.append(NavItem(href: href, label: catalog.text(key, language), current: current))
        }
        let user = publicShell ? nil : context.currentUser
        if let user {
            item("/staff", "nav_staff_home")
            if user.has(.handler) { item("/staff/cases", "nav_cases") }
            if user.has(.staff) || user.has(.handler) {
                item("/staff/record", "nav_record")
                item("/staff/surveys", "nav_survey_entry")
            }
            if user.has(.handler) || user.has(.reporter) { item("/staff/units", "nav_units") }
            item("/staff/survey-requests", "nav_survey_requests")
            if user.has(.admin) {
                let county = user.policy.isCountyAdmin
                item("/admin/org", "nav_org")
                item("/admin/users", "nav_users")
                if county {
                    item("/admin/audit", "nav_audit")
                    item("/admin/pages", "nav_pages")
                    item("/admin/feedback", "nav_feedback_admin")
                } else {
                    item("/admin/feedback/outbox", "outbox_title")
                }
                item("/admin/surveys", "nav_surveys")
                item("/admin/kiosks", "nav_kiosks")
            }
        } else {
            item("/", "nav_home")
            item("/feedback", "nav_feedback")
            item("/wall", "nav_wall")
            item("/accessibility", "nav_accessibility")
            item("/privacy", "nav_privacy")
            item(context.currentUser == nil ? "/login" : "/staff", context.currentUser == nil ? "nav_login" : "nav_staff_home")
        }
        let languages = Language.allCases.map { other in
            LanguageLink(code: other.rawValue, label: catalog.text("language_name_\(other.rawValue)", other),
                         href: Self.link(request, language: other), current: other == language)
        }
        var flash: String?
        var flashIsError = false
        if let key = request.query("msg"), key.allSatisfy({ $0.isLetter || $0 == "_" }) {
            flash = catalog.strings[language]?["flash_" + key]
        }
        if let key = request.query("err"), key.allSatisfy({ $0.isLetter || $0 == "_" }) {
            flash = catalog.strings[language]?["flash_" + key]
            flashIsError = flash != nil
        }
        return LayoutModel(language: language, lang: language.rawValue, title: title, isStaff: user != nil, nav: nav, languages: languages,
                           userEmail: user?.email, csrf: context.csrfToken, flash: flash, flashIsError: flashIsError)
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

    func page(_ template: String, _ page: Any, title key: String, request: Request, context: AppContext,
              titleArguments: [String: String] = [:], status: HTTPResponse.Status = .ok) throws -> Response {
        let title = catalog.format(key, context.language, titleArguments)
        return try renderer.html(template, page: page, layout: layout(request: request, context: context, title: title), status: status)
    }

    func text(_ key: String, _ context: AppContext) -> String { catalog.text(key, context.language) }
}

/// A 303 redirect, as after a successful form post.
func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}
