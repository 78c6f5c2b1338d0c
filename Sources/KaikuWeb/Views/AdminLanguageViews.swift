struct AddedLanguageRow {
    let code: String
    let name: String
    let reviewedBy: String
    let importedAt: String
    let href: String
}

struct AdminLanguagesPage: PageView {
    static let template = "admin_languages"
    let languages: [AddedLanguageRow]
    let hasLanguages: Bool
    let errors: [String]
    let hasErrors: Bool
    let notice: String?
    let outdated: [String]
}
