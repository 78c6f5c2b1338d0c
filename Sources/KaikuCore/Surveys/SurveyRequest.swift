/// A member of staff asks for a short-term survey (the seeds' "yhteydenottolomake"): what it is
/// for, whom it asks, when and through which channels, draft questions, and how the results will
/// be used. An admin accepts it (a draft survey is created) or returns it with a note.
public struct SurveyRequestDraft: Sendable, Equatable {
    public var title: String
    public var unitCode: String
    public var purpose: String
    public var goal: String
    public var audience: Audience?
    public var channels: Set<Channel>
    public var startsOn: CalendarDay?
    public var endsOn: CalendarDay?
    public var draftQuestions: String
    public var resultsUse: String

    public init(title: String = "", unitCode: String = "", purpose: String = "", goal: String = "", audience: Audience? = nil,
                channels: Set<Channel> = [], startsOn: CalendarDay? = nil, endsOn: CalendarDay? = nil, draftQuestions: String = "",
                resultsUse: String = "") {
        self.title = title
        self.unitCode = unitCode
        self.purpose = purpose
        self.goal = goal
        self.audience = audience
        self.channels = channels
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.draftQuestions = draftQuestions
        self.resultsUse = resultsUse
    }

    /// The raw value is the message's catalog key.
    public enum Problem: String, Sendable, Equatable, CaseIterable {
        case title = "request_problem_title"
        case unit = "request_problem_unit"
        case purpose = "request_problem_purpose"
        case goal = "request_problem_goal"
        case audience = "request_problem_audience"
        case channels = "request_problem_channels"
        case schedule = "request_problem_schedule"
        case questions = "request_problem_questions"
        case resultsUse = "request_problem_results_use"
        case tooLong = "request_problem_too_long"
    }

    public static let maxTextLength = 4000
    /// A short-term survey is short: longer collection belongs in the regular surveys.
    public static let maxDays = 366

    public func problems(today: CalendarDay) -> [Problem] {
        var problems: [Problem] = []
        if title.isEmpty || title.count > 200 { problems.append(.title) }
        if unitCode.isEmpty { problems.append(.unit) }
        if purpose.isEmpty { problems.append(.purpose) }
        if goal.isEmpty { problems.append(.goal) }
        if audience == nil { problems.append(.audience) }
        if channels.isEmpty { problems.append(.channels) }
        if let start = startsOn, let end = endsOn, today <= start, start <= end, end <= start.adding(days: Self.maxDays) {} else {
            problems.append(.schedule)
        }
        if draftQuestions.isEmpty { problems.append(.questions) }
        if resultsUse.isEmpty { problems.append(.resultsUse) }
        if [purpose, goal, draftQuestions, resultsUse].contains(where: { $0.count > Self.maxTextLength }) { problems.append(.tooLong) }
        return problems
    }
}

public enum SurveyRequestStatus: String, Sendable, CaseIterable {
    case submitted, accepted, returned
}
