import Foundation
import KaikuCore
import SQLKit

/// Feedback cases, their timeline and their contact data. Contact data is read only through
/// `contact(caseID:)`, which callers must audit-log.
public struct FeedbackRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    struct Row: Decodable {
        let id: String, reference: String, service_area_id: String, target_node_id: String, handling_node_id: String
        let handling_path: String, is_triage: Bool, kind: String, status: String, source: String
        let recording_channel: String?, recorded_by: String?, language: String, body: String, wants_reply: Bool
        let has_contact: Bool, assignee_id: String?, received_at: String, due_at: String, reminded_at: String?
        let escalated_at: String?, answered_at: String?, closed_at: String?, formal_process: String?, effects: String
        let effect_description: String
        let no_publication: Bool
        let formal_status: String?, formal_decided_at: String?

        var feedbackCase: FeedbackCase {
            FeedbackCase(
                id: id, reference: reference, serviceAreaID: service_area_id, targetNodeID: target_node_id,
                handlingNodeID: handling_node_id, handlingPath: handling_path, isTriage: is_triage,
                kind: FeedbackKind(rawValue: kind) ?? .idea, status: CaseStatus(rawValue: status) ?? .new,
                source: FeedbackSource(rawValue: source) ?? .web, recordingChannel: recording_channel.flatMap(RecordingChannel.init),
                recordedBy: recorded_by, language: Language(rawValue: language) ?? .fi, body: body, wantsReply: wants_reply,
                hasContact: has_contact, assigneeID: assignee_id, receivedAt: Timestamp.parse(received_at) ?? .distantPast,
                dueAt: Timestamp.parse(due_at) ?? .distantPast, remindedAt: reminded_at.flatMap(Timestamp.parse),
                escalatedAt: escalated_at.flatMap(Timestamp.parse), answeredAt: answered_at.flatMap(Timestamp.parse),
                closedAt: closed_at.flatMap(Timestamp.parse), formalProcess: formal_process.flatMap(FormalProcess.init),
                effects: effects.split(separator: ",").compactMap { FeedbackEffect(rawValue: String($0)) },
                effectDescription: effect_description, forbidsPublication: no_publication,
                formalStatus: formal_status.flatMap(FormalStatus.init), formalDecidedAt: formal_decided_at.flatMap(Timestamp.parse))
        }
    }

    static let columns = """
        SELECT id, reference, service_area_id, target_node_id, handling_node_id, handling_path, is_triage, kind, status, source,
               recording_channel, recorded_by, language, body, wants_reply, has_contact, assignee_id, received_at, due_at,
               reminded_at, escalated_at, answered_at, closed_at, formal_process, effects, effect_description, no_publication,
               formal_status, formal_decided_at
        FROM feedback_cases
        """

    /// Stores a new case; a second submission with the same `submissionKey` (a double click, a
    /// resent form) returns the first case instead of creating another.
    public func insert(_ c: FeedbackCase, email: String, phone: String, submissionKey: String?, now: Date) async throws -> FeedbackCase {
        if let submissionKey, let existing = try await sql.raw(SQLQueryString(Self.columns) + " WHERE submission_key = \(bind: submissionKey)")
            .first(decoding: Row.self) {
            return existing.feedbackCase
        }
        try await sql.raw("""
            INSERT INTO feedback_cases (id, reference, service_area_id, target_node_id, handling_node_id, handling_path, is_triage,
                kind, status, source, recording_channel, recorded_by, language, body, wants_reply, has_contact, assignee_id,
                received_at, due_at, submission_key, search_text, updated_at, no_publication)
            VALUES (\(bind: c.id), \(bind: c.reference), \(bind: c.serviceAreaID), \(bind: c.targetNodeID), \(bind: c.handlingNodeID),
                \(bind: c.handlingPath), \(bind: c.isTriage), \(bind: c.kind.rawValue), \(bind: c.status.rawValue), \(bind: c.source.rawValue),
                \(bind: c.recordingChannel?.rawValue), \(bind: c.recordedBy), \(bind: c.language.rawValue), \(bind: c.body),
                \(bind: c.wantsReply), \(bind: c.hasContact), \(bind: c.assigneeID), \(bind: Timestamp.format(c.receivedAt)),
                \(bind: Timestamp.format(c.dueAt)), \(bind: submissionKey), \(bind: (c.reference + "\n" + c.body).lowercased()),
                \(bind: Timestamp.format(now)), \(bind: c.forbidsPublication))
            """).run()
        if c.hasContact {
            try await sql.raw("""
                INSERT INTO feedback_contacts (case_id, email, phone) VALUES (\(bind: c.id), \(bind: email), \(bind: phone))
                """).run()
        }
        return c
    }

    public func find(id: String) async throws -> FeedbackCase? {
        try await sql.raw(SQLQueryString(Self.columns) + " WHERE id = \(bind: id)").first(decoding: Row.self)?.feedbackCase
    }

    public func find(reference: String) async throws -> FeedbackCase? {
        try await sql.raw(SQLQueryString(Self.columns) + " WHERE reference = \(bind: reference)").first(decoding: Row.self)?.feedbackCase
    }

    public struct InboxFilter: Sendable {
        public var statuses: [CaseStatus] = []
        public var kind: FeedbackKind?
        public var nodePath: String?
        public var from: Date?
        public var to: Date?
        public var text = ""
        /// Only cases closed without the reply their customer asked for (`FeedbackFigures`).
        public var closedWithoutReply = false
        public init() {}
    }

    /// Cases under the given subtrees, plus cases shared with `userID`; overdue first, then by due time.
    public func inbox(paths: [String], userID: String, filter: InboxFilter, now: Date, limit: Int = 200) async throws -> [FeedbackCase] {
        var query = SQLQueryString(Self.columns) + " WHERE ("
        query = query + (paths.isEmpty ? SQLQueryString("1 = 0") : OrgRepository.pathFilter(paths, column: "handling_path"))
        query = query + " OR id IN (SELECT case_id FROM case_shares WHERE user_id = \(bind: userID)))"
        if !filter.statuses.isEmpty { query = query + " AND status IN (\(binds: filter.statuses.map(\.rawValue)))" }
        if let kind = filter.kind { query = query + " AND kind = \(bind: kind.rawValue)" }
        if filter.closedWithoutReply { query = query + " AND wants_reply AND answered_at IS NULL AND status = 'closed'" }
        if let path = filter.nodePath { query = query + " AND handling_path LIKE \(bind: path + "%")" }
        if let from = filter.from { query = query + " AND received_at >= \(bind: Timestamp.format(from))" }
        if let to = filter.to { query = query + " AND received_at < \(bind: Timestamp.format(to))" }
        if !filter.text.isEmpty {
            let pattern = "%" + filter.text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            query = query + " AND search_text LIKE \(bind: pattern) ESCAPE '\\'"
        }
        let stamp = Timestamp.format(now)
        query = query + """
             ORDER BY CASE WHEN status IN ('answered', 'closed') THEN 2 WHEN due_at < \(bind: stamp) THEN 0 ELSE 1 END, due_at
             LIMIT \(bind: limit)
            """
        return try await sql.raw(query).all(decoding: Row.self).map(\.feedbackCase)
    }

    /// Writes the fields handling changes (status, place, assignee, dates, outcome).
    public func save(_ c: FeedbackCase, now: Date) async throws {
        try await sql.raw("""
            UPDATE feedback_cases SET target_node_id = \(bind: c.targetNodeID), handling_node_id = \(bind: c.handlingNodeID), handling_path = \(bind: c.handlingPath),
                is_triage = \(bind: c.isTriage), status = \(bind: c.status.rawValue), assignee_id = \(bind: c.assigneeID),
                due_at = \(bind: Timestamp.format(c.dueAt)), reminded_at = \(bind: c.remindedAt.map(Timestamp.format)),
                escalated_at = \(bind: c.escalatedAt.map(Timestamp.format)), answered_at = \(bind: c.answeredAt.map(Timestamp.format)),
                closed_at = \(bind: c.closedAt.map(Timestamp.format)), formal_process = \(bind: c.formalProcess?.rawValue),
                formal_status = \(bind: c.formalStatus?.rawValue), formal_decided_at = \(bind: c.formalDecidedAt.map(Timestamp.format)),
                effects = \(bind: c.effects.map(\.rawValue).joined(separator: ",")), effect_description = \(bind: c.effectDescription),
                has_contact = \(bind: c.hasContact), updated_at = \(bind: Timestamp.format(now))
            WHERE id = \(bind: c.id)
            """).run()
    }

    // MARK: Timeline

    public struct Event: Sendable, Equatable {
        public let id: String
        public let at: Date
        public let actorID: String?
        public let kind: CaseEventKind
        public let note: String
        public let data: String
    }

    struct EventRow: Decodable { let id: String; let at: String; let actor_id: String?; let kind: String; let note: String; let data: String }

    /// Adds a timeline entry and returns its id (notices caused by it are keyed by it).
    @discardableResult
    public func addEvent(caseID: String, kind: CaseEventKind, actorID: String?, note: String = "", data: String = "", now: Date) async throws -> String {
        let id = Identifier.make(at: now)
        try await sql.raw("""
            INSERT INTO case_events (id, case_id, at, actor_id, kind, note, data)
            VALUES (\(bind: id), \(bind: caseID), \(bind: Timestamp.format(now)), \(bind: actorID),
                    \(bind: kind.rawValue), \(bind: note), \(bind: data))
            """).run()
        return id
    }

    public func events(caseID: String) async throws -> [Event] {
        try await sql.raw("SELECT id, at, actor_id, kind, note, data FROM case_events WHERE case_id = \(bind: caseID) ORDER BY at, id")
            .all(decoding: EventRow.self).compactMap { row in
                guard let kind = CaseEventKind(rawValue: row.kind), let at = Timestamp.parse(row.at) else { return nil }
                return Event(id: row.id, at: at, actorID: row.actor_id, kind: kind, note: row.note, data: row.data)
            }
    }

    // MARK: Sharing

    public func share(caseID: String, with userID: String, by sharer: String, now: Date) async throws {
        try await sql.raw("""
            INSERT INTO case_shares (case_id, user_id, shared_by, shared_at) VALUES (\(bind: caseID), \(bind: userID), \(bind: sharer), \(bind: Timestamp.format(now)))
            ON CONFLICT (case_id, user_id) DO NOTHING
            """).run()
    }

    public func isShared(caseID: String, with userID: String) async throws -> Bool {
        try await sql.raw("SELECT case_id FROM case_shares WHERE case_id = \(bind: caseID) AND user_id = \(bind: userID)").first() != nil
    }

    // MARK: Contact data

    public struct Contact: Sendable, Equatable {
        public let email: String
        public let phone: String
        public let isErased: Bool
    }

    struct ContactRow: Decodable { let email: String; let phone: String; let erased_at: String? }

    /// The customer's contact details. Callers log every call in the audit log.
    public func contact(caseID: String) async throws -> Contact? {
        try await sql.raw("SELECT email, phone, erased_at FROM feedback_contacts WHERE case_id = \(bind: caseID)")
            .first(decoding: ContactRow.self).map { Contact(email: $0.email, phone: $0.phone, isErased: $0.erased_at != nil) }
    }

    public func scheduleErasure(caseID: String, after date: Date) async throws {
        try await sql.raw("UPDATE feedback_contacts SET erase_after = \(bind: Timestamp.format(date)) WHERE case_id = \(bind: caseID)").run()
    }

    /// Blanks contact data whose time has come; returns the cases affected. The rest of the case stays.
    public func eraseDueContacts(now: Date) async throws -> [String] {
        struct IDRow: Decodable { let case_id: String }
        let stamp = Timestamp.format(now)
        let due = try await sql.raw("""
            SELECT case_id FROM feedback_contacts WHERE erased_at IS NULL AND erase_after IS NOT NULL AND erase_after <= \(bind: stamp)
            """).all(decoding: IDRow.self).map(\.case_id)
        for id in due {
            try await sql.raw("UPDATE feedback_contacts SET email = '', phone = '', erased_at = \(bind: stamp) WHERE case_id = \(bind: id)").run()
            try await sql.raw("UPDATE feedback_cases SET has_contact = \(bind: false) WHERE id = \(bind: id)").run()
            try await addEvent(caseID: id, kind: .contactErased, actorID: nil, now: now)
        }
        return due
    }

    // MARK: Service promise

    /// Open cases whose reminder time has come and who have not been reminded.
    public func dueForReminder(now: Date, lead: TimeInterval) async throws -> [FeedbackCase] {
        try await sql.raw(SQLQueryString(Self.columns) + """
             WHERE status NOT IN ('answered', 'closed') AND reminded_at IS NULL AND due_at <= \(bind: Timestamp.format(now.addingTimeInterval(lead)))
               AND due_at > \(bind: Timestamp.format(now))
            """).all(decoding: Row.self).map(\.feedbackCase)
    }

    public func overdueNotEscalated(now: Date) async throws -> [FeedbackCase] {
        try await sql.raw(SQLQueryString(Self.columns) + """
             WHERE status NOT IN ('answered', 'closed') AND escalated_at IS NULL AND due_at < \(bind: Timestamp.format(now))
            """).all(decoding: Row.self).map(\.feedbackCase)
    }

    /// The cases still open under `path`, the most urgent (earliest due) first.
    public func open(path: String, limit: Int) async throws -> [FeedbackCase] {
        try await sql.raw(SQLQueryString(Self.columns) + """
             WHERE handling_path LIKE \(bind: path + "%") AND status NOT IN ('answered', 'closed') ORDER BY due_at LIMIT \(bind: limit)
            """).all(decoding: Row.self).map(\.feedbackCase)
    }

    /// The facts reports count, of the cases handled under `path` and received in [from, to).
    /// Only the columns a figure needs: no feedback text or contact leaves the case this way.
    public func caseFacts(path: String, from: Date, to: Date) async throws -> [CaseFacts] {
        struct FactRow: Decodable {
            let handling_node_id: String, handling_path: String, service_area_id: String, kind: String, status: String, wants_reply: Bool
            let formal_process: String?, formal_status: String?
            let received_at: String, due_at: String, answered_at: String?, effects: String, effect_description: String
        }
        return try await sql.raw("""
            SELECT handling_node_id, handling_path, service_area_id, kind, status, wants_reply, formal_process, formal_status, received_at, due_at,
                   answered_at, effects, effect_description
            FROM feedback_cases
            WHERE handling_path LIKE \(bind: path + "%") AND received_at >= \(bind: Timestamp.format(from)) AND received_at < \(bind: Timestamp.format(to))
            """).all(decoding: FactRow.self).map {
            CaseFacts(handlingNodeID: $0.handling_node_id, handlingPath: $0.handling_path, serviceAreaID: $0.service_area_id,
                      kind: FeedbackKind(rawValue: $0.kind) ?? .idea, status: CaseStatus(rawValue: $0.status) ?? .new,
                      wantsReply: $0.wants_reply, receivedAt: Timestamp.parse($0.received_at) ?? .distantPast, dueAt: Timestamp.parse($0.due_at) ?? .distantPast,
                      answeredAt: $0.answered_at.flatMap(Timestamp.parse),
                      effects: $0.effects.split(separator: ",").compactMap { FeedbackEffect(rawValue: String($0)) },
                      effectDescription: $0.effect_description,
                      formal: Self.formal($0.formal_process, $0.formal_status))
        }
    }

    public struct Waiting: Sendable, Equatable {
        public let new: Int
        public let overdue: Int
    }

    /// New cases and open cases past their due time under the given subtrees.
    public func waiting(paths: [String], now: Date) async throws -> Waiting {
        struct Counts: Decodable { let new: Int?; let overdue: Int? }
        let counts: SQLQueryString = """
            SELECT SUM(CASE WHEN status = 'new' THEN 1 ELSE 0 END) AS new,
                   SUM(CASE WHEN status NOT IN ('answered', 'closed') AND due_at < \(bind: Timestamp.format(now)) THEN 1 ELSE 0 END) AS overdue
            FROM feedback_cases
            """
        let row = try await sql.raw(counts + " WHERE " + OrgRepository.pathFilter(paths, column: "handling_path")).first(decoding: Counts.self)
        return Waiting(new: row?.new ?? 0, overdue: row?.overdue ?? 0)
    }

    /// A case's formal process and where it stands; a case escalated before the status was kept counts as handed over.
    static func formal(_ process: String?, _ status: String?) -> CaseFacts.Formal? {
        guard let process = process.flatMap(FormalProcess.init) else { return nil }
        return CaseFacts.Formal(process: process, status: status.flatMap(FormalStatus.init) ?? .handedOver)
    }

    /// The service promise of the cases handled under a path (`FeedbackFigures`' rule): of those
    /// that asked for a reply, answered on time, late, still waiting past the due time, closed
    /// without an answer; and every open case past its due time.
    public struct Adherence: Sendable, Equatable {
        public let onTime: Int
        public let late: Int
        public let awaitingOverdue: Int
        public let closedWithoutReply: Int
        public let openOverdue: Int
        public var share: Double? { ServicePromise.adherence(answeredOnTime: onTime, missed: late + awaitingOverdue + closedWithoutReply) }
    }

    /// Service-promise adherence for cases handled under `path`.
    public func adherence(path: String, now: Date) async throws -> Adherence {
        struct Counts: Decodable { let on_time: Int?; let late: Int?; let awaiting: Int?; let closed_unanswered: Int?; let open_overdue: Int? }
        let stamp = Timestamp.format(now)
        let row = try await sql.raw("""
            SELECT SUM(CASE WHEN wants_reply AND answered_at IS NOT NULL AND answered_at <= due_at THEN 1 ELSE 0 END) AS on_time,
                   SUM(CASE WHEN wants_reply AND answered_at IS NOT NULL AND answered_at > due_at THEN 1 ELSE 0 END) AS late,
                   SUM(CASE WHEN wants_reply AND answered_at IS NULL AND status NOT IN ('answered', 'closed') AND due_at < \(bind: stamp) THEN 1 ELSE 0 END) AS awaiting,
                   SUM(CASE WHEN wants_reply AND answered_at IS NULL AND status IN ('answered', 'closed') THEN 1 ELSE 0 END) AS closed_unanswered,
                   SUM(CASE WHEN status NOT IN ('answered', 'closed') AND due_at < \(bind: stamp) THEN 1 ELSE 0 END) AS open_overdue
            FROM feedback_cases WHERE handling_path LIKE \(bind: path + "%")
            """).first(decoding: Counts.self)
        return Adherence(onTime: row?.on_time ?? 0, late: row?.late ?? 0, awaitingOverdue: row?.awaiting ?? 0,
                         closedWithoutReply: row?.closed_unanswered ?? 0, openOverdue: row?.open_overdue ?? 0)
    }
}
