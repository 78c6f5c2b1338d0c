import Foundation

/// The designer's edits to a survey's questions, as plain operations on a definition. Storage
/// decides whether the result replaces the working version or, once that has answers, becomes a
/// new version.
public enum SurveyDesign {
    /// A key for a new question: never one used before in this definition, so reports that join
    /// versions by key never mix two different questions.
    public static func newKey(in definition: SurveyDefinition) -> String {
        let used = definition.questions.compactMap { q -> Int? in
            q.key.hasPrefix("q") ? Int(q.key.dropFirst()) : nil
        }
        return "q\((used.max() ?? 0) + 1)"
    }

    /// Appends an empty question of the type; its texts are filled in next.
    public static func adding(_ type: QuestionType, to definition: SurveyDefinition) -> (SurveyDefinition, String) {
        var result = definition
        let key = newKey(in: definition)
        var options: [QuestionOption] = []
        if type == .singleChoice || type == .multipleChoice {
            options = [QuestionOption(key: "a", text: LocalizedText(fi: "")), QuestionOption(key: "b", text: LocalizedText(fi: ""))]
        }
        result.questions.append(Question(key: key, type: type, text: LocalizedText(fi: ""), options: options))
        return (result, key)
    }

    /// Moves a question up (-1) or down (+1). A move that would put a follow-up before the
    /// question it depends on is refused.
    public static func moving(_ key: String, by offset: Int, in definition: SurveyDefinition) -> SurveyDefinition? {
        guard let index = definition.questions.firstIndex(where: { $0.key == key }) else { return nil }
        let target = index + offset
        guard definition.questions.indices.contains(target) else { return definition }
        var result = definition
        result.questions.swapAt(index, target)
        let followUpsStayAfter = result.questions.enumerated().allSatisfy { index, q in
            q.condition.map { c in result.questions[..<index].contains { $0.key == c.questionKey } } ?? true
        }
        return followUpsStayAfter ? result : nil
    }

    /// Removes a question; refused (nil) while another question's condition depends on it.
    public static func removing(_ key: String, from definition: SurveyDefinition) -> SurveyDefinition? {
        guard definition.question(key) != nil, !definition.questions.contains(where: { $0.condition?.questionKey == key }) else { return nil }
        var result = definition
        result.questions.removeAll { $0.key == key }
        return result
    }

    public static func replacing(_ question: Question, in definition: SurveyDefinition) -> SurveyDefinition {
        var result = definition
        if let index = result.questions.firstIndex(where: { $0.key == question.key }) { result.questions[index] = question }
        return result
    }

    /// National questions that an edit would change or remove. Editing one loses national
    /// comparability, so the designer asks for confirmation and the edited question stops being
    /// marked national.
    public static func nationalChanges(from old: SurveyDefinition, to new: SurveyDefinition) -> [String] {
        old.questions.filter(\.isNational).compactMap { original in
            guard let edited = new.question(original.key) else { return original.key }
            return edited.type == original.type && edited.text == original.text && edited.options == original.options
                && edited.condition == original.condition ? nil : original.key
        }
    }

    /// Choice options as the designer shows them, one per line: `key | suomeksi | på svenska | in English`.
    public static func formatOptions(_ options: [QuestionOption]) -> String {
        options.map { "\($0.key) | \($0.text.fi) | \($0.text.sv) | \($0.text.en)" }.joined(separator: "\n")
    }

    /// Reads options written one per line; nil when a line does not have four parts, a key
    /// repeats or is not a short code, a text is too long, or there are too many.
    public static func parseOptions(_ text: String) -> [QuestionOption]? {
        var options: [QuestionOption] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard options.count < maxOptions, parts.count == 4, isValidKey(parts[0]), !options.contains(where: { $0.key == parts[0] }),
                  parts.allSatisfy({ $0.count <= maxTextLength }) else { return nil }
            options.append(QuestionOption(key: parts[0], text: LocalizedText(fi: parts[1], sv: parts[2], en: parts[3])))
        }
        return options
    }

    /// A survey code made from a title (an accepted request's): lowercase ASCII words joined by
    /// hyphens, starting with a letter, and a random suffix so two requests never collide.
    public static func code(fromTitle title: String, suffix: String) -> String {
        let slug = String(title.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.prefix(24))
            .split(separator: "-").joined(separator: "-")
        return String((slug.first?.isLetter == true ? slug : "kysely-" + slug).prefix(30)) + "-" + suffix
    }

    /// Option keys travel in exports and the API: short lowercase codes.
    public static func isValidKey(_ key: String) -> Bool {
        (1...40).contains(key.count) && key.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" || $0 == "-" }
    }

    /// Survey codes appear in open links and QR codes (`/k/{unit}/{survey}`).
    public static func isValidSurveyCode(_ code: String) -> Bool {
        (2...40).contains(code.count) && code.first?.isLetter == true && isValidKey(code)
    }

    public static let maxTextLength = 1000
    /// Bounds on what one survey holds, so a form cannot grow a definition without end.
    public static let maxOptions = 50
    public static let maxQuestions = 100

    /// A survey's name is shown to respondents in each language.
    public static func isValidName(_ name: LocalizedText) -> Bool {
        [name.fi, name.sv, name.en].allSatisfy { !$0.isEmpty && $0.count <= 200 }
    }

    /// Why a survey cannot be published yet, besides problems in its questions. The raw value is
    /// the message's catalog key.
    public enum PublishProblem: String, Sendable, Equatable {
        case noTargets = "designer_problem_no_targets"
        case noChannels = "designer_problem_no_channels"
        case noEndDate = "designer_problem_no_end"
        case badDates = "designer_problem_dates"
    }

    /// A short-term survey needs an end date; no survey may end before it starts or in the past.
    public static func publishProblems(isShortTerm: Bool, startsOn: CalendarDay?, endsOn: CalendarDay?, targetCount: Int,
                                       channels: Set<Channel>, today: CalendarDay) -> [PublishProblem] {
        var problems: [PublishProblem] = []
        if targetCount == 0 { problems.append(.noTargets) }
        if channels.isEmpty { problems.append(.noChannels) }
        if isShortTerm && endsOn == nil { problems.append(.noEndDate) }
        if let end = endsOn, end < today || startsOn.map({ end < $0 }) == true { problems.append(.badDates) }
        return problems
    }
}
