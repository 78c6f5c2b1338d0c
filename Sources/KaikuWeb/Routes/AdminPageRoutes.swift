import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Admins edit the accessibility statement and privacy notice in three languages.
struct AdminPageRoutes {
    let services: AppServices
    let publicRoutes: PublicRoutes

    func register(staff: StaffRouter) {
        staff.get(.adminPages, .countyAdmin) { request, context, _ in
            let pages = PublicRoutes.editablePages.map {
                PageLink(title: services.text("page_\($0.slug)_title", context), href: SiteURL.adminPage($0.slug).path, publicHref: $0.url.path)
            }
            return try services.page(PageListPage(pages: pages), title: "pages_title", request: request, context: context)
        }
        staff.get(.adminPage(SiteURL.slug), .countyAdmin) { request, context, _ in
            let slug = try slug(context)
            var versions: [PageVersion] = []
            for language in Language.allCases {
                let page = try await publicRoutes.textPage(slug: slug, language: language)
                let stored = try await PageRepository(services.database.sql).page(slug: slug, language: language)
                versions.append(PageVersion(language: language.rawValue, languageName: services.catalog.text("language_name_" + language.rawValue, language),
                                            title: stored?.title ?? page.title,
                                            body: stored?.body ?? services.catalog.text("page_\(slug)_body", language)))
            }
            return try services.page(PageEditPage(slug: slug, versions: versions, errors: []),
                                     title: "page_edit_title", request: request, context: context,
                                     titleArguments: ["name": services.text("page_\(slug)_title", context)])
        }
        staff.post(.adminPage(SiteURL.slug), .countyAdmin) { request, context, user in
            let slug = try slug(context)
            var versions: [PageVersion] = []
            var errors: [String] = []
            for language in Language.allCases {
                let title = context.form.text("title_" + language.rawValue)
                let body = context.form.text("body_" + language.rawValue)
                if title.isEmpty || body.isEmpty || title.count > 200 || body.count > 50_000 {
                    errors.append(services.catalog.format("page_error_empty", context.language,
                                                          ["language": services.catalog.text("language_name_" + language.rawValue, context.language)]))
                }
                versions.append(PageVersion(language: language.rawValue, languageName: services.catalog.text("language_name_" + language.rawValue, language),
                                            title: title, body: body))
            }
            guard errors.isEmpty else {
                return try services.page(PageEditPage(slug: slug, versions: versions, errors: errors),
                                         title: "page_edit_title", request: request, context: context,
                                         titleArguments: ["name": services.text("page_\(slug)_title", context)], status: .unprocessableContent)
            }
            try await services.countySettings.savePage(slug: slug, versions: zip(Language.allCases, versions).map { ($0, $1.title, $1.body) },
                                                       by: services.actor(context))
            return redirect(.adminPage(slug), msg: "saved")
        }
    }

    func slug(_ context: AppContext) throws -> String {
        guard let slug = context.parameters.get("slug"), PublicRoutes.editablePages.contains(where: { $0.slug == slug }) else { throw AppError.notFound }
        return slug
    }
}
