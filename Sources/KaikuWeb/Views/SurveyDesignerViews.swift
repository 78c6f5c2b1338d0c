import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct NewSurveyForm: PageView {
    static let template = "admin_survey_new"
    var code: String
    var nameFi: String
    var nameSv: String
    var nameEn: String
    var kinds: [KindOption]
    var audiences: [KindOption]
    var errors: [String] = []
    var hasErrors = false

    init(_ services: AppServices, _ context: AppContext, fields: [String: [String]]) {
        func value(_ name: String) -> String { fields[name]?.first ?? "" }
        code = value("code")
        nameFi = value("name_fi")
        nameSv = value("name_sv")
        nameEn = value("name_en")
        let kind = SurveyKind(rawValue: value("kind")) ?? .shortTerm
        kinds = [SurveyKind.shortTerm, .regular].map {
            KindOption(value: $0.rawValue, label: services.text("survey_kind_" + $0.rawValue, context), selected: $0 == kind)
        }
        audiences = Audience.allCases.map {
            KindOption(value: $0.rawValue, label: services.text("audience_" + $0.rawValue, context), selected: $0.rawValue == value("audience"))
        }
    }
}

struct DesignerPage: PageView {
    static let template = "admin_survey"
    let url: String
    let questionsURL: String
    let publishURL: String
    let closeURL: String
    let code: String
    let name: String
    let status: String
    let isNational: Bool
    let isPublished: Bool
    let kind: String
    let version: Int
    let versionNote: String
    let responses: Int
    let nameFi: String
    let nameSv: String
    let nameEn: String
    let audiences: [KindOption]
    let channels: [KindOption]
    let smsContactTypes: [KindOption]
    let startsOn: String
    let endsOn: String
    let targets: String
    let targetNames: String
    let readOnly: Bool
    let onePerPage: Bool
    let questions: [DesignerQuestion]
    let types: [KindOption]
    let errors: [String]
    let hasErrors: Bool
    let problems: [String]
    let hasProblems: Bool
    let overlaps: [String]
    let hasOverlaps: Bool
    let request: RequestSummary?
    let previews: [LanguageLink]
}

/// One question in the designer, with its edit form (refilled from a refused post).
struct DesignerQuestion {
    let url: String
    let key: String
    let anchor: String
    let number: Int
    let type: String
    let textFi: String
    let textSv: String
    let textEn: String
    let hasOptions: Bool
    let options: String
    let isRequired: Bool
    let isNational: Bool
    let conditionChoices: [KindOption]
    let hasConditionChoices: Bool
    let conditionMin: String
    let conditionMax: String
    let canMoveUp: Bool
    let canMoveDown: Bool

    init(_ q: Question, url: String, number: Int, count: Int, earlier: [Question], fields: [String: [String]]?, services: AppServices, language: Language) {
        func value(_ name: String, _ fallback: String) -> String { fields.map { $0[name]?.first ?? "" } ?? fallback }
        self.url = url
        key = q.key
        anchor = "q-" + q.key.replacingOccurrences(of: ".", with: "-")
        self.number = number
        type = services.catalog.text("question_type_" + q.type.rawValue, language)
        textFi = value("text_fi", q.text.fi)
        textSv = value("text_sv", q.text.sv)
        textEn = value("text_en", q.text.en)
        hasOptions = q.type == .singleChoice || q.type == .multipleChoice
        options = value("options", SurveyDesign.formatOptions(q.options))
        isRequired = fields.map { $0["required"] != nil } ?? q.isRequired
        isNational = q.isNational
        let on = value("condition_on", q.condition?.questionKey ?? "")
        let sources = earlier.filter { $0.type.scale != nil || $0.type == .yesNo }
        conditionChoices = [KindOption(value: "", label: services.catalog.text("designer_condition_none", language), selected: on.isEmpty)]
            + sources.map { KindOption(value: $0.key, label: "\($0.key): \($0.text[language])", selected: $0.key == on) }
        hasConditionChoices = !sources.isEmpty
        conditionMin = value("condition_min", q.condition.map { String($0.minimum) } ?? "")
        conditionMax = value("condition_max", q.condition.map { String($0.maximum) } ?? "")
        canMoveUp = number > 1
        canMoveDown = number < count
    }
}
