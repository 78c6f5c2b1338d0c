import Foundation

/// What a report needs of one free-form feedback case: no text, contact or person — the effect
/// description is the handler's account of what changed, not the customer's words.
public struct CaseFacts: Sendable, Equatable {
    public let handlingNodeID: String
    public let handlingPath: String
    public let serviceAreaID: String
    public let kind: FeedbackKind
    public let status: CaseStatus
    /// The customer asked for a reply: only these cases are held to the service promise.
    public let wantsReply: Bool
    public let receivedAt: Date
    public let dueAt: Date
    public let answeredAt: Date?
    public let effects: [FeedbackEffect]
    public let effectDescription: String
    /// Handed to a formal process (an objection or a complaint), and where it stands.
    public let formal: Formal?

    public struct Formal: Sendable, Equatable {
        public let process: FormalProcess
        public let status: FormalStatus
        public init(process: FormalProcess, status: FormalStatus) {
            self.process = process
            self.status = status
        }
    }

    public init(handlingNodeID: String, handlingPath: String, serviceAreaID: String, kind: FeedbackKind, status: CaseStatus, wantsReply: Bool,
                receivedAt: Date, dueAt: Date, answeredAt: Date?, effects: [FeedbackEffect], effectDescription: String, formal: Formal? = nil) {
        self.formal = formal
        self.handlingNodeID = handlingNodeID
        self.handlingPath = handlingPath
        self.serviceAreaID = serviceAreaID
        self.kind = kind
        self.status = status
        self.wantsReply = wantsReply
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.answeredAt = answeredAt
        self.effects = effects
        self.effectDescription = effectDescription
    }
}

/// Free-form feedback of a group of cases: how much came, how fast it was answered, whether the
/// service promise held, and what the feedback led to (the nine effect classes).
///
/// The promise is a reply within so many days to a customer who asked for one: only a sent reply
/// or a recorded contact (phone, meeting) answers a case, never closing it. Cases whose customer
/// asked for no reply are counted apart, and a case closed without the reply its customer asked
/// for counts against the promise.
public struct FeedbackFigures: Sendable, Equatable {
    public var cases = 0
    public var byKind: [FeedbackKind: Int] = [:]
    /// Cases not yet answered or closed.
    public var open = 0
    /// Open cases past their due time.
    public var openOverdue = 0
    /// Of the cases that asked for a reply: answered (a reply sent or a contact recorded) by the
    /// due time, after it, still waiting past it, and closed without any answer.
    public var answeredOnTime = 0
    public var answeredLate = 0
    public var awaitingReplyOverdue = 0
    public var closedWithoutReply = 0
    /// Cases whose customer asked for no reply: outside the promise.
    public var noReplyRequested = 0
    /// Days from receipt to the first reply, of the answered cases.
    public var medianHandlingDays: Double?
    public var meanHandlingDays: Double?
    /// Cases with at least one recorded effect; a case may record several.
    public var casesWithEffects = 0
    public var effects: [FeedbackEffect: Int] = [:]
    /// Cases handed to each formal process, and of them those it has decided; reported apart.
    public var formalHandedOver: [FormalProcess: Int] = [:]
    public var formalDecided: [FormalProcess: Int] = [:]

    public init() {}

    /// Share (0–100) of the cases that asked for a reply and got it within the promise, among those
    /// answered, closed unanswered or already late.
    public var promiseAdherence: Double? {
        ServicePromise.adherence(answeredOnTime: answeredOnTime, missed: answeredLate + awaitingReplyOverdue + closedWithoutReply).map { $0 * 100 }
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
            let overdue = !fact.status.isResolved && fact.dueAt < now
            if !fact.status.isResolved { figures.open += 1 }
            if overdue { figures.openOverdue += 1 }
            if !fact.wantsReply {
                figures.noReplyRequested += 1
            } else if let answered = fact.answeredAt {
                days.append(answered.timeIntervalSince(fact.receivedAt) / 86_400)
                if answered <= fact.dueAt { figures.answeredOnTime += 1 } else { figures.answeredLate += 1 }
            } else if fact.status.isResolved {
                figures.closedWithoutReply += 1
            } else if overdue {
                figures.awaitingReplyOverdue += 1
            }
            if let formal = fact.formal {
                figures.formalHandedOver[formal.process, default: 0] += 1
                if formal.status == .decided { figures.formalDecided[formal.process, default: 0] += 1 }
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
