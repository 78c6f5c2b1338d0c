import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// SMS invitations after visits: visits are imported (a file or the API), decided by the rules of
/// `DispatchPlanner` on their invitation day, and each invitation becomes a personal survey link
/// in a text message queued in the outbox, which `SMSSender` delivers inside the sending window.
/// A decision erases the visit's personal data in the same transaction.
public struct SMSDispatch: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock
    let catalog: Catalog
    let publicURL: String

    public init(database: KaikuDatabase, clock: any KaikuClock, catalog: Catalog, publicURL: String) {
        self.database = database
        self.clock = clock
        self.catalog = catalog
        self.publicURL = publicURL
    }

    // MARK: Import

    /// What happened to each visit of an import: stored, already there, or refused for its problems.
    public struct ImportReport: Sendable, Equatable {
        public var imported = 0
        public var duplicates: [String] = []
        public var problems: [VisitFile.Problem] = []
        public init() {}
    }

    /// Stores the good visits of a parsed file or request (idempotent by visit id); `scope` limits
    /// them to service points under these paths (an API key's units), and a visit outside it is a
    /// problem of its row. Visit ids sent under a `namespace` (an API key's name) are that
    /// integration's own: stored as `namespace:id`, so another key can neither learn that an id
    /// exists nor have a visit skipped by sending its id first.
    public func importVisits(_ parsed: VisitFile.Result, source: String, scope: [String]? = nil, namespace: String? = nil,
                             by actor: Actor, progress: ProgressReport? = nil) async throws -> ImportReport {
        let prefix = namespace.map { $0 + ":" } ?? ""
        let now = clock.now()
        var report = ImportReport()
        report.problems = parsed.problems
        let keys = try await SMSKeys.load(database.sql, now: now)
        var accepted: [(Visit, Int)] = []
        if let scope {
            var paths: [String: String?] = [:]
            for (visit, line) in zip(parsed.visits, parsed.lines) {
                if paths[visit.servicePointCode] == nil {
                    paths[visit.servicePointCode] = try await OrgRepository(database.sql).node(code: visit.servicePointCode)?.path
                }
                if let path = paths[visit.servicePointCode] ?? nil, scope.contains(where: { path.hasPrefix($0) }) {
                    accepted.append((visit, line))
                } else {
                    report.problems.append(VisitFile.Problem(line: line, field: "service_point_code",
                                                             message: "\(visit.servicePointCode) is not a unit this API key may send visits for"))
                }
            }
        } else {
            accepted = Array(zip(parsed.visits, parsed.lines))
        }
        for chunk in accepted.chunked(500) {
            let duplicates = try await database.transaction { db in
                var duplicates: [String] = []
                let visits = VisitRepository(db)
                for (sent, _) in chunk {
                    var visit = sent
                    visit.visitID = prefix + sent.visitID
                    let stored = try await visits.insert(visit, personKey: keys.person(visit.personRef), visitKey: keys.visit(visit.visitID),
                                                         sendOn: DispatchPlanner.invitationDay(after: visit.day), source: source, now: now)
                    if !stored { duplicates.append(sent.visitID) }
                }
                return duplicates
            }
            report.imported += chunk.count - duplicates.count
            report.duplicates += duplicates
            progress?(report.imported + report.duplicates.count, accepted.count)
        }
        report.problems.sort { ($0.line, $0.field) < ($1.line, $1.field) }
        _ = try await AuditRepository(database.sql).record(.visitsImported, by: actor, target: ("visits", source),
                                                           detail: "imported=\(report.imported) duplicates=\(report.duplicates.count) problems=\(report.problems.count)",
                                                           now: now)
        return report
    }

    // MARK: Deciding

    /// An SMS survey that may be chosen: where it runs and for which contact types.
    struct SMSSurvey {
        let survey: SurveyRepository.Survey
        let targetPaths: [String]
    }

    /// The rules with today's database state: who was invited lately, which numbers refused, and
    /// which SMS survey each service point and contact type gets.
    struct Context {
        let planner: DispatchPlanner
        let nodes: [String: OrgNode]
        let surveys: [String: SurveyRepository.Survey]
    }

    func context(for visits: [VisitRepository.Stored], on day: CalendarDay, policy: SMSPolicy, keys: SMSKeys) async throws -> Context {
        let sql = database.sql
        var nodes: [String: OrgNode] = [:]
        for code in Set(visits.map(\.visit.servicePointCode)) {
            if let node = try await OrgRepository(sql).node(code: code) { nodes[code] = node }
        }
        let surveys = SurveyRepository(sql)
        let paths = try await surveys.targetPathsBySurvey()
        let candidates = try await surveys.all().filter { $0.channels.contains(.sms) && $0.isOpen(on: day) }
            .map { SMSSurvey(survey: $0, targetPaths: paths[$0.id] ?? []) }
        struct Key: Hashable { let code: String; let type: ContactType? }
        var choices: [Key: SurveyRepository.Survey] = [:]
        for (code, node) in nodes {
            for type in [nil] + ContactType.allCases.map(Optional.some) {
                if let chosen = Self.choose(candidates, at: node, for: type) { choices[Key(code: code, type: type)] = chosen }
            }
        }
        let chosen = choices
        let phoneKeys = visits.flatMap { $0.visit.phones.compactMap(PhoneNumber.normalise).map(keys.phone) }
        let planner = DispatchPlanner(recentDays: policy.recentDays,
                                      lastInvited: try await SMSRepository(sql).lastInvited(personKeys: visits.map(\.personKey)),
                                      refusedPhones: try await SMSRepository(sql).refused(among: phoneKeys),
                                      survey: { visit in
                                          chosen[Key(code: visit.servicePointCode, type: visit.contactType)].map { SurveyChoice(code: $0.code) }
                                      },
                                      personKey: keys.person, phoneKey: keys.phone)
        var byCode: [String: SurveyRepository.Survey] = [:]
        for survey in choices.values { byCode[survey.code] = survey }
        return Context(planner: planner, nodes: nodes, surveys: byCode)
    }

    /// The survey a visit of `type` at `node` gets: one limited to its contact type before one for
    /// every type (so phone contacts get the phone-service survey), then the one targeted closest
    /// to the unit, then a national one, then by code.
    static func choose(_ candidates: [SMSSurvey], at node: OrgNode, for type: ContactType?) -> SurveyRepository.Survey? {
        let fitting = candidates.compactMap { candidate -> (SMSSurvey, Int)? in
            let types = candidate.survey.smsContactTypes
            guard types.isEmpty || type.map(types.contains) == true else { return nil }
            let depth = candidate.targetPaths.filter { node.path.hasPrefix($0) }.map(\.count).max()
            return depth.map { (candidate, $0) }
        }
        return fitting.min { a, b in
            let aLimited = !a.0.survey.smsContactTypes.isEmpty, bLimited = !b.0.survey.smsContactTypes.isEmpty
            if aLimited != bLimited { return aLimited }
            if a.1 != b.1 { return a.1 > b.1 }
            if a.0.survey.isNational != b.0.survey.isNational { return a.0.survey.isNational }
            return a.0.survey.code < b.0.survey.code
        }?.0.survey
    }

    /// What the rules decide for the visits whose invitation day is `day`, without changing
    /// anything: the decided ones as they were decided (an invitation that went out is only
    /// counted: nothing of its visit is kept), the pending ones as a run would decide them (after
    /// the earlier days' pending visits, whose invitations count for the 30-day rule).
    public func plan(on day: CalendarDay) async throws -> [DispatchDecision] {
        let now = clock.now()
        let visits = VisitRepository(database.sql)
        var decisions = try await visits.decided(on: day).map { decided in
            DispatchDecision(visitID: decided.visitID ?? "", outcome: decided.reason.map { .exclude($0) } ?? .sent(day: decided.sendOn),
                             plannedDay: decided.sendOn)
        }
        let pending = try await visits.pending(dueBy: day)
        let context = try await context(for: pending, on: day, policy: try await Self.policy(database.sql),
                                         keys: try await SMSKeys.load(database.sql, now: now))
        decisions += context.planner.plan(pending.map(\.visit)).filter { $0.plannedDay == day }
        return decisions
    }

    public struct RunSummary: Sendable, Equatable {
        public var sent = 0
        public var excluded: [ExclusionReason: Int] = [:]
        public init() {}
    }

    /// Decides every undecided visit due by today and queues the invitations. Runs only on working
    /// days inside the sending window unless told otherwise (the demo, a test); the server's job
    /// runs it every few minutes, and a visit is decided once however many processes run it.
    @discardableResult
    public func run(ignoringWindow: Bool = false, by actor: Actor = .system) async throws -> RunSummary {
        let now = clock.now()
        let today = CalendarDay(now)
        let policy = try await Self.policy(database.sql)
        guard ignoringWindow || (FinnishCalendar.isWorkingDay(today) && policy.isOpen(at: now)) else { return RunSummary() }
        let pending = try await VisitRepository(database.sql).pending(dueBy: today)
        guard !pending.isEmpty else { return RunSummary() }
        let keys = try await SMSKeys.load(database.sql, now: now)
        let context = try await context(for: pending, on: today, policy: policy, keys: keys)
        let decisions = context.planner.plan(pending.map(\.visit))
        let nodes = context.nodes, surveys = context.surveys
        let byID = Dictionary(pending.map { ($0.visit.visitID, $0) }, uniquingKeysWith: { a, _ in a })
        let texts = try await texts()
        let naming = try await Naming.load(database.sql)
        let replyable = policy.replyAnswers == 1 ? try await Self.replyable(Array(surveys.values), database.sql) : []
        var summary = RunSummary()
        for chunk in decisions.chunked(200) {
            let part = try await database.transaction { [self] db in
                var part = RunSummary()
                for decision in chunk {
                    guard let stored = byID[decision.visitID] else { continue }
                    switch decision.outcome {
                    case .exclude(let reason):
                        if try await VisitRepository(db).decide(visitID: decision.visitID, visitKey: keys.visit(decision.visitID),
                                                                sendOn: stored.sendOn, reason: reason, now: now) {
                            part.excluded[reason, default: 0] += 1
                        }
                    case .send(let code, _, let language, let phone):
                        guard let survey = surveys[code], let node = nodes[stored.visit.servicePointCode] else { continue }
                        guard try await VisitRepository(db).decide(visitID: decision.visitID, visitKey: keys.visit(decision.visitID),
                                                                   sendOn: stored.sendOn, reason: nil, now: now) else { continue }
                        try await invite(stored, survey: survey, node: node, language: language, phone: phone,
                                         texts: replyable.contains(survey.id) ? SMSTemplate.replyDefaults : texts, naming: naming,
                                         policy: policy, keys: keys, today: today, now: now, replies: replyable.contains(survey.id), db)
                        part.sent += 1
                    case .sent:
                        continue  // only a decided visit is described so
                    }
                }
                return part
            }
            summary.sent += part.sent
            summary.excluded.merge(part.excluded, uniquingKeysWith: +)
        }
        let excluded = ExclusionReason.allCases.compactMap { reason in summary.excluded[reason].map { "\(reason.rawValue)=\($0)" } }
        _ = try await AuditRepository(database.sql).record(.smsDispatched, by: actor, target: ("sms_run", today.description),
                                                           detail: (["sent=\(summary.sent)"] + excluded).joined(separator: " "), now: now)
        return summary
    }

    /// One invitation: a personal link (counted as an invitation for the response rate), a refusal
    /// code for the number, the message in the outbox, and the day remembered for the 30-day rule.
    func invite(_ stored: VisitRepository.Stored, survey: SurveyRepository.Survey, node: OrgNode, language: Language, phone: String,
                texts: [Language: String], naming: Naming, policy: SMSPolicy, keys: SMSKeys, today: CalendarDay, now: Date,
                replies: Bool = false, _ db: any SQLDatabase) async throws {
        let visit = stored.visit
        let token = try await SurveyRepository(db).createLink(
            surveyID: survey.id, node: node, channel: .sms, language: language,
            background: .init(ageBand: stored.ageBand, contactType: visit.contactType, callType: visit.contactType == .phone ? visit.callType : nil),
            expiresAt: now.addingTimeInterval(Double(policy.linkDays) * 86_400), now: now, token: SurveyToken.makeShort())
        let code = OptOutCode.make()
        try await SMSRepository(db).createOptOutCode(code, phoneKey: keys.phone(phone), expiresAt: now.addingTimeInterval(Self.optOutCodeDays * 86_400))
        if replies {
            try await SMSReplyRepository(db).expect(phoneKey: keys.phone(phone), token: token,
                                                    expiresAt: now.addingTimeInterval(Double(policy.linkDays) * 86_400), now: now)
        }
        let text = SMSTemplate.message(texts[language] ?? "", unit: naming.namesUnit(node) ? node.spec.name[language] : nil,
                                       county: naming.county(of: node).name[language],
                                       link: publicURL + SMSLink.path(token: token, optOutCode: code), optOut: publicURL + PublicPaths.optOut(code),
                                       parts: replies ? 2 : 1)
        try await Notifier(db).send(Notice(channel: .sms, to: phone, subject: "", body: text, audience: .customer, scopePath: node.path,
                                           event: "visit:" + keys.visit(visit.visitID)), now: now)
        try await SMSRepository(db).recordInvited(personKey: stored.personKey, on: today)
    }

    /// How long a message's refusal link works.
    static let optOutCodeDays = 90.0

    /// Deletes visits past the retention period and expired refusal codes.
    public func purge() async throws {
        let now = clock.now()
        let policy = try await Self.policy(database.sql)
        try await VisitRepository(database.sql).purge(importedBefore: now.addingTimeInterval(-Double(policy.retentionDays) * 86_400))
        try await SMSRepository(database.sql).purgeOptOutCodes(now: now)
        try await SMSReplyRepository(database.sql).purge(now: now)
    }
}
