import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// The free-form feedback process: receiving, routing, handling actions, the service promise's
/// reminders and escalations, and erasing contact data on schedule. Every change writes its
/// timeline event (and notification, and audit entry) in the same transaction.
public struct FeedbackService: Sendable {
    let database: KaikuDatabase
    let catalog: Catalog
    let clock: any KaikuClock
    /// Base of links in notifications, e.g. "https://palaute.example.fi".
    let publicURL: String

    public init(database: KaikuDatabase, catalog: Catalog, clock: any KaikuClock, publicURL: String) {
        self.database = database
        self.catalog = catalog
        self.clock = clock
        self.publicURL = publicURL
    }

    public static let defaultPromiseDays = 7
    public static let defaultRetentionMonths = 12

    public enum Failure: Error, Equatable {
        case invalid([FeedbackSubmission.Problem])
        case unknownArea
        case unknownUnit
        /// The spam defence's verdict on an anonymous sender (never `.accept`).
        case refused(SpamDefence.Verdict)
    }

    /// Who sent feedback through the public form, as the spam defence sees them: the hidden
    /// field a person leaves empty, when the form was shown (from its signed timestamp), and the
    /// client's address key. Staff recording feedback on someone's behalf have none.
    public struct WebSender: Sendable {
        public let honeypot: String
        public let formShownAt: Date?
        public let rateKey: String

        public init(honeypot: String, formShownAt: Date?, rateKey: String) {
            self.honeypot = honeypot
            self.formShownAt = formShownAt
            self.rateKey = rateKey
        }
    }

    /// Nodes with at least one designated handler (a handler grant on the node itself).
    func nodesWithHandlers(_ db: any SQLDatabase) async throws -> Set<String> {
        Set(try await UserRepository(db).activeHandlerCounts().keys)
    }

    func handlerEmails(nodeID: String, _ db: any SQLDatabase) async throws -> [String] {
        try await UserRepository(db).handlerEmails(nodeID: nodeID)
    }

    func promiseDays(area: ServiceArea, _ db: any SQLDatabase) async throws -> Int {
        if let days = area.promiseDays { return days }
        return try await SettingsRepository(db).value("promise_days").flatMap(Int.init) ?? Self.defaultPromiseDays
    }

    public struct Recording: Sendable {
        public let source: FeedbackSource
        public let channel: RecordingChannel?
        public let recordedBy: String?
        public init(source: FeedbackSource, channel: RecordingChannel?, recordedBy: String?) {
            self.source = source
            self.channel = channel
            self.recordedBy = recordedBy
        }
        public static let web = Recording(source: .web, channel: nil, recordedBy: nil)

        /// Feedback a member of staff records for a customer: given some other way than the web
        /// form, through a known channel; nil for anything else.
        public init?(source: String, channel: String, recordedBy: String) {
            guard let source = FeedbackSource(rawValue: source), source != .web, let channel = RecordingChannel(rawValue: channel) else { return nil }
            self.init(source: source, channel: channel, recordedBy: recordedBy)
        }
    }

    /// Receives feedback: checks it, routes it to the unit's handlers (or up the tree, or to the
    /// county's triage queue when the customer does not know the unit), and queues the notices.
    /// Stores a case. An anonymous `sender` passes the spam defence first, counted per address and
    /// hour in the same transaction as the case, so that only stored feedback uses up the hour.
    public func submit(_ submission: FeedbackSubmission, recording: Recording = .web, submissionKey: String?,
                       sender: WebSender? = nil) async throws -> FeedbackCase {
        let problems = submission.problems()
        guard problems.isEmpty, let kind = submission.kind else { throw Failure.invalid(problems) }
        let now = clock.now()
        let today = CalendarDay(now)
        return try await database.transaction { [self] db in
            var hourKey: String?
            if let sender {
                let settings = SettingsRepository(db)
                let key = "feedback:" + SessionRepository.hash(sender.rateKey + (try await settings.secret("form_secret", now: now)))
                let verdict = SpamDefence().verdict(honeypot: sender.honeypot, formShownAt: sender.formShownAt, now: now,
                                                    submissionsThisHour: try await settings.countInHour(key, now: now))
                guard verdict == .accept else { throw Failure.refused(verdict) }
                hourKey = key
            }
            guard let area = try await ServiceAreaRepository(db).find(id: submission.serviceAreaID), area.isActive else { throw Failure.unknownArea }
            let org = OrgRepository(db)
            let target: OrgNode
            var isTriage = false
            if let unitID = submission.unitID {
                let choices = try await ServiceAreaRepository(db).units(of: area, today: today)
                guard let unit = choices.first(where: { $0.id == unitID }) else { throw Failure.unknownUnit }
                target = unit
            } else {
                guard let first = area.nodeIDs.first, let node = try await org.node(id: first),
                      let rootID = OrgPath.ids(in: node.path).first, let root = try await org.node(id: rootID) else { throw Failure.unknownArea }
                target = root
                isTriage = true
            }
            let handlers = try await nodesWithHandlers(db)
            let handlingID = FeedbackRouting.handlingNode(path: target.path, nodesWithHandlers: handlers) ?? OrgPath.ids(in: target.path)[0]
            guard let handling = try await org.node(id: handlingID) else { throw Failure.unknownUnit }
            let days = try await promiseDays(area: area, db)
            let hasContact = !submission.email.isEmpty || !submission.phone.isEmpty
            let candidate = FeedbackCase(
                id: Identifier.make(at: now), reference: ReferenceNumber.make(at: now), serviceAreaID: area.id,
                targetNodeID: target.id, handlingNodeID: handling.id, handlingPath: handling.path, isTriage: isTriage, kind: kind,
                status: .new, source: recording.source, recordingChannel: recording.channel, recordedBy: recording.recordedBy,
                language: submission.language, body: submission.text.trimmingCharacters(in: .whitespacesAndNewlines),
                wantsReply: submission.wantsReply, hasContact: hasContact, assigneeID: nil, receivedAt: now,
                dueAt: ServicePromise(days: days).due(receivedAt: now), forbidsPublication: submission.forbidsPublication)
            let repository = FeedbackRepository(db)
            let stored = try await repository.insert(candidate, email: submission.email.trimmingCharacters(in: .whitespaces),
                                                     phone: PhoneNumber.normalise(submission.phone) ?? "", submissionKey: submissionKey, now: now)
            guard stored.id == candidate.id else { return stored }  // the same form sent twice
            if let hourKey { try await SettingsRepository(db).recordInHour(hourKey, now: now) }
            if recording.source == .web {
                try await repository.addEvent(caseID: stored.id, kind: .received, actorID: nil, now: now)
            } else {
                try await repository.addEvent(caseID: stored.id, kind: .recordedOnBehalf, actorID: recording.recordedBy,
                                              data: [recording.source.rawValue, recording.channel?.rawValue ?? ""].joined(separator: " "), now: now)
                try await AuditRepository(db).record(.feedbackRecorded, by: .init(id: recording.recordedBy, email: nil),
                                                     target: ("feedback_case", stored.id), now: now)
            }
            let routed = try await repository.addEvent(caseID: stored.id, kind: .routed, actorID: nil, data: handling.code, now: now)
            try await notifyHandlers(try await handlerEmails(nodeID: handling.id, db), template: isTriage ? "triage" : "new",
                                     feedbackCase: stored, event: "case-event:\(routed)", db)
            return stored
        }
    }

    /// Queues a link-only notice about a case to handlers: never the text or contact data.
    func notifyHandlers(_ emails: [String], template: String, feedbackCase: FeedbackCase, event: String, _ db: any SQLDatabase) async throws {
        let arguments = ["reference": feedbackCase.reference, "link": publicURL + PublicPaths.caseDetail(feedbackCase.id),
                         "due": Self.formatDay(feedbackCase.dueAt)]
        try await Notifier(db).notifyStaff(emails, template: "email_\(template)", arguments: arguments, catalog: catalog,
                                           scopePath: feedbackCase.handlingPath, event: event, now: clock.now())
    }

    static func formatDay(_ date: Date) -> String {
        let day = CalendarDay(date)
        return "\(day.day).\(day.month).\(day.year)"
    }

    // MARK: Service promise

    /// Reminds handlers of cases close to due, and escalates overdue cases to the next level's
    /// handlers; each case once. Returns (reminded, escalated).
    @discardableResult
    public func runServicePromise() async throws -> (reminded: Int, escalated: Int) {
        let now = clock.now()
        let lead = ServicePromise().reminderLead
        return try await database.transaction { [self] db in
            let repository = FeedbackRepository(db)
            var reminded = 0
            var escalated = 0
            for var c in try await repository.dueForReminder(now: now, lead: lead) {
                c.noteReminder(at: now)
                try await repository.save(c, now: now)
                let event = try await repository.addEvent(caseID: c.id, kind: .reminded, actorID: nil, now: now)
                try await notifyHandlers(try await handlerEmails(nodeID: c.handlingNodeID, db), template: "reminder", feedbackCase: c,
                                         event: "case-event:\(event)", db)
                reminded += 1
            }
            let handlers = try await nodesWithHandlers(db)
            for var c in try await repository.overdueNotEscalated(now: now) {
                // To the next level up with handlers, or, at the top, to the case's own handlers.
                let upper = try await FeedbackRouting.escalationNode(path: c.handlingPath, handlingNodeID: c.handlingNodeID, nodesWithHandlers: handlers)
                    .asyncFlatMap { try await OrgRepository(db).node(id: $0) }
                let event = try await repository.addEvent(caseID: c.id, kind: .overdueEscalated, actorID: nil, data: upper?.code ?? "", now: now)
                try await notifyHandlers(try await handlerEmails(nodeID: upper?.id ?? c.handlingNodeID, db), template: "overdue", feedbackCase: c,
                                         event: "case-event:\(event)", db)
                c.noteEscalation(at: now)
                try await repository.save(c, now: now)
                escalated += 1
            }
            return (reminded, escalated)
        }
    }

    /// Erases contact data whose retention has ended.
    @discardableResult
    public func eraseContacts() async throws -> Int {
        let now = clock.now()
        return try await database.transaction { db in try await FeedbackRepository(db).eraseDueContacts(now: now).count }
    }

    public func retentionMonths() async throws -> Int {
        try await SettingsRepository(database.sql).value("contact_retention_months").flatMap(Int.init) ?? Self.defaultRetentionMonths
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
