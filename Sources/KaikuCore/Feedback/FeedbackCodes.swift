import Foundation

/// Free-form feedback (vapaamuotoinen palaute) and its handling.
public enum FeedbackKind: String, CaseIterable, Sendable, Codable {
    case praise, criticism, idea, question
}

public enum CaseStatus: String, CaseIterable, Sendable, Codable {
    case new
    case inProgress = "in_progress"
    case waiting
    case answered
    case closed

    /// Answered and closed cases have met the service promise's obligation to reply.
    public var isResolved: Bool { self == .answered || self == .closed }
}

/// How the feedback reached the system.
public enum FeedbackSource: String, CaseIterable, Sendable, Codable {
    /// The customer used the public form.
    case web
    /// Staff recorded what the customer said.
    case oral
    /// Staff recorded a letter or other written feedback.
    case written
}

/// Where staff received feedback they record on a customer's behalf.
public enum RecordingChannel: String, CaseIterable, Sendable, Codable {
    case inPerson = "in_person"
    case phone
    case letter
    case email
    case other
}

/// How the feedback affected operations: the classification Kanta-Häme defined (PRODUCT.md).
public enum FeedbackEffect: String, CaseIterable, Sendable, Codable {
    /// Strengthened a practice or supported staff wellbeing (praise).
    case strengthenedPractice = "strengthened_practice"
    /// Supported development already under way.
    case supportedDevelopment = "supported_development"
    /// Led to revisiting or clarifying an instruction or practice.
    case revisitedInstruction = "revisited_instruction"
    /// Led to a change of practice, a procurement or a new way of working.
    case changedPractice = "changed_practice"
    /// Helped fix an error or find a development target.
    case fixedError = "fixed_error"
    /// Led to training or guidance.
    case training
    /// Led to further handling elsewhere (e.g. as an objection).
    case furtherHandling = "further_handling"
    /// Noted without action.
    case noAction = "no_action"
    case other
}

/// The formal routes feedback can be escalated to.
public enum FormalProcess: String, CaseIterable, Sendable, Codable {
    /// muistutus (Act on the Status and Rights of Patients / Social Welfare Clients)
    case objection
    /// kantelu to the supervisory authority
    case complaint
}

/// Where a case handed to a formal process (an objection or a complaint) stands: handed over to
/// the county's objection handling, then decided there.
public enum FormalStatus: String, CaseIterable, Sendable, Codable {
    case handedOver = "handed_over"
    case decided
}

/// Everything that can happen to a case; each is one timeline entry.
public enum CaseEventKind: String, CaseIterable, Sendable, Codable {
    case received, recordedOnBehalf = "recorded_on_behalf", routed, taken, transferred, shared
    case comment, mention, replied, phoned, met, escalated, formalDecided = "formal_decided", effectRecorded = "effect_recorded"
    case statusChanged = "status_changed", closed, reopened, reminded, overdueEscalated = "overdue_escalated"
    case contactViewed = "contact_viewed", contactErased = "contact_erased", published
}
