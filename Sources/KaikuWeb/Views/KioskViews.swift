import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct KioskPage: PageView {
    static let template = "kiosk"
    let unit: String
    let submission: String
    let language: String
    let scale: QuestionView
    let followUp: QuestionView?
    let answersURL: String
    let languages: [LanguageLink]
}

struct KioskThanks: PageView {
    static let template = "kiosk_thanks"
    let again: String
}

struct KioskRow {
    let id: String
    let name: String
    let unit: String
    let survey: String
    let isRevoked: Bool
}

struct KioskAdminPage: PageView {
    static let template = "admin_kiosks"
    let devices: [KioskRow]
    let surveys: [KindOption]
    let created: String?
    let error: String?
}
