import Foundation

/// What a report needs of one free-form feedback case: no text, contact or person — the effect
/// description is the handler's account of what changed, not the customer's words.
public struct CaseFacts: Sendable, Equatable {
    public let handlingNodeID: String
    public let handlingPath: String
    public let serviceAreaID: String
    public let kind: FeedbackKind
    public let status: CaseStatus
    public let receivedAt: Date
    public let dueAt: Date
    public let answeredAt: Date?
    public let effects: [FeedbackEffect]
    public let effectDescription: String

    public init(handlingNodeID: String, handlingPath: String, serviceAreaID: String, kind: FeedbackKind, status: CaseStatus,
                receivedAt: Date, dueAt: Date, answeredAt: Date?, effects: [FeedbackEffect], effectDescription: String) {
        self.handlingNodeID = handlingNodeID
        self.handlingPath = handlingPath
        self.serviceAreaID = serviceAreaID
        self.kind = kind
        self.status = status
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.answeredAt = answeredAt
        self.effects = effects
        self.effectDescription = effectDescription
    }
}

/// Free-form feedback of a group of cases: how much came, how fast it was answered, whether the
/// service promise held, and what the feedback led to (the nine effect classes).
public struct FeedbackFigures: Sendable, Equatable {
    public var cases = 0
    public var byKind: [FeedbackKind: Int] = [:]
    /// Cases not yet answered or closed.
    public var open = 0
    /// Open cases past their due time.
    public var openOverdue = 0
    public var answeredOnTime = 0
    public var answeredLate = 0
    /// Days from receipt to the first reply, of the answered cases.
    public var medianHandlingDays: Double?
    public var meanHandlingDays: Double?
    /// Cases with at least one recorded effect; a case may record several.
    public var casesWithEffects = 0
    public var effects: [FeedbackEffect: Int] = [:]

    public init() {}

    /// Share (0–100) of cases answered within the promise among those answered or already late.
    public var promiseAdherence: Double? {
        ServicePromise.adherence(answeredOnTime: answeredOnTime, answeredLate: answeredLate, openOverdue: openOverdue).map { $0 * 100 }
    }

    /// Share (0–100) of the cases with a recorded effect that recorded this one.
    public func effectShare(_ effect: FeedbackEffect) -> Double? {
        casesWithEffects == 0 ? nil : Double(effects[effect] ?? 0) / Double(casesWithEffects) * 100
    }

    public static func make(_ facts: [CaseFacts], now: Date) -> FeedbackFigures {
        var figures = FeedbackFigures()
        var days: [Double] = []
        for fact in facts {
            figures.cases += 1
            figures.byKind[fact.kind, default: 0] += 1
            if let answered = fact.answeredAt {
                days.append(answered.timeIntervalSince(fact.receivedAt) / 86_400)
                if answered <= fact.dueAt { figures.answeredOnTime += 1 } else { figures.answeredLate += 1 }
            } else if !fact.status.isResolved {
                figures.open += 1
                if fact.dueAt < now { figures.openOverdue += 1 }
            }
            if !fact.effects.isEmpty {
                figures.casesWithEffects += 1
                for effect in Set(fact.effects) { figures.effects[effect, default: 0] += 1 }
            }
        }
        if !days.isEmpty {
            days.sort()
            let middle = days.count / 2
            figures.medianHandlingDays = days.count % 2 == 1 ? days[middle] : (days[middle - 1] + days[middle]) / 2
            figures.meanHandlingDays = days.reduce(0, +) / Double(days.count)
        }
        return figures
    }
}
