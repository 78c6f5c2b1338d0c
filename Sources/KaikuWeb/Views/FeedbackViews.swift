import Crypto
import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct AreaView {
    let href: String
    let name: String
    let help: String

    init(_ area: ServiceArea, href: String, _ language: Language) {
        self.href = href
        name = area.name[language]
        help = area.help[language]
    }
}

struct AreaListPage: PageView {
    static let template = "feedback_areas"
    let areas: [AreaView]
}

/// The extra fields of a form staff fill in on a customer's behalf.
struct RecordingForm {
    let sources: [KindOption]
    let channels: [KindOption]
    let languages: [KindOption]

    init(services: AppServices, context: AppContext, form: FormData = FormData()) {
        let t = { (key: String) in services.text(key, context) }
        sources = [FeedbackSource.oral, .written].map {
            KindOption(value: $0.rawValue, label: t("record_source_" + $0.rawValue), selected: form.text("source") == $0.rawValue)
        }
        channels = RecordingChannel.allCases.map {
            KindOption(value: $0.rawValue, label: t("record_channel_" + $0.rawValue), selected: form.text("channel") == $0.rawValue)
        }
        languages = Language.shipped.map {
            KindOption(value: $0.rawValue, label: services.catalog.text("language_name_" + $0.rawValue, context.language),
                       selected: form.text("customer_language") == $0.rawValue)
        }
    }
}

struct UnitOption {
    let id: String
    let name: String
    let selected: Bool
}

struct KindOption {
    let value: String
    let label: String
    let selected: Bool
}

/// The form as typed, so a refused form comes back as the customer left it.
struct FeedbackFormModel: PageView {
    static let template = "feedback_form"
    var areaID = ""
    var formAction = ""
    var recording: RecordingForm?
    var areaName = ""
    var areaHelp = ""
    var query = ""
    var unitID = ""
    var unknownSelected = false
    var units: [UnitOption] = []
    var kind = ""
    var kinds: [KindOption] = []
    var text = ""
    var wantsReply = false
    var forbidsPublication = false
    var email = ""
    var phone = ""
    var started = ""
    var submission = ""
    var errors: [String] = []
    var hasErrors = false
    var maxLength = 0
    /// "easy" for the easy-to-read form, and the way to the other one.
    var variant = SurveyVariant.standard.rawValue
    var variantHref = ""
    var variantLabel = ""

    /// The form's version from the address or the form: easy-to-read, or else the standard one.
    static func variant(_ code: String?) -> String {
        (code.flatMap(SurveyVariant.init) == .easy ? SurveyVariant.easy : .standard).rawValue
    }
}

struct ThanksPage: PageView {
    static let template = "feedback_thanks"
    let reference: String
    let wantsReply: Bool
    let promise: String
}
