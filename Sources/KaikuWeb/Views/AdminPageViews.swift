import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct PageLink {
    let title: String
    let href: String
    let publicHref: String
}

struct PageListPage: PageView {
    static let template = "admin_pages"
    let pages: [PageLink]
}

struct PageVersion {
    let language: String
    let languageName: String
    let title: String
    let body: String
}

struct PageEditPage: PageView {
    static let template = "admin_page_edit"
    let url: String
    let versions: [PageVersion]
    let errors: [String]
    let hasErrors: Bool

    init(slug: String, versions: [PageVersion], errors: [String]) {
        url = SiteURL.adminPage(slug).path
        self.versions = versions
        self.errors = errors
        self.hasErrors = !errors.isEmpty
    }
}
