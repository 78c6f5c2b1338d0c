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

extension DesignerPage {
    /// The designer page: the survey as stored, or with the fields the admin sent back when they were refused.
    init(_ found: SurveyDesigning.Designer, problems: [String], overlaps: [String], errors: [String], settingsFields: [String: [String]]?,
         questionFields: (key: String, fields: [String: [String]])?, services: AppServices, context: AppContext) {
        let (survey, version, targets, readOnly) = (found.survey, found.version, found.targets, found.isReadOnly)
        let language = context.language
        let definition = version.definition
        let questions = definition.questions.enumerated().map { index, q in
            DesignerQuestion(q, url: SiteURL.adminSurveyQuestion(survey.id, key: q.key).path, number: index + 1, count: definition.questions.count,
                             earlier: Array(definition.questions[..<index]), fields: questionFields?.key == q.key ? questionFields?.fields : nil,
                             services: services, language: language)
        }
        let fields = settingsFields
        func field(_ name: String, _ fallback: String) -> String { fields.map { $0[name]?.first ?? "" } ?? fallback }
        let chosenChannels = fields.map { Set(($0["channel"] ?? []).compactMap(Channel.init(rawValue:))) } ?? survey.channels
        let chosenAudience = fields.flatMap { $0["audience"]?.first }.flatMap(Audience.init(rawValue:)) ?? survey.audience
        self.init(
            url: SiteURL.adminSurvey(survey.id).path, questionsURL: SiteURL.adminSurveyQuestions(survey.id).path,
            publishURL: SiteURL.adminSurveyPublish(survey.id).path, closeURL: SiteURL.adminSurveyClose(survey.id).path,
            code: survey.code, name: survey.name[language], status: services.text("survey_status_" + survey.status.rawValue, context),
            isNational: survey.isNational, isPublished: survey.status == .published, kind: services.text("survey_kind_" + survey.kind.rawValue, context),
            version: version.number, versionNote: services.catalog.format(
                found.versionHasAnswers ? "designer_version_answered" : "designer_version_open",
                language, ["n": "\(version.number)"]),
            responses: found.responses,
            nameFi: field("name_fi", survey.name.fi), nameSv: field("name_sv", survey.name.sv), nameEn: field("name_en", survey.name.en),
            audiences: Audience.allCases.map { KindOption(value: $0.rawValue, label: services.text("audience_" + $0.rawValue, context), selected: $0 == chosenAudience) },
            channels: Channel.allCases.map { KindOption(value: $0.rawValue, label: services.text("channel_" + $0.rawValue, context), selected: chosenChannels.contains($0)) },
            smsContactTypes: ContactType.allCases.map {
                KindOption(value: $0.rawValue, label: services.text("contact_type_" + $0.rawValue, context),
                           selected: (fields.map { Set(($0["sms_contact_type"] ?? []).compactMap(ContactType.init(rawValue:))) } ?? survey.smsContactTypes).contains($0))
            },
            startsOn: field("starts_on", survey.startsOn?.description ?? ""), endsOn: field("ends_on", survey.endsOn?.description ?? ""),
            targets: field("targets", targets.map(\.code).joined(separator: " ")),
            targetNames: found.shownTargets.map { "\($0.code) \($0.name[language])" }.joined(separator: ", "), readOnly: readOnly,
            onePerPage: fields.map { $0["one_per_page"] != nil } ?? survey.onePerPage,
            questions: questions,
            types: QuestionType.allCases.map { KindOption(value: $0.rawValue, label: services.text("question_type_" + $0.rawValue, context), selected: false) },
            errors: errors, hasErrors: !errors.isEmpty,
            problems: problems, hasProblems: !problems.isEmpty,
            overlaps: overlaps, hasOverlaps: !overlaps.isEmpty,
            request: found.origin.map { RequestSummary($0, services: services, context: context) },
            previews: services.catalog.publicLanguages.map { LanguageLink(code: $0.rawValue, label: services.catalog.languageName($0),
                                                           href: SiteURL.adminSurveyPreview(survey.id).path + "?lang=\($0.rawValue)", current: false) })
    }
}
