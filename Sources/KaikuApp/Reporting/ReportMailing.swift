import Foundation
import KaikuCore
import KaikuStorage
import Logging

/// Periodic reports by email: subscriptions (admins for anyone in their scope, reporters for
/// themselves) and the job that sends them on the first working day of each month — the previous
/// month's report, after a quarter the quarter's, in January the year's.
public struct ReportMailing: Sendable {
    let database: KaikuDatabase
    let catalog: Catalog
    let clock: any KaikuClock
    let publicURL: String

    public init(database: KaikuDatabase, catalog: Catalog, clock: any KaikuClock, publicURL: String) {
        self.database = database
        self.catalog = catalog
        self.clock = clock
        self.publicURL = publicURL
    }

    public typealias Frequency = SubscriptionRepository.Frequency

    /// Reports go out from this hour (Helsinki time) of the first working day, and a server that
    /// was down then sends them on the next days of this window.
    static let sendingHour = 6
    static let catchUpDays = 6

    /// The frequencies whose report is due in the month of `day`, or none when `now` is outside
    /// the sending window.
    public static func dueFrequencies(now: Date) -> [Frequency] {
        let today = CalendarDay(now)
        let first = FinnishCalendar.firstWorkingDay(ofMonthOf: today)
        guard now >= first.start.addingTimeInterval(TimeInterval(sendingHour) * 3600), today <= first.adding(days: catchUpDays) else { return [] }
        return [.month] + ([1, 4, 7, 10].contains(today.month) ? [.quarter] : []) + (today.month == 1 ? [.year] : [])
    }

    /// Queues each due report once per subscriber and period (the outbox key), to people who may
    /// still read the node's reports. Returns how many were queued or already queued. `asOf` acts
    /// as another moment (a missed run, a test); the mail is queued now either way.
    @discardableResult
    public func sendDue(asOf: Date? = nil, logger: Logger? = nil) async throws -> Int {
        let now = asOf ?? clock.now()
        let due = Self.dueFrequencies(now: now)
        guard !due.isEmpty else { return 0 }
        var sent = 0
        // The county's languages, for the language breakdown's rows (a command-line run has not loaded them).
        try await PublicLanguages(database: database, clock: clock, catalog: catalog).refreshIfDue()
        let reports = Reports(database: database, rule: try await CountySettings.anonymityRule(database), today: CalendarDay(now),
                              offeredLanguages: catalog.publicLanguages)
        for subscription in try await SubscriptionRepository(database.sql).all() where due.contains(subscription.frequency) {
            do {
                if try await send(subscription, reports: reports, now: now) { sent += 1 }
            } catch {
                logger?.warning("report mail failed", metadata: ["subscription": "\(subscription.id)", "error": "\(ErrorDescription.loggable(error))"])
            }
        }
        return sent
    }

    /// One subscriber's report for the period ended before `now`; false when they may no longer read it.
    func send(_ subscription: SubscriptionRepository.Subscription, reports: Reports, now: Date) async throws -> Bool {
        let db = database.sql
        guard let user = try await UserRepository(db).find(id: subscription.userID), user.isActive,
              let node = try await OrgRepository(db).node(id: subscription.nodeID),
              let survey = try await SurveyRepository(db).survey(id: subscription.surveyID) else { return false }
        let policy = AccessPolicy(grants: try await UserRepository(db).grants(userID: user.id).map(\.grant))
        guard policy.mayReadReports(onNodeAt: node.path) else { return false }
        let period = ReportPeriod.last(subscription.frequency.periodKind, before: CalendarDay(now))
        let digest = try await reports.digest(surveyCode: survey.code, nodeCode: node.code, period: period, reader: Actor(id: user.id, email: user.email, policy: policy), now: now)
        let mail = ReportMail(digest, frequency: subscription.frequency, catalog: catalog, language: subscription.language,
                              portalURL: publicURL + Self.portalPath(node: node.code, survey: survey.code, kind: period.kind),
                              subscriptionsURL: publicURL + Self.subscriptionsPath)
        try await database.transaction { db in
            try await Notifier(db).send(Notice(to: user.email, subject: mail.subject, body: mail.text, html: mail.html, audience: .staff,
                                               scopePath: node.path, event: "report:\(subscription.id):\(period.from)"), now: clock.now())
        }
        return true
    }

    // The paths are `PublicPaths`, which `SiteURL` serves.
    static let subscriptionsPath = PublicPaths.reportSubscriptions
    static func portalPath(node: String, survey: String, kind: ReportPeriod.Kind) -> String {
        PublicPaths.reports + "?node=\(node)&survey=\(survey)&period=\(kind.rawValue)"
    }

    // MARK: Subscriptions

    /// What a subscription page lists: the subscription with its person, node and survey.
    public struct Listed: Sendable {
        public let subscription: SubscriptionRepository.Subscription
        public let email: String
        public let node: OrgNode
        public let survey: SurveyRepository.Survey
    }

    /// Subscribes `email` to a node's report: anyone when an admin of the node or the operator
    /// asks, else the reader themself (a non-admin's `email` is ignored; nil or empty is oneself).
    /// The person must be able to read the node's reports.
    public func subscribe(email asked: String?, nodeCode: String, surveyCode: String, frequency: Frequency, language: Language,
                          by actor: Actor) async throws {
        let db = database.sql
        guard let email = (actor.policy.has(.admin) ? asked.flatMap { $0.isEmpty ? nil : $0 } : nil) ?? actor.email else { throw OutOfReach() }
        guard let node = try await OrgRepository(db).node(code: nodeCode), node.level != .servicePoint else {
            throw Refused("report_error_node", ["code": nodeCode])
        }
        let forSelf = email.lowercased() == actor.email?.lowercased()
        if !(forSelf ? actor.policy.mayReadReports(onNodeAt: node.path) : actor.policy.allows(.admin, onNodeAt: node.path)) {
            throw Refused("report_error_node", ["code": nodeCode])
        }
        guard let user = try await UserRepository(db).find(email: email), user.isActive else {
            throw Refused("subscription_error_person", ["email": email])
        }
        let grants = try await UserRepository(db).grants(userID: user.id).map(\.grant)
        guard AccessPolicy(grants: grants).mayReadReports(onNodeAt: node.path) else {
            throw Refused("subscription_error_scope", ["email": email, "code": nodeCode])
        }
        guard let survey = try await SurveyRepository(db).survey(code: surveyCode), survey.status != .draft,
              Reports.mayRead(survey, targets: try await SurveyRepository(db).targetPaths(surveyID: survey.id), actor) else {
            throw Refused("report_error_survey", ["code": surveyCode])
        }
        let now = clock.now()
        try await database.transaction { db in
            let id = try await SubscriptionRepository(db).add(userID: user.id, nodeID: node.id, surveyID: survey.id, frequency: frequency,
                                                              language: language, createdBy: actor.id, now: now)
            try await AuditRepository(db).record(.reportSubscriptionChanged, by: actor, target: ("report_subscription", id),
                                                 detail: "subscribed \(user.email) \(node.code) \(survey.code) \(frequency.rawValue)", now: now)
        }
    }

    /// Removes a subscription: the subscriber's own, or one an admin of its node may manage.
    public func unsubscribe(id: String, by actor: Actor) async throws {
        let policy = actor.policy
        let db = database.sql
        guard let subscription = try await SubscriptionRepository(db).find(id: id),
              let node = try await OrgRepository(db).node(id: subscription.nodeID),
              subscription.userID == actor.id || policy.allows(.admin, onNodeAt: node.path) else { throw Refused("subscription_error_missing") }
        let now = clock.now()
        try await database.transaction { db in
            try await SubscriptionRepository(db).delete(id: id)
            try await AuditRepository(db).record(.reportSubscriptionChanged, by: actor, target: ("report_subscription", id),
                                                 detail: "unsubscribed \(node.code) \(subscription.frequency.rawValue)", now: now)
        }
    }

    /// The subscriptions a person sees: their own, and as an admin those on nodes in their scope.
    public func list(by actor: Actor) async throws -> [Listed] {
        let db = database.sql
        let subscriptions = try await SubscriptionRepository(db).all()
        let nodes = Dictionary(try await OrgRepository(db).nodes(ids: Array(Set(subscriptions.map(\.nodeID)))).map { ($0.id, $0) }) { a, _ in a }
        let emails = try await UserRepository(db).emails(ids: Set(subscriptions.map(\.userID)))
        let surveys = Dictionary(try await SurveyRepository(db).all().map { ($0.id, $0) }) { a, _ in a }
        return subscriptions.compactMap { s in
            guard let node = nodes[s.nodeID], let survey = surveys[s.surveyID], let email = emails[s.userID],
                  s.userID == actor.id || actor.policy.allows(.admin, onNodeAt: node.path) else { return nil }
            return Listed(subscription: s, email: email, node: node, survey: survey)
        }.sorted { ($0.node.path, $0.email) < ($1.node.path, $1.email) }
    }
}
