/// Who a survey is for. The seeds ask counties to avoid overlapping surveys: the same people
/// asked twice through the same channel.
public enum Audience: String, CaseIterable, Sendable, Codable {
    case all, children, youngPeople = "young_people", adults, olderPeople = "older_people", relatives
    /// The client groups of seed 004's working groups: disability services, social work, mental
    /// health and substance services.
    case disability
    case socialWork = "social_work"
    case mentalHealth = "mental_health"

    /// Whether two audiences reach some of the same people: the same one, or one that contains the
    /// other — everyone contains each group, and adults contain older people. (Children and young
    /// people are told apart by age; relatives and the clients of a service may be any age, so only
    /// everyone contains them.)
    public func overlaps(_ other: Audience) -> Bool {
        self == other || self == .all || other == .all || Set([self, other]) == [.adults, .olderPeople]
    }
}

/// Where, to whom, through which channels and when a survey runs.
public struct SurveyPlan: Sendable, Equatable {
    public let surveyID: String
    public var targetPaths: [String]
    public var audience: Audience
    public var channels: Set<Channel>
    public var startsOn: CalendarDay?
    public var endsOn: CalendarDay?

    public init(surveyID: String, targetPaths: [String], audience: Audience, channels: Set<Channel>, startsOn: CalendarDay?, endsOn: CalendarDay?) {
        self.surveyID = surveyID
        self.targetPaths = targetPaths
        self.audience = audience
        self.channels = channels
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    func isRunning(together other: SurveyPlan) -> Bool {
        let startsBeforeOtherEnds = startsOn.flatMap { start in other.endsOn.map { start <= $0 } } ?? true
        let otherStartsBeforeThisEnds = other.startsOn.flatMap { start in endsOn.map { start <= $0 } } ?? true
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds
    }
}

/// Another active survey that reaches the same people: at `path` (the narrower of the two
/// targets), for the same audience, through `channels`, at the same time.
public struct SurveyOverlap: Sendable, Equatable {
    public let otherSurveyID: String
    public let path: String
    public let channels: [Channel]
}

public enum SurveyOverlaps {
    /// A target covers a unit when it is the unit or above it in the tree, so two targets overlap
    /// when one path is a prefix of the other.
    public static func find(for plan: SurveyPlan, among others: [SurveyPlan]) -> [SurveyOverlap] {
        var found: [SurveyOverlap] = []
        for other in others where other.surveyID != plan.surveyID && other.audience.overlaps(plan.audience) && plan.isRunning(together: other) {
            let shared = Channel.allCases.filter { plan.channels.contains($0) && other.channels.contains($0) }
            guard !shared.isEmpty else { continue }
            for mine in plan.targetPaths {
                for theirs in other.targetPaths where mine.hasPrefix(theirs) || theirs.hasPrefix(mine) {
                    let narrower = mine.count >= theirs.count ? mine : theirs
                    if !found.contains(where: { $0.otherSurveyID == other.surveyID && $0.path == narrower }) {
                        found.append(SurveyOverlap(otherSurveyID: other.surveyID, path: narrower, channels: shared))
                    }
                }
            }
        }
        return found
    }
}
