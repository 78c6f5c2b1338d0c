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
    /// Who answered: the customer, a relative, a guardian, staff on the customer's behalf.
    case respondent
    /// Standard, easy-to-read or children's form.
    case variant
    /// Answered with a staff member's help on a kiosk or their device.
    case assistance
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
                ageBand: AgeBand?, contactType: ContactType?, callType: CallType?, respondent: Respondent? = nil,
                variant: SurveyVariant = .standard, assistance: Assistance = .independent) {
        self.surveyID = surveyID
        self.nodePath = nodePath
        self.day = day
        buckets = [.ageBand: ageBand?.rawValue ?? "", .language: language.reportBucket, .channel: channel.rawValue,
                   .contactType: contactType?.rawValue ?? "", .callType: callType?.rawValue ?? "",
                   .respondent: respondent?.rawValue ?? "", .variant: variant.rawValue, .assistance: assistance.rawValue]
    }
}

/// Reports read counts kept as answers arrive, never the raw answers: per day and per month for
/// every node on the response's path (totals), and per month for every node and background bucket
/// (breakdowns).
/// A county's year is then a few thousand rows however many answers it holds (docs/DECISIONS.md).
public enum Rollups {
    /// The pseudo-question counting responses, for response rates and group sizes.
    public static let responsesKey = "*"

    /// A node's count of one question's value over a day ("YYYY-MM-DD", `rollup_days`) or a month
    /// ("YYYY-MM", `rollup_month_totals`).
    public struct TotalKey: Sendable, Hashable, Comparable {
        public let surveyID: String
        public let nodeID: String
        public let period: String
        public let questionKey: String
        public let value: String

        public init(surveyID: String, nodeID: String, period: String, questionKey: String, value: String) {
            self.surveyID = surveyID
            self.nodeID = nodeID
            self.period = period
            self.questionKey = questionKey
            self.value = value
        }

        public static func < (a: TotalKey, b: TotalKey) -> Bool {
            if a.surveyID != b.surveyID { return a.surveyID < b.surveyID }
            if a.nodeID != b.nodeID { return a.nodeID < b.nodeID }
            if a.period != b.period { return a.period < b.period }
            if a.questionKey != b.questionKey { return a.questionKey < b.questionKey }
            return a.value < b.value
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
            if a.surveyID != b.surveyID { return a.surveyID < b.surveyID }
            if a.nodeID != b.nodeID { return a.nodeID < b.nodeID }
            if a.dimension != b.dimension { return a.dimension.rawValue < b.dimension.rawValue }
            if a.month != b.month { return a.month < b.month }
            if a.bucket != b.bucket { return a.bucket < b.bucket }
            if a.questionKey != b.questionKey { return a.questionKey < b.questionKey }
            return a.value < b.value
        }
    }

    /// The increments of a batch of responses. Responses with the same survey, node, day and
    /// background (most of a batch: one link's answers) are counted together first, and only then
    /// spread to every node on the path and every bucket, so a batch costs a few dictionary
    /// updates per answer (measured in docs/BENCHMARKS.md).
    public struct Increments: Sendable, Equatable, Codable {
        struct Facts: Hashable, Sendable, Codable {
            let surveyID: String
            let nodePath: String
            let day: String
            /// In `ReportDimension.allCases` order.
            let buckets: [String]
        }

        struct Pair: Hashable, Sendable {
            let question: String
            let value: String
        }

        private var groups: [Facts: [Pair: Int]] = [:]

        public init() {}

        public mutating func merge(_ other: Increments) {
            for (facts, pairs) in other.groups {
                groups[facts, default: [:]].merge(pairs, uniquingKeysWith: +)
            }
        }

        /// Stored as a short list of groups, each with its counts as [question, value, count].
        struct Group: Codable {
            let facts: Facts
            let counts: [[String]]
        }

        public init(from decoder: any Decoder) throws {
            for group in try [Group](from: decoder) {
                var pairs: [Pair: Int] = [:]
                for row in group.counts where row.count == 3 {
                    pairs[Pair(question: row[0], value: row[1]), default: 0] += Int(row[2]) ?? 0
                }
                groups[group.facts, default: [:]].merge(pairs, uniquingKeysWith: +)
            }
        }

        public func encode(to encoder: any Encoder) throws {
            try groups.map { facts, pairs in Group(facts: facts, counts: pairs.map { [$0.key.question, $0.key.value, String($0.value)] }) }
                .encode(to: encoder)
        }

        public var isEmpty: Bool { groups.isEmpty }

        public mutating func add(_ facts: ResponseFacts, answers: [String: AnswerValue]) {
            let key = Facts(surveyID: facts.surveyID, nodePath: facts.nodePath, day: facts.day.description,
                            buckets: ReportDimension.allCases.map { facts.buckets[$0] ?? "" })
            var pairs = groups[key] ?? [:]
            pairs[Pair(question: Rollups.responsesKey, value: ""), default: 0] += 1
            for (question, value) in answers {
                for code in RollupValue.codes(value) { pairs[Pair(question: question, value: code), default: 0] += 1 }
            }
            groups[key] = pairs
        }

        public var days: [TotalKey: Int] { totals { $0.day } }

        /// A node's whole months without a breakdown: what a month's, quarter's or year's figures
        /// and the disclosure plan's group sizes read (a thirtieth of the days' rows, a fifth of
        /// one dimension's).
        public var monthTotals: [TotalKey: Int] { totals { String($0.day.prefix(7)) } }

        func totals(_ period: (Facts) -> String) -> [TotalKey: Int] {
            var totals: [TotalKey: Int] = [:]
            for (facts, pairs) in groups {
                let period = period(facts)
                for nodeID in OrgPath.ids(in: facts.nodePath) {
                    for (pair, count) in pairs {
                        totals[TotalKey(surveyID: facts.surveyID, nodeID: nodeID, period: period, questionKey: pair.question, value: pair.value),
                               default: 0] += count
                    }
                }
            }
            return totals
        }

        /// A bucket of the facts; counts that waited in `rollup_pending` from before a dimension
        /// was added have no value for it and count as its default (migration 21 did the same for
        /// the months already folded).
        static func bucket(_ facts: Facts, _ index: Int, _ dimension: ReportDimension) -> String {
            if index < facts.buckets.count { return facts.buckets[index] }
            return switch dimension {
            case .variant: SurveyVariant.standard.rawValue
            case .assistance: Assistance.independent.rawValue
            default: ""
            }
        }

        public var months: [MonthKey: Int] {
            var months: [MonthKey: Int] = [:]
            for (facts, pairs) in groups {
                let month = String(facts.day.prefix(7))
                for nodeID in OrgPath.ids(in: facts.nodePath) {
                    for (index, dimension) in ReportDimension.allCases.enumerated() {
                        for (pair, count) in pairs {
                            months[MonthKey(surveyID: facts.surveyID, nodeID: nodeID, month: month, dimension: dimension,
                                            bucket: Self.bucket(facts, index, dimension), questionKey: pair.question, value: pair.value), default: 0] += count
                        }
                    }
                }
            }
            return months
        }
    }
}
