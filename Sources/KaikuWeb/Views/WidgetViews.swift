import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct WidgetPage: PageView {
    static let template = "widget"
    let page: String
    let unit: String
    let area: String
    let done: Bool
    let backLink: String?
}
