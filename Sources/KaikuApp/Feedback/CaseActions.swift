import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// What a handler can do to a case. Nothing is ever deleted: each action is a timeline event.
public enum CaseAction: Sendable, Equatable {
    case take
    case comment(String)
    /// Ask a colleague: an internal comment that shares the case with them and notifies them.
    case ask(colleague: String, note: String)
    /// Share for information: the person can read the case but not act on it.
    case share(with: String, note: String)
    case transferToUnit(code: String, note: String)
    case transferToHandler(email: String, note: String)
    case reply(text: String)
    case phoned(note: String)
    case escalate(FormalProcess, note: String)
    case recordEffect([FeedbackEffect], description: String)
    case close
    case reopen
    /// Publish an anonymised "you said, we did" on the public wall of the case's unit.
    case publish(youSaid: String, weDid: String)
}

extension FeedbackService {
    public enum ActionError: Error, Equatable {
        /// A catalog key telling the handler what to fix; nothing was changed.
        case invalid(String)
    }

    public struct Actor: Sendable {
        public let id: String
        public let email: String
        public let ip: String?
        public init(id: String, email: String, ip: String?) {
            self.id = id
            self.email = email
            self.ip = ip
        }
    }

    /// Applies one action in one transaction. The caller has checked that the actor handles the case.
    public func perform(_ action: CaseAction, on caseID: String, by actor: Actor) async throws {
        let now = clock.now()
        let retention = try await retentionMonths()
        try await database.transaction { [self] db in
            let repository = FeedbackRepository(db)
            guard var c = try await repository.find(id: caseID) else { throw ActionError.invalid("error_404_text") }
            let users = UserRepository(db)
            func event(_ kind: CaseEventKind, note: String = "", data: String = "") async throws {
                try await repository.addEvent(caseID: c.id, kind: kind, actorID: actor.id, note: note, data: data, now: now)
            }
            func resolve(_ status: CaseStatus) {
                c.status = status
                if c.answeredAt == nil { c.answeredAt = now }
            }
            func colleague(_ email: String) async throws -> User {
                guard let user = try await users.find(email: email), user.isActive else { throw ActionError.invalid("case_error_user") }
                return user
            }
            var auditDetail = ""
            switch action {
            case .take:
                c.assigneeID = actor.id
                if c.status == .new { c.status = .inProgress }
                try await event(.taken)
            case .comment(let text):
                guard Self.isValidNote(text, required: true) else { throw ActionError.invalid("case_error_note") }
                try await event(.comment, note: text)
            case .ask(let email, let note), .share(let email, let note):
                guard Self.isValidNote(note, required: false) else { throw ActionError.invalid("case_error_note") }
                let user = try await colleague(email)
                try await repository.share(caseID: c.id, with: user.id, by: actor.id, now: now)
                let isQuestion = if case .ask = action { true } else { false }
                try await event(isQuestion ? .mention : .shared, note: note, data: user.email)
                try await notify(email: user.email, template: isQuestion ? "mention" : "shared", feedbackCase: c,
                                 key: "\(isQuestion ? "mention" : "share"):\(Identifier.make(at: now))", db)
                auditDetail = user.email
            case .transferToUnit(let code, let note):
                guard Self.isValidNote(note, required: true) else { throw ActionError.invalid("case_error_note") }
                guard let node = try await OrgRepository(db).node(code: code), node.spec.isActive(on: CalendarDay(now)),
                      node.level != .servicePoint else { throw ActionError.invalid("case_error_unit") }
                let handlers = try await nodesWithHandlers(db)
                let handlingID = FeedbackRouting.handlingNode(path: node.path, nodesWithHandlers: handlers) ?? node.id
                guard let handling = try await OrgRepository(db).node(id: handlingID) else { throw ActionError.invalid("case_error_unit") }
                c.targetNodeID = node.id
                c.handlingNodeID = handling.id
                c.handlingPath = handling.path
                c.isTriage = false
                c.assigneeID = nil
                if !c.status.isResolved { c.status = .new }
                try await event(.transferred, note: note, data: node.code)
                try await notify(nodeID: handling.id, template: "transferred", feedbackCase: c, key: "transfer:\(Identifier.make(at: now))", db)
                auditDetail = node.code
            case .transferToHandler(let email, let note):
                guard Self.isValidNote(note, required: true) else { throw ActionError.invalid("case_error_note") }
                let user = try await colleague(email)
                let grants = try await users.grants(userID: user.id).map(\.grant)
                guard AccessPolicy(grants: grants).allows(.handler, onNodeAt: c.handlingPath) else { throw ActionError.invalid("case_error_not_handler") }
                c.assigneeID = user.id
                try await event(.transferred, note: note, data: user.email)
                try await notify(email: user.email, template: "transferred", feedbackCase: c, key: "transfer:\(Identifier.make(at: now))", db)
                auditDetail = user.email
            case .reply(let text):
                guard Self.isValidNote(text, required: true, limit: 10_000) else { throw ActionError.invalid("case_error_reply") }
                guard let contact = try await repository.contact(caseID: c.id), !contact.isErased, !contact.email.isEmpty else {
                    throw ActionError.invalid("case_error_no_email")
                }
                let arguments = ["reference": c.reference]
                let body = text + "\n\n-- \n" + catalog.format("email_reply_footer", c.language, arguments)
                try await OutboxRepository(db).enqueue(key: "case:\(c.id):reply:\(Identifier.make(at: now))", recipient: contact.email,
                                                       subject: catalog.format("email_reply_subject", c.language, arguments), body: body,
                                                       audience: .customer, scopePath: c.handlingPath, now: now)
                resolve(.answered)
                try await event(.replied, note: text)
            case .phoned(let note):
                guard Self.isValidNote(note, required: false) else { throw ActionError.invalid("case_error_note") }
                resolve(.answered)
                try await event(.phoned, note: note)
            case .escalate(let process, let note):
                guard Self.isValidNote(note, required: true) else { throw ActionError.invalid("case_error_note") }
                c.formalProcess = process
                try await event(.escalated, note: note, data: process.rawValue)
                auditDetail = process.rawValue
            case .recordEffect(let effects, let description):
                guard !effects.isEmpty else { throw ActionError.invalid("case_error_effect") }
                guard Self.isValidNote(description, required: false) else { throw ActionError.invalid("case_error_note") }
                c.effects = effects
                c.effectDescription = description
                try await event(.effectRecorded, note: description, data: effects.map(\.rawValue).joined(separator: ","))
            case .close:
                guard c.status != .closed else { throw ActionError.invalid("case_error_closed") }
                resolve(.closed)
                c.closedAt = now
                if c.hasContact {
                    let eraseAt = Calendar(identifier: .gregorian).date(byAdding: .month, value: retention, to: now) ?? now
                    try await repository.scheduleErasure(caseID: c.id, after: eraseAt)
                }
                try await event(.closed)
            case .publish(let youSaid, let weDid):
                guard c.status == .closed else { throw ActionError.invalid("case_error_not_closed") }
                guard !c.forbidsPublication else { throw ActionError.invalid("case_error_publication_forbidden") }
                guard Self.isValidNote(youSaid, required: true, limit: 500), Self.isValidNote(weDid, required: true, limit: 1000) else {
                    throw ActionError.invalid("case_error_publish")
                }
                // The wall is public: nothing that identifies a person may go there.
                guard PersonalData.find(in: youSaid + "\n" + weDid).isEmpty else { throw ActionError.invalid("case_error_publish_personal") }
                guard let node = try await OrgRepository(db).node(id: c.targetNodeID) else { throw ActionError.invalid("case_error_unit") }
                try await WallRepository(db).publish(caseID: c.id, nodeID: node.id, nodePath: node.path, language: c.language,
                                                     youSaid: youSaid, weDid: weDid, by: actor.id, now: now)
                try await event(.published, note: weDid)
            case .reopen:
                guard c.status == .closed else { throw ActionError.invalid("case_error_not_closed") }
                c.status = .inProgress
                c.closedAt = nil
                try await event(.reopened)
            }
            try await repository.save(c, now: now)
            try await AuditRepository(db).record(.feedbackHandled, by: .init(id: actor.id, email: actor.email, ip: actor.ip),
                                                 target: ("feedback_case", c.id), detail: Self.name(of: action) + (auditDetail.isEmpty ? "" : " \(auditDetail)"), now: now)
        }
    }

    static func isValidNote(_ text: String, required: Bool, limit: Int = 5000) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return (!required || !trimmed.isEmpty) && text.count <= limit
    }

    static func name(of action: CaseAction) -> String {
        switch action {
        case .take: "take"
        case .comment: "comment"
        case .ask: "ask"
        case .share: "share"
        case .transferToUnit: "transfer_unit"
        case .transferToHandler: "transfer_handler"
        case .reply: "reply"
        case .phoned: "phoned"
        case .escalate: "escalate"
        case .recordEffect: "effect"
        case .close: "close"
        case .reopen: "reopen"
        case .publish: "publish"
        }
    }

    /// The contact details, for a handler who clicked to see them; every view is audit-logged
    /// and shown in the case's timeline.
    public func viewContact(caseID: String, by actor: Actor) async throws -> FeedbackRepository.Contact? {
        let now = clock.now()
        return try await database.transaction { db in
            let repository = FeedbackRepository(db)
            let contact = try await repository.contact(caseID: caseID)
            try await repository.addEvent(caseID: caseID, kind: .contactViewed, actorID: actor.id, now: now)
            try await AuditRepository(db).record(.contactViewed, by: .init(id: actor.id, email: actor.email, ip: actor.ip),
                                                 target: ("feedback_case", caseID), now: now)
            return contact
        }
    }
}
