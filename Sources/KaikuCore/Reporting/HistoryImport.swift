import Foundation

/// Answers from the previous system, one row per answered question:
/// `response_id,survey_code,submitted_at,service_point_code,channel,language,age_band,contact_type,call_type,question_code,value`.
/// Rows sharing a response_id form one response; a response id already imported is skipped.
public enum HistoryImport {
    public static let header = ["response_id", "survey_code", "submitted_at", "service_point_code", "channel", "language",
                                "age_band", "contact_type", "call_type", "question_code", "value"]

    public struct Response: Sendable, Equatable {
        public let responseID: String
        public let surveyCode: String
        public let day: CalendarDay
        public let nodeCode: String
        public let channel: Channel
        public let language: Language
        public let ageBand: AgeBand?
        public let contactType: ContactType?
        public let callType: CallType?
        public var answers: [String: AnswerValue]
        /// The first line of the response in the file.
        public let line: Int
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Reads the rows against the surveys (by code) and the organisation's node codes. Returns the
    /// responses of the rows that are right and a problem for each row that is not.
    public static func read(_ records: [CSVRecord], surveys: [String: SurveyDefinition], nodeCodes: Set<String>) -> (responses: [Response], problems: [Problem]) {
        guard let head = records.first else { return ([], [Problem(line: 1, message: "the file is empty")]) }
        guard head.fields.map({ $0.trimmed }) == header else {
            return ([], [Problem(line: head.line, message: "the header must be " + header.joined(separator: ","))])
        }
        var responses: [String: Response] = [:]
        var order: [String] = []
        var broken: Set<String> = []
        var problems: [Problem] = []
        for record in records.dropFirst() {
            func fail(_ message: String) { problems.append(Problem(line: record.line, message: message)) }
            let f = record.fields.map { $0.trimmed }
            guard f.count == header.count else { fail("expected \(header.count) fields, found \(f.count)"); continue }
            let id = f[0]
            guard !id.isEmpty, id.count <= 100 else { fail("response_id is missing or longer than 100 characters"); continue }
            guard let definition = surveys[f[1]] else { fail("no survey has the code \(f[1])"); broken.insert(id); continue }
            guard let day = CalendarDay(String(f[2].prefix(10))) else { fail("submitted_at must start with YYYY-MM-DD"); broken.insert(id); continue }
            guard nodeCodes.contains(f[3]) else { fail("no organisation node has the code \(f[3])"); broken.insert(id); continue }
            guard let channel = Channel(rawValue: f[4]) else { fail("unknown channel \(f[4])"); broken.insert(id); continue }
            guard let language = Language(shipped: f[5]) else { fail("language must be fi, sv or en"); broken.insert(id); continue }
            guard f[6].isEmpty || AgeBand(rawValue: f[6]) != nil else { fail("unknown age band \(f[6])"); broken.insert(id); continue }
            guard f[7].isEmpty || ContactType(rawValue: f[7]) != nil else { fail("unknown contact type \(f[7])"); broken.insert(id); continue }
            guard f[8].isEmpty || CallType(rawValue: f[8]) != nil else { fail("unknown call type \(f[8])"); broken.insert(id); continue }
            guard let question = definition.questions.first(where: { $0.key == f[9] }) else {
                fail("the survey \(f[1]) has no question \(f[9])"); broken.insert(id); continue
            }
            guard let value = answer(f[10], to: question) else { fail("\(f[10]) is not an answer to \(question.key) (\(question.type.rawValue))"); broken.insert(id); continue }
            var response = responses[id] ?? Response(
                responseID: id, surveyCode: f[1], day: day, nodeCode: f[3], channel: channel, language: language,
                ageBand: AgeBand(rawValue: f[6]), contactType: ContactType(rawValue: f[7]), callType: CallType(rawValue: f[8]), answers: [:], line: record.line)
            guard response.surveyCode == f[1], response.day == day, response.nodeCode == f[3], response.channel == channel,
                  response.language == language, response.ageBand == AgeBand(rawValue: f[6]) else {
                fail("response \(id) has other survey, date, place or background than on line \(response.line)"); broken.insert(id); continue
            }
            guard response.answers[question.key] == nil else { fail("response \(id) answers \(question.key) twice"); broken.insert(id); continue }
            if responses[id] == nil { order.append(id) }
            response.answers[question.key] = value
            responses[id] = response
        }
        return (order.filter { !broken.contains($0) }.compactMap { responses[$0] }, problems)
    }

    /// A value as the previous system wrote it: a number, yes/no/cant_say, an option's code (several
    /// separated by `|` for a multiple choice), or text.
    static func answer(_ text: String, to question: Question) -> AnswerValue? {
        switch question.type {
        case .nps, .agree5, .smiley3, .smiley5:
            if text == "cant_say" { return question.type.allowsCantSay ? .cantSay : nil }
            guard let n = Int(text), question.type.scale!.contains(n) else { return nil }
            return .number(n)
        case .yesNo:
            switch text {
            case "yes": return .number(1)
            case "no": return .number(0)
            case "cant_say": return .cantSay
            default: return nil
            }
        case .singleChoice:
            return question.options.contains { $0.key == text } ? .choice(text) : nil
        case .multipleChoice:
            let keys = text.split(separator: "|").map { String($0).trimmed }
            let known = Set(question.options.map(\.key))
            return !keys.isEmpty && keys.allSatisfy(known.contains) ? .choices(Array(Set(keys)).sorted()) : nil
        case .freeText:
            return text.count <= SurveyAnswers.maxTextLength ? .text(text) : nil
        }
    }
}
