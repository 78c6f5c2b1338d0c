import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// Fills an empty database with the fictional county and one login per role.
public struct DemoLoader: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case notEmpty(nodes: Int, users: Int)
        public var description: String {
            switch self {
            case let .notEmpty(nodes, users):
                "The database already has data (\(nodes) organisation nodes, \(users) users); the demo loads only into an empty database."
            }
        }
    }

    let database: KaikuDatabase
    let passwords: PasswordHasher
    let clock: any KaikuClock

    public init(database: KaikuDatabase, passwords: PasswordHasher, clock: any KaikuClock) {
        self.database = database
        self.passwords = passwords
        self.clock = clock
    }

    public func isEmpty() async throws -> Bool {
        let nodes = try await OrgRepository(database.sql).count()
        let users = try await UserRepository(database.sql).count()
        return nodes == 0 && users == 0
    }

    /// Loads the demo; refuses when there is any organisation or user already.
    public func load() async throws -> [DemoCounty.DemoUser] {
        let nodes = try await OrgRepository(database.sql).count()
        let users = try await UserRepository(database.sql).count()
        guard nodes == 0 && users == 0 else { throw Failure.notEmpty(nodes: nodes, users: users) }
        let hash = try await passwords.hash(DemoCounty.password)
        let now = clock.now()
        let today = CalendarDay(now)
        try await database.transaction { db in
            let org = OrgRepository(db)
            _ = try await org.apply(DemoCounty.nodes(), today: today, now: now)
            let userRepository = UserRepository(db)
            for demo in DemoCounty.users + [DemoCounty.triageHandler] {
                let user = try await userRepository.create(email: demo.email, displayName: demo.name, passwordHash: hash,
                                                           mustChangePassword: false, now: now)
                for (role, code) in demo.grants {
                    guard let node = try await org.node(code: code) else { continue }
                    try await userRepository.addGrant(userID: user.id, role: role, nodeID: node.id, now: now)
                }
            }
            let areas = ServiceAreaRepository(db)
            for (index, area) in DemoCounty.serviceAreas.enumerated() {
                var nodeIDs: [String] = []
                for code in area.nodeCodes { if let node = try await org.node(code: code) { nodeIDs.append(node.id) } }
                try await areas.create(code: area.code, name: area.name, help: area.help, promiseDays: nil, sortOrder: index,
                                       nodeIDs: nodeIDs, now: now)
            }
            for (index, phrase) in DemoCounty.phrases.enumerated() {
                try await PhraseRepository(db).create(title: phrase.title, body: phrase.body, sortOrder: index, now: now)
            }
            // The national survey runs in every unit of the demo county.
            if let national = try await SurveyRepository(db).survey(code: NationalSurvey.code),
               let county = try await org.node(code: DemoCounty.code) {
                try await SurveyRepository(db).addTarget(surveyID: national.id, nodeID: county.id)
            }
            // The phone service's survey runs at the health centres' phone lines.
            if let phone = try await SurveyRepository(db).survey(code: PhoneServiceSurvey.code),
               let area = try await org.node(code: "\(DemoCounty.code)-TER-TA") {
                try await SurveyRepository(db).addTarget(surveyID: phone.id, nodeID: area.id)
            }
            // The county's recommendation target (the seeds' OKR measure), last year's and this year's,
            // and the director's monthly report.
            if let national = try await SurveyRepository(db).survey(code: NationalSurvey.code), let county = try await org.node(code: DemoCounty.code) {
                for (year, value) in [(today.year - 1, 60.0), (today.year, 65.0)] {
                    try await TargetRepository(db).set(ReportTarget(
                        id: Identifier.make(at: now), nodeID: county.id, surveyID: national.id, questionKey: "thl.nps",
                        startsOn: CalendarDay(year: year, month: 1, day: 1)!, endsOn: CalendarDay(year: year, month: 12, day: 31)!, value: value), now: now)
                }
                if let director = try await userRepository.find(email: DemoCounty.director) {
                    _ = try await SubscriptionRepository(db).add(userID: director.id, nodeID: county.id, surveyID: national.id, frequency: .month,
                                                                 language: .fi, createdBy: nil, now: now)
                }
            }
            let request = DemoCounty.surveyRequest(today: today)
            if let requester = try await userRepository.find(email: request.email), let unit = try await org.node(code: request.draft.unitCode) {
                _ = try await SurveyRequestRepository(db).create(request.draft, node: unit, requestedBy: requester.id, now: now)
            }
            // Objections and complaints go to the county's registry.
            try await SettingsRepository(db).set(FormalHandling.emailKey, DemoCounty.registry, now: now)
            try await AuditRepository(db).record(.demoLoaded, by: .system, detail: "demo county \(DemoCounty.code)", now: now)
        }
        return DemoCounty.users + [DemoCounty.triageHandler]
    }

    /// A year of answers and SMS invitations before today (`DemoAnswers`), so that reports have
    /// something to show. Separate from `load` so tests that need only the county stay fast.
    public func loadHistory(progress: ProgressReport? = nil) async throws -> Int {
        let now = clock.now()
        let (responses, invitations) = DemoAnswers.generate(today: CalendarDay(now))
        return try await database.transaction { db in
            let nodes = Dictionary(try await OrgRepository(db).all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            let surveys = SurveyRepository(db)
            var versions: [String: (surveyID: String, versionID: String)] = [:]
            for code in [NationalSurvey.code, PhoneServiceSurvey.code] {
                if let survey = try await surveys.survey(code: code), let version = try await surveys.latestVersion(surveyID: survey.id) {
                    versions[code] = (survey.id, version.id)
                }
            }
            // In day order and large batches, so that a batch's counts merge before they are written.
            let items = responses.sorted { $0.day < $1.day }.compactMap { r -> (response: SurveyRepository.NewResponse, answers: [String: AnswerValue])? in
                guard let version = versions[r.surveyCode], let node = nodes[r.nodeCode] else { return nil }
                return (SurveyRepository.NewResponse(surveyID: version.surveyID, versionID: version.versionID, node: node, channel: r.channel,
                                                      language: r.language, background: .init(ageBand: r.ageBand, contactType: r.contactType, callType: r.callType,
                                                                                         respondent: r.respondent, variant: r.variant,
                                                                                         assistance: r.assistance),
                                                      submissionKey: nil, day: r.day), r.answers)
            }
            _ = try await surveys.insertAll(items, now: now, progress: progress)
            try await ReportRepository(db).countInvitations(invitations.compactMap { invitation, count in
                guard let version = versions[invitation.surveyCode], let node = nodes[invitation.nodeCode] else { return nil }
                return .init(surveyID: version.surveyID, nodePath: node.path, day: invitation.day, channel: .sms, language: invitation.language,
                             ageBand: invitation.ageBand, count: count)
            })
            try await loadCases(db, nodes: nodes, now: now)
            return items.count
        }
    }

    /// One handled case in so many is published on the wall (a few a month, as a county would).
    static let publishedShare = 20

    /// The year's free-form feedback (`DemoCases`) as handled cases with their timelines.
    func loadCases(_ db: any SQLDatabase, nodes: [String: OrgNode], now: Date) async throws {
        let areas = Dictionary(try await ServiceAreaRepository(db).list().map { ($0.code, $0.id) }) { a, _ in a }
        let feedback = FeedbackRepository(db)
        let promise = ServicePromise()
        // The county's feedback coordinator publishes what some feedback led to on the public wall.
        let publisher = try await UserRepository(db).find(email: DemoCounty.triageHandler.email)?.id
        var handled = 0
        for demo in DemoCases.generate(today: CalendarDay(now)) {
            guard let unit = nodes[demo.unitCode], let areaID = areas[demo.areaCode] else { continue }
            let received = demo.receivedAt
            var c = FeedbackCase(
                id: Identifier.make(at: received), reference: ReferenceNumber.make(at: received), serviceAreaID: areaID, targetNodeID: unit.id,
                handlingNodeID: unit.id, handlingPath: unit.path, isTriage: false, kind: demo.kind, status: .new, source: .web,
                recordingChannel: nil, recordedBy: nil, language: demo.language, body: demo.body, wantsReply: demo.wantsReply, hasContact: demo.wantsReply,
                assigneeID: nil, receivedAt: received, dueAt: promise.due(receivedAt: received))
            // A made-up mobile number, like the demo visits'.
            let phone = demo.wantsReply ? "+35840" + String(format: "%07d", Int(received.timeIntervalSince1970) % 10_000_000) : ""
            c = try await feedback.insert(c, email: "", phone: phone, submissionKey: nil, now: received)
            _ = try await feedback.addEvent(caseID: c.id, kind: .received, actorID: nil, now: received)
            guard let answered = demo.answeredAt else {
                // A forgotten case was reminded of and escalated when its time came, not at the demo's first start.
                if c.dueAt < now {
                    c.noteReminder(at: promise.reminderAt(due: c.dueAt))
                    c.noteEscalation(at: c.dueAt)
                    try await feedback.save(c, now: c.dueAt)
                }
                continue
            }
            // Handled through the state machine, as a handler would: answered by phone when the
            // customer asked for a reply (a few closed without one), the effects recorded, closed
            // two weeks on; a case that asked for no reply is closed when it was handled.
            var steps: [(FeedbackCase.Change, Date)] = []
            if demo.wantsReply && !demo.closedUnanswered { steps.append((.contacted(.phone, note: ""), answered)) }
            if !demo.effects.isEmpty { steps.append((.recordEffects(demo.effects, description: demo.effectDescription), answered)) }
            if !demo.wantsReply || demo.closedUnanswered {
                steps.append((.close, answered))
            } else if answered < now.addingTimeInterval(-14 * 86_400) {
                steps.append((.close, answered.addingTimeInterval(86_400)))
            }
            for (change, at) in steps {
                for event in try c.apply(change, by: "", at: at) {
                    _ = try await feedback.addEvent(caseID: c.id, kind: event.kind, actorID: nil, note: event.note, data: event.data, now: at)
                }
            }
            handled += 1
            if let publisher, let closed = c.closedAt, !demo.effectDescription.isEmpty, demo.kind != .question,
               handled % Self.publishedShare == 0 {
                let youSaid = String(PersonalData.mask(demo.body).prefix(FeedbackCase.maxYouSaidLength))
                if let events = try? c.apply(.publish(youSaid: youSaid, weDid: demo.effectDescription), by: publisher, at: closed) {
                    for event in events {
                        _ = try await feedback.addEvent(caseID: c.id, kind: event.kind, actorID: publisher, note: event.note, data: event.data, now: closed)
                    }
                    try await WallRepository(db).publish(caseID: c.id, nodeID: unit.id, nodePath: unit.path, language: c.language, youSaid: youSaid,
                                                         weDid: demo.effectDescription, by: publisher, now: closed)
                }
            }
            try await feedback.save(c, now: c.closedAt ?? answered)
            // As closing through the handlers' screen does: the customer's number is kept for the retention time, then erased.
            if let closed = c.closedAt, c.hasContact,
               let eraseAt = Calendar(identifier: .gregorian).date(byAdding: .month, value: FeedbackService.defaultRetentionMonths, to: closed) {
                try await feedback.scheduleErasure(caseID: c.id, after: eraseAt)
            }
        }
    }
}
