import Foundation

/// The value codes rollups count answers under.
public enum RollupValue {
    public static let cantSay = "cant_say"
    public static let text = "text"
    /// Counted once per respondent of a multiple-choice question, beside one count per option.
    public static let respondents = "*"

    /// The codes one answer is counted under: a number, "cant_say", each chosen option, or "text"
    /// for an open answer (the words stay in the response; only that one was written is counted).
    public static func codes(_ value: AnswerValue) -> [String] {
        switch value {
        case .number(let n): [String(n)]
        case .cantSay: [cantSay]
        case .choice(let key): [key]
        case .choices(let keys): keys + [respondents]
        case .text(let t): t.isEmpty ? [] : [text]
        }
    }
}

/// A background variable reports break figures down by.
public enum ReportDimension: String, CaseIterable, Sendable, Codable {
    case ageBand = "age_band"
    case language
    case channel
    case contactType = "contact_type"
    case callType = "call_type"
}

/// What is known of one response for reporting: where, when, how, and the background buckets.
/// A bucket is "" when the variable is unknown, so every dimension partitions all responses.
public struct ResponseFacts: Sendable, Equatable {
    public let surveyID: String
    /// "/rootID/…/id/": the response counts for the node it was given at and every ancestor.
    public let nodePath: String
    public let day: CalendarDay
    public let buckets: [ReportDimension: String]

    public init(surveyID: String, nodePath: String, day: CalendarDay, channel: Channel, language: Language,
                ageBand: AgeBand?, contactType: ContactType?, callType: CallType?) {
        self.surveyID = surveyID
        self.nodePath = nodePath
        self.day = day
        buckets = [.ageBand: ageBand?.rawValue ?? "", .language: language.rawValue, .channel: channel.rawValue,
                   .contactType: contactType?.rawValue ?? "", .callType: callType?.rawValue ?? ""]
    }
}

/// Reports read counts kept as answers arrive, never the raw answers: per day for every node on
/// the response's path (totals), and per month for every node and background bucket (breakdowns).
/// A county's year is then a few thousand rows however many answers it holds (docs/DECISIONS.md).
public enum Rollups {
    /// The pseudo-question counting responses, for response rates and group sizes.
    public static let responsesKey = "*"

    public struct DayKey: Sendable, Hashable, Comparable {
        public let surveyID: String
        public let nodeID: String
        public let day: String
        public let questionKey: String
        public let value: String

        public init(surveyID: String, nodeID: String, day: String, questionKey: String, value: String) {
            self.surveyID = surveyID
            self.nodeID = nodeID
            self.day = day
            self.questionKey = questionKey
            self.value = value
        }

        public static func < (a: DayKey, b: DayKey) -> Bool {
            (a.surveyID, a.nodeID, a.day, a.questionKey, a.value) < (b.surveyID, b.nodeID, b.day, b.questionKey, b.value)
        }
    }

    public struct MonthKey: Sendable, Hashable, Comparable {
        public let surveyID: String
        public let nodeID: String
        /// "YYYY-MM"
        public let month: String
        public let dimension: ReportDimension
        public let bucket: String
        public let questionKey: String
        public let value: String

        public init(surveyID: String, nodeID: String, month: String, dimension: ReportDimension, bucket: String, questionKey: String, value: String) {
            self.surveyID = surveyID
            self.nodeID = nodeID
            self.month = month
            self.dimension = dimension
            self.bucket = bucket
            self.questionKey = questionKey
            self.value = value
        }

        public static func < (a: MonthKey, b: MonthKey) -> Bool {
            let (x, y) = ((a.surveyID, a.nodeID, a.month, a.dimension.rawValue, a.bucket), (b.surveyID, b.nodeID, b.month, b.dimension.rawValue, b.bucket))
            return x != y ? x < y : (a.questionKey, a.value) < (b.questionKey, b.value)
        }
    }

    /// The increments of a batch of responses, added up so that each key is written once per
    /// batch. Keys come back sorted: two writers on PostgreSQL lock rows in the same order and so
    /// never deadlock.
    public struct Increments: Sendable, Equatable {
        public var days: [DayKey: Int] = [:]
        public var months: [MonthKey: Int] = [:]

        public init() {}

        public var isEmpty: Bool { days.isEmpty }

        public mutating func add(_ facts: ResponseFacts, answers: [String: AnswerValue]) {
            var counted: [(String, String)] = [(Rollups.responsesKey, "")]
            for (key, value) in answers {
                for code in RollupValue.codes(value) { counted.append((key, code)) }
            }
            let day = facts.day.description
            let month = String(day.prefix(7))
            for nodeID in OrgPath.ids(in: facts.nodePath) {
                for (question, value) in counted {
                    days[DayKey(surveyID: facts.surveyID, nodeID: nodeID, day: day, questionKey: question, value: value), default: 0] += 1
                    for dimension in ReportDimension.allCases {
                        let key = MonthKey(surveyID: facts.surveyID, nodeID: nodeID, month: month, dimension: dimension,
                                           bucket: facts.buckets[dimension] ?? "", questionKey: question, value: value)
                        months[key, default: 0] += 1
                    }
                }
            }
        }

        public var sortedDays: [(key: DayKey, count: Int)] { days.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
        public var sortedMonths: [(key: MonthKey, count: Int)] { months.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }
}
