import Foundation

/// The case state machine: what each handling step does to a case and which timeline events it
/// writes, as a pure function. The use case (`FeedbackService.perform`) looks up the people, units
/// and contact details a step names, calls `apply`, and stores the result with its notices.
extension FeedbackCase {
    /// One handling step, with what the use case looked up for it.
    public enum Change: Sendable, Equatable {
        case take
        case comment(String)
        /// An internal question to a colleague, who may then read the case.
        case mention(email: String, note: String)
        /// Shared for information: the person may read the case but not act on it.
        case share(email: String, note: String)
        /// To another unit: its node and the node whose handlers take it (the nearest one up with handlers).
        case moveToUnit(code: String, targetNodeID: String, handlingNodeID: String, handlingPath: String, note: String)
        /// To a handler who covers the case.
        case assign(userID: String, email: String, note: String)
        /// A reply by email; `hasEmail` tells whether the customer left an address that is still kept.
        case reply(text: String, hasEmail: Bool)
        /// A conversation with the customer by phone or in person, which answers the case.
        case contacted(ContactWay, note: String)
        /// Handed to the county's objection handling as an objection or a complaint, which the
        /// customer agreed to (seed 003); `to`: the node whose handlers take it, when one is set.
        case escalate(FormalProcess, note: String, customerAgreed: Bool, to: Handling? = nil)
        /// What the formal process decided, recorded when it has.
        case formalDecision(note: String)
        case recordEffects([FeedbackEffect], description: String)
        case close
        case reopen
        /// An anonymised "you said, we did" on the public wall.
        case publish(youSaid: String, weDid: String)
    }

    /// How a handler reached the customer other than by email.
    public enum ContactWay: String, CaseIterable, Sendable {
        case phone, meeting

        var event: CaseEventKind { self == .phone ? .phoned : .met }
    }

    /// A node whose handlers take a case, with its path.
    public struct Handling: Sendable, Equatable {
        public let nodeID: String
        public let path: String
        public init(nodeID: String, path: String) {
            self.nodeID = nodeID
            self.path = path
        }
    }

    /// A timeline entry to write.
    public struct Event: Sendable, Equatable {
        public let kind: CaseEventKind
        public let note: String
        public let data: String

        public init(_ kind: CaseEventKind, note: String = "", data: String = "") {
            self.kind = kind
            self.note = note
            self.data = data
        }
    }

    /// Why a step was refused: a catalog key telling the handler what to fix. Nothing changed.
    public struct Refusal: Error, Equatable, Sendable {
        public let key: String
        public init(_ key: String) { self.key = key }
    }

    public static let maxNoteLength = 5000
    public static let maxReplyLength = 10_000
    public static let maxYouSaidLength = 500
    public static let maxWeDidLength = 1000

    /// The service promise's reminder to the handlers was sent.
    public mutating func noteReminder(at now: Date) { remindedAt = now }

    /// The overdue case was escalated to the next level's handlers.
    public mutating func noteEscalation(at now: Date) { escalatedAt = now }

    /// Applies one step: changes the case and returns the timeline events, or refuses and changes nothing.
    public mutating func apply(_ change: Change, by actorID: String, at now: Date) throws(Refusal) -> [Event] {
        var next = self
        let events = try next.applying(change, by: actorID, at: now)
        self = next
        return events
    }

    private mutating func applying(_ change: Change, by actorID: String, at now: Date) throws(Refusal) -> [Event] {
        func note(_ text: String, required: Bool, limit: Int = Self.maxNoteLength, _ key: String = "case_error_note") throws(Refusal) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (!required || !trimmed.isEmpty) && text.count <= limit else { throw Refusal(key) }
        }
        /// A reply or a recorded contact answers the case; the first one is when the promise was
        /// met. Closing alone answers nothing (`FeedbackFigures`).
        func answer() {
            status = .answered
            if answeredAt == nil { answeredAt = now }
        }
        switch change {
        case .take:
            assigneeID = actorID
            if status == .new { status = .inProgress }
            return [Event(.taken)]
        case .comment(let text):
            try note(text, required: true)
            return [Event(.comment, note: text)]
        case .mention(let email, let text):
            try note(text, required: false)
            return [Event(.mention, note: text, data: email)]
        case .share(let email, let text):
            try note(text, required: false)
            return [Event(.shared, note: text, data: email)]
        case .moveToUnit(let code, let target, let handling, let path, let text):
            try note(text, required: true)
            targetNodeID = target
            handlingNodeID = handling
            handlingPath = path
            isTriage = false
            assigneeID = nil
            if !status.isResolved { status = .new }
            return [Event(.transferred, note: text, data: code)]
        case .assign(let userID, let email, let text):
            try note(text, required: true)
            assigneeID = userID
            return [Event(.transferred, note: text, data: email)]
        case .reply(let text, let hasEmail):
            try note(text, required: true, limit: Self.maxReplyLength, "case_error_reply")
            guard hasEmail else { throw Refusal("case_error_no_email") }
            answer()
            return [Event(.replied, note: text)]
        case .contacted(let way, let text):
            try note(text, required: false)
            answer()
            return [Event(way.event, note: text)]
        case .escalate(let process, let text, let agreed, let destination):
            guard formalStatus == nil else { throw Refusal("case_error_formal_already") }
            guard agreed else { throw Refusal("case_error_formal_consent") }
            try note(text, required: true)
            formalProcess = process
            formalStatus = .handedOver
            if let destination {
                handlingNodeID = destination.nodeID
                handlingPath = destination.path
                isTriage = false
                assigneeID = nil
            }
            return [Event(.escalated, note: text, data: process.rawValue)]
        case .formalDecision(let text):
            guard formalStatus == .handedOver else { throw Refusal("case_error_formal_not_open") }
            try note(text, required: true)
            formalStatus = .decided
            formalDecidedAt = now
            return [Event(.formalDecided, note: text, data: formalProcess?.rawValue ?? "")]
        case .recordEffects(let chosen, let description):
            guard !chosen.isEmpty else { throw Refusal("case_error_effect") }
            try note(description, required: false)
            effects = chosen
            effectDescription = description
            return [Event(.effectRecorded, note: description, data: chosen.map(\.rawValue).joined(separator: ","))]
        case .close:
            guard status != .closed else { throw Refusal("case_error_closed") }
            status = .closed
            closedAt = now
            return [Event(.closed)]
        case .reopen:
            guard status == .closed else { throw Refusal("case_error_not_closed") }
            status = .inProgress
            closedAt = nil
            return [Event(.reopened)]
        case .publish(let youSaid, let weDid):
            guard status == .closed else { throw Refusal("case_error_not_closed") }
            guard !forbidsPublication else { throw Refusal("case_error_publication_forbidden") }
            try note(youSaid, required: true, limit: Self.maxYouSaidLength, "case_error_publish")
            try note(weDid, required: true, limit: Self.maxWeDidLength, "case_error_publish")
            // The wall is public: nothing that identifies a person may go there.
            guard PersonalData.find(in: youSaid + "\n" + weDid).isEmpty else { throw Refusal("case_error_publish_personal") }
            return [Event(.published, note: weDid)]
        }
    }
}
