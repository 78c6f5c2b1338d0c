import Foundation
import KaikuCore
import KaikuStorage

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
    /// A conversation with the customer by phone or in person: answers the case like a reply.
    case contacted(FeedbackCase.ContactWay, note: String)
    /// Hand the case to the county's objection handling as an objection or a complaint; only with
    /// the customer's agreement, which the handler confirms.
    case escalate(FormalProcess, note: String, customerAgreed: Bool)
    /// Record what the objection handling decided.
    case formalDecision(note: String)
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

    /// Applies one action in one transaction: looks up what the action names, lets the case's
    /// state machine (`FeedbackCase.apply`, KaikuCore) change the case, and writes its timeline
    /// events, notices (keyed by the event), audit entry and any wall entry or erasure date. Only
    /// a handler of the case acts on it (a colleague it was shared with reads it).
    public func perform(_ action: CaseAction, on caseID: String, by actor: Actor) async throws {
        // Cases are handled by people, never by the system.
        guard let handlerID = actor.id else { throw OutOfReach() }
        let now = clock.now()
        let retention = try await retentionMonths()
        try await database.transaction { [self] db in
            let repository = FeedbackRepository(db)
            let reached = try await Reach(db, actor).feedbackCase(caseID)
            guard reached.handles else { throw ReadOnly() }
            var c = reached.feedbackCase
            let users = UserRepository(db)
            func colleague(_ email: String) async throws -> User {
                guard let user = try await users.find(email: email), user.isActive else { throw ActionError.invalid("case_error_user") }
                return user
            }
            // What the action names, looked up; and who hears of it.
            var change: FeedbackCase.Change
            var notify: (template: String, emails: [String])?
            var formalAddress: String?
            var auditDetail = ""
            switch action {
            case .take: change = .take
            case .comment(let text): change = .comment(text)
            case .ask(let email, let note), .share(let email, let note):
                let user = try await colleague(email)
                let isQuestion = if case .ask = action { true } else { false }
                change = isQuestion ? .mention(email: user.email, note: note) : .share(email: user.email, note: note)
                notify = (isQuestion ? "mention" : "shared", [user.email])
                auditDetail = user.email
            case .transferToUnit(let code, let note):
                guard let node = try await OrgRepository(db).node(code: code), node.spec.isActive(on: CalendarDay(now)),
                      node.level != .servicePoint else { throw ActionError.invalid("case_error_unit") }
                let handlingID = FeedbackRouting.handlingNode(path: node.path, nodesWithHandlers: try await nodesWithHandlers(db)) ?? node.id
                guard let handling = try await OrgRepository(db).node(id: handlingID) else { throw ActionError.invalid("case_error_unit") }
                change = .moveToUnit(code: node.code, targetNodeID: node.id, handlingNodeID: handling.id, handlingPath: handling.path, note: note)
                notify = ("transferred", try await handlerEmails(nodeID: handling.id, db))
                auditDetail = node.code
            case .transferToHandler(let email, let note):
                let user = try await colleague(email)
                guard AccessPolicy(grants: try await users.grants(userID: user.id).map(\.grant)).allows(.handler, onNodeAt: c.handlingPath) else {
                    throw ActionError.invalid("case_error_not_handler")
                }
                change = .assign(userID: user.id, email: user.email, note: note)
                notify = ("transferred", [user.email])
                auditDetail = user.email
            case .reply(let text):
                let contact = try await repository.contact(caseID: c.id)
                let signature = Self.signature(name: try await users.find(id: handlerID)?.displayName ?? "",
                                               unit: try await OrgRepository(db).node(id: c.handlingNodeID)?.name[c.language] ?? "")
                change = .reply(text: Self.signed(text, signature), hasEmail: contact.map { !$0.isErased && !$0.email.isEmpty } ?? false)
            case .contacted(let way, let note): change = .contacted(way, note: note)
            case .escalate(let process, let note, let agreed):
                // Where objections go: the county's objection handlers (a node), its registry's
                // address, or both; a hand-off with neither set is refused before anything changes.
                let destination = try await FormalHandling.load(db)
                guard destination.isSet else { throw ActionError.invalid("case_error_formal_unset") }
                var handling: FeedbackCase.Handling?
                if let code = destination.nodeCode, let node = try await OrgRepository(db).node(code: code) {
                    // Its handlers, or the nearest above it with handlers, as a transfer goes.
                    let handlingID = FeedbackRouting.handlingNode(path: node.path, nodesWithHandlers: try await nodesWithHandlers(db)) ?? node.id
                    if let handlingNode = try await OrgRepository(db).node(id: handlingID) {
                        handling = .init(nodeID: handlingNode.id, path: handlingNode.path)
                        notify = ("formal", try await handlerEmails(nodeID: handlingNode.id, db))
                    }
                }
                change = .escalate(process, note: note, customerAgreed: agreed, to: handling)
                formalAddress = destination.email
                auditDetail = process.rawValue
            case .formalDecision(let note): change = .formalDecision(note: note)
            case .recordEffect(let effects, let description): change = .recordEffects(effects, description: description)
            case .close: change = .close
            case .reopen: change = .reopen
            case .publish(let youSaid, let weDid): change = .publish(youSaid: youSaid, weDid: weDid)
            }
            let events: [FeedbackCase.Event]
            do throws(FeedbackCase.Refusal) { events = try c.apply(change, by: handlerID, at: now) } catch { throw ActionError.invalid(error.key) }
            var eventID = ""
            for event in events {
                eventID = try await repository.addEvent(caseID: c.id, kind: event.kind, actorID: actor.id, note: event.note, data: event.data, now: now)
            }
            // What the step causes besides the case itself.
            switch change {
            case .mention(let email, _), .share(let email, _):
                if let user = try await users.find(email: email) { try await repository.share(caseID: c.id, with: user.id, by: handlerID, now: now) }
            case .reply(let text, _):
                if let contact = try await repository.contact(caseID: c.id) {
                    let arguments = ["reference": c.reference]
                    try await Notifier(db).send(Notice(
                        to: contact.email, subject: catalog.format("email_reply_subject", c.language, arguments),
                        body: text + "\n\n-- \n" + catalog.format("email_reply_footer", c.language, arguments),
                        audience: .customer, scopePath: c.handlingPath, event: "case-event:\(eventID)"), now: now)
                }
            case .escalate(let process, let note, _, _):
                // The registry gets what the formal process needs: the feedback and the handler's
                // note, never the customer's contact details (those stay with the case).
                if let address = formalAddress {
                    let arguments = ["reference": c.reference, "process": catalog.text("process_" + process.rawValue, .fi),
                                     "link": publicURL + PublicPaths.caseDetail(c.id), "text": c.body, "note": note]
                    try await Notifier(db).send(Notice(
                        to: address, subject: catalog.format("email_formal_registry_subject", .fi, arguments),
                        body: catalog.format("email_formal_registry_body", .fi, arguments), audience: .staff, scopePath: c.handlingPath,
                        event: "case-event:\(eventID)"), now: now)
                }
            case .close:
                if c.hasContact {
                    let eraseAt = Calendar(identifier: .gregorian).date(byAdding: .month, value: retention, to: now) ?? now
                    try await repository.scheduleErasure(caseID: c.id, after: eraseAt)
                }
            case .publish(let youSaid, let weDid):
                guard let node = try await OrgRepository(db).node(id: c.targetNodeID) else { throw ActionError.invalid("case_error_unit") }
                try await WallRepository(db).publish(caseID: c.id, nodeID: node.id, nodePath: node.path, language: c.language,
                                                     youSaid: youSaid, weDid: weDid, by: handlerID, now: now)
            default: break
            }
            if let notify {
                try await notifyHandlers(notify.emails, template: notify.template, feedbackCase: c, event: "case-event:\(eventID)", db)
            }
            try await repository.save(c, now: now)
            try await AuditRepository(db).record(.feedbackHandled, by: actor,
                                                 target: ("feedback_case", c.id), detail: Self.name(of: action) + (auditDetail.isEmpty ? "" : " \(auditDetail)"), now: now)
        }
    }

    /// The handler's name and unit under a reply, as a letter from the county is signed.
    static func signature(name: String, unit: String) -> String {
        [name, unit].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The reply ending with the signature, unless it already does (a handler who signed it) or is
    /// empty (refused as such).
    static func signed(_ text: String, _ signature: String) -> String {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, !signature.isEmpty, !body.hasSuffix(signature) else { return text }
        return body + "\n\n" + signature
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
        case .contacted(let way, _): way == .phone ? "phoned" : "met"
        case .escalate: "escalate"
        case .formalDecision: "formal_decision"
        case .recordEffect: "effect"
        case .close: "close"
        case .reopen: "reopen"
        case .publish: "publish"
        }
    }

    /// The contact details, for a handler of the case who clicked to see them; every view is
    /// audit-logged and shown in the case's timeline.
    public func viewContact(caseID: String, by actor: Actor) async throws -> FeedbackRepository.Contact? {
        let now = clock.now()
        return try await database.transaction { db in
            guard try await Reach(db, actor).feedbackCase(caseID).handles else { throw ReadOnly() }
            let repository = FeedbackRepository(db)
            let contact = try await repository.contact(caseID: caseID)
            try await repository.addEvent(caseID: caseID, kind: .contactViewed, actorID: actor.id, now: now)
            try await AuditRepository(db).record(.contactViewed, by: actor,
                                                 target: ("feedback_case", caseID), now: now)
            return contact
        }
    }
}
