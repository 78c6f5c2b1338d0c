import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct SurveyRow {
    let href: String
    let code: String
    let name: String
    let kind: String
    let status: String
    let isNational: Bool
    let period: String
    let responses: Int
    let bursts: String?
}

struct SurveyListPage: PageView {
    static let template = "admin_surveys"
    let surveys: [SurveyRow]
    let waitingRequests: String?
    /// The addresses of printed material and open links, as a pattern to fill in.
    let printPattern = SiteURL.print(unit: "UNIT", survey: "CODE").path
    let openLinkPattern = SiteURL.openSurvey(unit: "UNIT", survey: "CODE").path + "?c=qr"
}
