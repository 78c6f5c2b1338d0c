import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The "send me this every month" form under a report, with the view's node and survey.
struct SubscribeForm {
    let node: String
    let survey: String
    let frequency: String

    init(_ query: ReportQuery, frequency: SubscriptionRepository.Frequency) {
        node = query.node
        survey = query.survey
        self.frequency = frequency.rawValue
    }
}

struct ReportPrintPage: PageView {
    static let template = "report_print"
    let content: String
    let back: String
    let subscribe: SubscribeForm
}

struct SubscriptionRow {
    let email: String
    let node: String
    let survey: String
    let frequency: String
    let language: String
    let deleteHref: String
}

struct ReportSubscriptionsPage: PageView {
    static let template = "report_subscriptions"
    let rows: [SubscriptionRow]
    let hasRows: Bool
    let isAdmin: Bool
    let errors: [String]
    let hasErrors: Bool
    let form: ReportFormView
    let frequencies: [LevelOption]
    let languages: [LevelOption]
}
