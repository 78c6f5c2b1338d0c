import Foundation

/// One answer as stored: a number for scales, a key or keys for choices, text for open questions.
public enum AnswerValue: Sendable, Equatable {
    case number(Int)
    case cantSay
    case choice(String)
    case choices([String])
    case text(String)
}

public enum SurveyAnswers {
    public static let maxTextLength = 2000

    public struct Problem: Sendable, Equatable {
        public enum Kind: String, Sendable { case required = "survey_error_required", invalid = "survey_error_invalid", tooLong = "survey_error_too_long" }
        public let questionKey: String
        public let kind: Kind
    }

    /// Which questions are shown, given the answers so far: conditional follow-ups appear only
    /// when their condition holds.
    public static func isShown(_ question: Question, answers: [String: AnswerValue]) -> Bool {
        guard let condition = question.condition else { return true }
        guard case .number(let n)? = answers[condition.questionKey] else { return false }
        return (condition.minimum...condition.maximum).contains(n)
    }

    /// Reads form fields (`q.<key>` → values) into answers, checking each against its question.
    /// Answers to questions that are not shown are dropped, so a respondent who changed their
    /// NPS answer leaves no stray follow-up.
    public static func read(_ definition: SurveyDefinition, fields: [String: [String]]) -> (answers: [String: AnswerValue], problems: [Problem]) {
        var answers: [String: AnswerValue] = [:]
        var problems: [Problem] = []
        for question in definition.questions {
            let raw = (fields["q.\(question.key)"] ?? []).map { $0.trimmed }.filter { !$0.isEmpty }
            guard isShown(question, answers: answers) else { continue }
            guard let first = raw.first else {
                if question.isRequired { problems.append(Problem(questionKey: question.key, kind: .required)) }
                continue
            }
            switch question.type {
            case .nps, .agree5, .smiley3, .smiley5:
                if question.type.allowsCantSay && first == "cant_say" {
                    answers[question.key] = .cantSay
                } else if let n = Int(first), question.type.scale!.contains(n) {
                    answers[question.key] = .number(n)
                } else {
                    problems.append(Problem(questionKey: question.key, kind: .invalid))
                }
            case .yesNo:
                switch first {
                case "yes": answers[question.key] = .number(1)
                case "no": answers[question.key] = .number(0)
                case "cant_say": answers[question.key] = .cantSay
                default: problems.append(Problem(questionKey: question.key, kind: .invalid))
                }
            case .singleChoice:
                if question.options.contains(where: { $0.key == first }) { answers[question.key] = .choice(first) }
                else { problems.append(Problem(questionKey: question.key, kind: .invalid)) }
            case .multipleChoice:
                let keys = Set(question.options.map(\.key))
                if raw.allSatisfy(keys.contains) { answers[question.key] = .choices(Array(Set(raw)).sorted()) }
                else { problems.append(Problem(questionKey: question.key, kind: .invalid)) }
            case .freeText:
                let text = (fields["q.\(question.key)"] ?? []).first ?? ""
                if text.hasControlCharacters { problems.append(Problem(questionKey: question.key, kind: .invalid)) }
                else if text.count > maxTextLength { problems.append(Problem(questionKey: question.key, kind: .tooLong)) }
                else { answers[question.key] = .text(text.trimmed) }
            }
        }
        return (answers, problems)
    }
}

/// Personal survey links (`/s/{token}`): 256 random bits, stored only as a SHA-256 hash.
public enum SurveyToken {
    public static func make() -> String { Identifier.makeSecret() }

    /// The length of a text message's token: 80 random bits (`OptOutCode`'s alphabet), where every
    /// character is paid for; the link expires in days and its hash is all that is stored.
    public static let shortLength = 16

    public static func makeShort() -> String { OptOutCode.random(length: shortLength) }

    public static func isWellFormed(_ token: String) -> Bool {
        if token.count == shortLength { return token.allSatisfy(OptOutCode.alphabet.contains) }
        return token.count >= 43 && token.count <= 64 && token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }
}
