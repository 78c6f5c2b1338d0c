import Foundation

/// A stored case as handlers see it. Its status and the dates of its handling change only
/// through the state machine (`apply`, `noteReminder`, `noteEscalation` in CaseTransitions).
public struct FeedbackCase: Sendable, Equatable, Identifiable {
    public let id: String
    public let reference: String
    public var serviceAreaID: String
    public var targetNodeID: String
    public var handlingNodeID: String
    public var handlingPath: String
    public var isTriage: Bool
    public var kind: FeedbackKind
    public internal(set) var status: CaseStatus
    public var source: FeedbackSource
    public var recordingChannel: RecordingChannel?
    public var recordedBy: String?
    public var language: Language
    public var body: String
    public var wantsReply: Bool
    public var hasContact: Bool
    public var assigneeID: String?
    public var receivedAt: Date
    public var dueAt: Date
    public internal(set) var remindedAt: Date?
    public internal(set) var escalatedAt: Date?
    public internal(set) var answeredAt: Date?
    public internal(set) var closedAt: Date?
    public var formalProcess: FormalProcess?
    /// Set when the case is handed to the formal process, and when that process has decided.
    public internal(set) var formalStatus: FormalStatus?
    public internal(set) var formalDecidedAt: Date?
    public var effects: [FeedbackEffect]
    public var effectDescription: String
    /// The customer forbade publishing anything of this feedback on the public wall.
    public var forbidsPublication: Bool

    public init(id: String, reference: String, serviceAreaID: String, targetNodeID: String, handlingNodeID: String,
                handlingPath: String, isTriage: Bool, kind: FeedbackKind, status: CaseStatus, source: FeedbackSource,
                recordingChannel: RecordingChannel?, recordedBy: String?, language: Language, body: String,
                wantsReply: Bool, hasContact: Bool, assigneeID: String?, receivedAt: Date, dueAt: Date,
                remindedAt: Date? = nil, escalatedAt: Date? = nil, answeredAt: Date? = nil, closedAt: Date? = nil,
                formalProcess: FormalProcess? = nil, effects: [FeedbackEffect] = [], effectDescription: String = "",
                forbidsPublication: Bool = false, formalStatus: FormalStatus? = nil, formalDecidedAt: Date? = nil) {
        self.formalStatus = formalStatus
        self.formalDecidedAt = formalDecidedAt
        self.forbidsPublication = forbidsPublication
        self.id = id
        self.reference = reference
        self.serviceAreaID = serviceAreaID
        self.targetNodeID = targetNodeID
        self.handlingNodeID = handlingNodeID
        self.handlingPath = handlingPath
        self.isTriage = isTriage
        self.kind = kind
        self.status = status
        self.source = source
        self.recordingChannel = recordingChannel
        self.recordedBy = recordedBy
        self.language = language
        self.body = body
        self.wantsReply = wantsReply
        self.hasContact = hasContact
        self.assigneeID = assigneeID
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.remindedAt = remindedAt
        self.escalatedAt = escalatedAt
        self.answeredAt = answeredAt
        self.closedAt = closedAt
        self.formalProcess = formalProcess
        self.effects = effects
        self.effectDescription = effectDescription
    }

    public func isOverdue(now: Date) -> Bool { ServicePromise.isOverdue(due: dueAt, status: status, now: now) }
}
