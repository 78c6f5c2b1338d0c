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
            let saved = try await services.countySettings.page(slug: slug, by: services.actor(context))
            var versions: [PageVersion] = []
            for language in Language.shipped {
                let page = try await publicRoutes.textPage(slug: slug, language: language)
                let stored = saved[language]
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
            let versions = Language.shipped.map {
                PageVersion(language: $0.rawValue, languageName: services.catalog.text("language_name_" + $0.rawValue, $0),
                            title: context.form.text("title_" + $0.rawValue), body: context.form.text("body_" + $0.rawValue))
            }
            do {
                try await services.countySettings.savePage(slug: slug, versions: zip(Language.shipped, versions).map { ($0, $1.title, $1.body) },
                                                           by: services.actor(context))
            } catch let refused as Refused {
                // Each refusal names a language by its code; the admin reads its name.
                let errors = refused.messages.map { message in
                    services.catalog.format(message.key, context.language, message.arguments.mapValues {
                        services.catalog.text("language_name_" + $0, context.language)
                    })
                }
                return try services.page(PageEditPage(slug: slug, versions: versions, errors: errors),
                                         title: "page_edit_title", request: request, context: context,
                                         titleArguments: ["name": services.text("page_\(slug)_title", context)], status: .unprocessableContent)
            }
            return redirect(.adminPage(slug), msg: "saved")
        }
    }

    func slug(_ context: AppContext) throws -> String {
        guard let slug = context.parameters.get("slug"), PublicRoutes.editablePages.contains(where: { $0.slug == slug }) else { throw AppError.notFound }
        return slug
    }
}
