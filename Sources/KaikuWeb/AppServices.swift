import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage
import Logging

/// What routes and middleware share: storage, templates, the clock and settings.
public struct AppServices: Sendable {
    public let database: KaikuDatabase
    public let renderer: ViewRenderer
    public let clock: any KaikuClock
    public let configuration: AppConfiguration
    public let throttle: LoginThrottle
    public let passwords: PasswordHasher
    /// Whether a load balancer should send this process requests (`/readyz`).
    public let readiness = Readiness()
    let bursts = AnswerBurstLimiter()

    public init(database: KaikuDatabase, renderer: ViewRenderer, clock: any KaikuClock,
                configuration: AppConfiguration, throttle: LoginThrottle = LoginThrottle(),
                passwords: PasswordHasher = PasswordHasher()) {
        self.database = database
        self.renderer = renderer
        self.clock = clock
        self.configuration = configuration
        self.throttle = throttle
        self.passwords = passwords
    }

    public var catalog: Catalog { renderer.catalog }

    public var publicURL: String { configuration.resolvedPublicURL }

    public var feedback: FeedbackService {
        FeedbackService(database: database, catalog: catalog, clock: clock, publicURL: publicURL)
    }
    public var auditedReads: AuditedReads { AuditedReads(database: database, clock: clock) }
    /// Reports under the county's anonymity rule, read once per request.
    public func reports() async throws -> Reports {
        Reports(database: database, rule: try await CountySettings.anonymityRule(database), today: today())
    }
    public var reportMailing: ReportMailing { ReportMailing(database: database, catalog: catalog, clock: clock, publicURL: publicURL) }
    public var smsDispatch: SMSDispatch { SMSDispatch(database: database, clock: clock, catalog: catalog, publicURL: publicURL) }
    public var textAnalytics: TextAnalytics { TextAnalytics(database: database, clock: clock) }
    public var reportTargets: ReportTargets { ReportTargets(database: database, clock: clock) }
    public var sessions: Sessions { Sessions(database: database, passwords: passwords, clock: clock, throttle: throttle) }
    public var surveyDesigning: SurveyDesigning { SurveyDesigning(database: database, clock: clock) }
    public var kiosks: Kiosks { Kiosks(database: database, clock: clock) }
    public var countySettings: CountySettings { CountySettings(database: database, clock: clock) }
    public var organisation: OrganisationSync { OrganisationSync(database: database, clock: clock) }
    public var users: UserAdministration { UserAdministration(database: database, passwords: passwords, clock: clock) }
    public var surveyRequests: SurveyRequests {
        SurveyRequests(database: database, catalog: catalog, clock: clock, publicURL: publicURL)
    }
    public func now() -> Date { clock.now() }
    public func today() -> CalendarDay { CalendarDay(clock.now()) }

    /// The signed-in person as a reader of reports: their scope, and their name for the audit log.
    func reader(_ user: CurrentUser, _ context: AppContext) -> Reports.Reader { .person(user.policy, actor: actor(context)) }

    public func actor(_ context: AppContext) -> Actor {
        Actor(id: context.currentUser?.id, email: context.currentUser?.email, ip: context.remoteAddress)
    }
}

