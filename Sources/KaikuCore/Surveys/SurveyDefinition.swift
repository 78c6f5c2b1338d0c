import Foundation

/// The kinds of question a survey can ask.
public enum QuestionType: String, Codable, Sendable, CaseIterable {
    /// 0–10, "how likely would you recommend".
    case nps
    /// 1–5 from "täysin samaa mieltä" to "täysin eri mieltä", with "en osaa sanoa".
    case agree5
    /// yes / no / can't say.
    case yesNo = "yes_no"
    case singleChoice = "single_choice"
    case multipleChoice = "multiple_choice"
    /// Faces for children and people with cognitive impairments: 1 (sad) … 3 or 5 (happy).
    case smiley3
    case smiley5
    case freeText = "free_text"

    /// The numeric answers a scale accepts.
    public var scale: ClosedRange<Int>? {
        switch self {
        case .nps: 0...10
        case .agree5, .smiley5: 1...5
        case .smiley3: 1...3
        default: nil
        }
    }

    /// Scales with an explicit "can't say" answer, kept apart from the numbers.
    public var allowsCantSay: Bool { self == .agree5 || self == .yesNo }
}

public struct QuestionOption: Codable, Sendable, Equatable {
    public let key: String
    public var text: LocalizedText
    public init(key: String, text: LocalizedText) {
        self.key = key
        self.text = text
    }
}

/// Show a question only when an earlier numeric answer falls in a range (e.g. a different open
/// question for NPS detractors 0–6 and promoters 9–10).
public struct QuestionCondition: Codable, Sendable, Equatable {
    public let questionKey: String
    public let minimum: Int
    public let maximum: Int
    public init(questionKey: String, minimum: Int, maximum: Int) {
        self.questionKey = questionKey
        self.minimum = minimum
        self.maximum = maximum
    }
}

public struct Question: Codable, Sendable, Equatable {
    /// Stable identity across versions and counties; reports join versions by it.
    public let key: String
    public let type: QuestionType
    public var text: LocalizedText
    public var options: [QuestionOption]
    public var isRequired: Bool
    public var condition: QuestionCondition?
    /// Part of the THL national structure: editing it loses comparability.
    public var isNational: Bool

    public init(key: String, type: QuestionType, text: LocalizedText, options: [QuestionOption] = [], isRequired: Bool = false,
                condition: QuestionCondition? = nil, isNational: Bool = false) {
        self.key = key
        self.type = type
        self.text = text
        self.options = options
        self.isRequired = isRequired
        self.condition = condition
        self.isNational = isNational
    }
}

/// One version of a survey's questions. Once a version has answers it is never changed: edits
/// make a new version.
public struct SurveyDefinition: Codable, Sendable, Equatable {
    public var questions: [Question]
    /// Where the wording comes from, e.g. THL's national customer-feedback structure.
    public var source: String

    public init(questions: [Question], source: String = "") {
        self.questions = questions
        self.source = source
    }

    public func question(_ key: String) -> Question? { questions.first { $0.key == key } }

    public static func decode(_ json: String) throws -> SurveyDefinition {
        try JSONDecoder().decode(SurveyDefinition.self, from: Data(json.utf8))
    }

    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Problems of a definition an admin built: duplicate keys, texts missing in a language,
    /// choices without options, conditions on unknown or later questions.
    public func problems() -> [DefinitionProblem] {
        var problems: [DefinitionProblem] = []
        var seen: [String: Int] = [:]
        if questions.isEmpty { problems.append(DefinitionProblem(.noQuestions, "")) }
        for (index, q) in questions.enumerated() {
            if seen[q.key] != nil { problems.append(DefinitionProblem(.duplicateKey, q.key)) }
            seen[q.key] = index
            if q.text.fi.isEmpty || q.text.sv.isEmpty || q.text.en.isEmpty { problems.append(DefinitionProblem(.textMissing, q.key)) }
            if [.singleChoice, .multipleChoice].contains(q.type) {
                if q.options.count < 2 { problems.append(DefinitionProblem(.tooFewOptions, q.key)) }
                if q.options.contains(where: { $0.text.fi.isEmpty || $0.text.sv.isEmpty || $0.text.en.isEmpty }) {
                    problems.append(DefinitionProblem(.optionTextMissing, q.key))
                }
            }
            if let condition = q.condition {
                guard let earlier = seen[condition.questionKey], earlier < index,
                      let scale = questions[earlier].type == .yesNo ? 0...1 : questions[earlier].type.scale,
                      condition.minimum <= condition.maximum, scale.contains(condition.minimum), scale.contains(condition.maximum) else {
                    problems.append(DefinitionProblem(.badCondition, q.key))
                    continue
                }
            }
        }
        return problems
    }
}

/// Why a survey definition cannot be published; the raw value is the message's catalog key.
public struct DefinitionProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case noQuestions = "designer_problem_no_questions"
        case duplicateKey = "designer_problem_duplicate_key"
        case textMissing = "designer_problem_text_missing"
        case tooFewOptions = "designer_problem_options"
        case optionTextMissing = "designer_problem_option_text"
        case badCondition = "designer_problem_condition"
    }
    public let kind: Kind
    public let questionKey: String
    public init(_ kind: Kind, _ questionKey: String) {
        self.kind = kind
        self.questionKey = questionKey
    }
}
