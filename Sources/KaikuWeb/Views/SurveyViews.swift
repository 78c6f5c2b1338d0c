import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct SurveyThanksPage: PageView {
    static let template = "survey_thanks"
    /// Free-form feedback about the same unit, chosen in the form; else the form's first page.
    let feedbackHref: String
}

struct SurveyRefusedPage: PageView {
    static let template = "survey_refused"
    let message: String
    /// A text message's refusal, when the link was one.
    let optOutHref: String?
}

struct LanguageButton {
    let code: String
    let label: String
}

struct ChoiceView {
    let id: String
    let value: String
    let label: String
    let face: String
    /// A picture scale's picture (easy-to-read and children's versions) and what it shows.
    let picture: String?
    let pictureAlt: String
    let checked: Bool
    /// "Can't say" stands apart from the scale it is not part of (stored: Mustache reads no computed properties).
    let isCantSay: Bool
}

struct QuestionView {
    let key: String
    /// The key made safe for HTML ids and CSS selectors.
    let anchor: String
    let name: String
    let number: Int
    let text: String
    let isRequired: Bool
    let isText: Bool
    let isMultiple: Bool
    let isScale: Bool
    let isNPS: Bool
    /// Faces stay side by side; worded scales are a list on a phone.
    let isFaces: Bool
    let choices: [ChoiceView]
    let textValue: String
    let scaleHint: String?
    let conditionHint: String?
    let error: String?
    let hasError: Bool

    /// Pictures, large and side by side, instead of numbers or words alone.
    let hasPictures: Bool

    init(_ q: Question, number: Int, language: Language, catalog: Catalog, chosen: [String], error: String?, conditionHint: String?,
         variant: SurveyVariant = .standard, pictures: PictureStyle = .smiley) {
        key = q.key
        anchor = q.key.replacingOccurrences(of: ".", with: "-")
        name = "q.\(q.key)"
        self.number = number
        text = q.text[language]
        isRequired = q.isRequired
        isText = q.type == .freeText
        isMultiple = q.type == .multipleChoice
        isNPS = q.type == .nps
        isScale = !isText && !isMultiple
        hasPictures = variant.showsPictures && [.nps, .agree5, .smiley3, .smiley5].contains(q.type)
        isFaces = q.type == .smiley3 || q.type == .smiley5 || hasPictures
        textValue = isText ? (chosen.first ?? "") : ""
        self.error = error
        hasError = error != nil
        self.conditionHint = conditionHint
        let id = q.key.replacingOccurrences(of: ".", with: "-")
        let hasPictures = hasPictures
        func choice(_ value: String, _ label: String, face: String = "") -> ChoiceView {
            // Pictures from 1 (worst) to 5 (best): a scale's value, or the 0–10 answer in five steps.
            let level: Int? = switch q.type {
            case .nps: Int(value).map { [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5][$0] }
            case .smiley3: Int(value).map { [1, 3, 5][$0 - 1] }
            case .agree5, .smiley5: Int(value)
            default: nil
            }
            let picture = hasPictures ? level.map { "\(SiteURL.staticFiles)/pictures/\(pictures.rawValue)-\($0).svg" } : nil
            return ChoiceView(id: "\(id)-\(value)", value: value, label: label, face: picture == nil ? face : "", picture: picture,
                              pictureAlt: level.map { catalog.text("picture_\(pictures.rawValue)_\($0)", language) } ?? "",
                              checked: chosen.contains(value), isCantSay: value == "cant_say")
        }
        var choices: [ChoiceView] = []
        var hint: String?
        switch q.type {
        case .nps:
            choices = (0...10).map { choice(String($0), String($0)) }
            hint = catalog.text("survey_nps_hint", language, variant: variant)
        case .agree5:
            choices = (1...5).reversed().map { choice(String($0), catalog.text("survey_agree_\($0)", language, variant: variant)) }
                + [choice("cant_say", catalog.text("survey_cant_say", language, variant: variant))]
        case .yesNo:
            choices = [choice("yes", catalog.text("yes", language)), choice("no", catalog.text("no", language)),
                       choice("cant_say", catalog.text("survey_cant_say", language))]
        case .smiley3:
            choices = [(1, "☹"), (2, "😐"), (3, "🙂")].map { choice(String($0.0), catalog.text("survey_smiley3_\($0.0)", language), face: $0.1) }
        case .smiley5:
            choices = [(1, "😠"), (2, "☹"), (3, "😐"), (4, "🙂"), (5, "😀")].map {
                choice(String($0.0), catalog.text("survey_smiley5_\($0.0)", language), face: $0.1)
            }
        case .singleChoice, .multipleChoice:
            choices = q.options.map { choice($0.key, $0.text[language]) }
        case .freeText:
            break
        }
        self.choices = choices
        scaleHint = hint
    }
}

struct SurveyPage: PageView {
    static let template = "survey"
    let name: String
    let unit: String
    let questions: [QuestionView]
    let language: String
    let submission: String
    let hasErrors: Bool
    let errorCount: Int
    let entry: EntryFields?
    let paging: Paging?
    let isSinglePage: Bool
    let formAction: String
    /// Refusing survey text messages: by the invitation's code when the link was a message's.
    let optOutHref: String
    let preview: PreviewNotice?
    let languages: [LanguageButton]
    /// The version shown (`bg.variant`), the pictures' style, and the other versions to switch to.
    let variant: String
    let pictures: String
    let variants: [LanguageButton]
    /// A staff member's device (staff entry, signed in): "someone helped the customer answer".
    let offersAssisted: Bool
    let assistedChecked: Bool
}

struct PreviewNotice {
    let designer: String
}

struct TestAnswerRow {
    let question: String
    let answer: String
}

struct SurveyTestResultPage: PageView {
    static let template = "survey_test_result"
    let answers: [TestAnswerRow]
    let designer: String
    let again: String
}

struct HiddenField {
    let name: String
    let value: String
}

/// Where a respondent is in a survey shown one question per screen.
struct Paging {
    let step: Int
    let count: Int
    let isFirst: Bool
    let isLast: Bool
    let progress: String
    let hidden: [HiddenField]
}

/// Which unit, survey and channel (paper or interview) staff are entering answers for.
struct EntryFields {
    let unit: String
    let survey: String
    let channel: String
}

struct SurveyEntryStartPage: PageView {
    static let template = "survey_entry_start"
    let surveys: [KindOption]
    let channels: [KindOption]
}
