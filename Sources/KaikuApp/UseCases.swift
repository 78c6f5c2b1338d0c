import Foundation
import KaikuCore
import KaikuStorage

/// What every use case is made with, once: the database, the clock, the message catalog, the
/// site's public address and the password hasher. The web (`AppServices`) and the command line
/// take their use cases from here, so a use case is constructed in one place.
public struct UseCases: Sendable {
    public let database: KaikuDatabase
    public let clock: any KaikuClock
    public let catalog: Catalog
    public let publicURL: String
    public let passwords: PasswordHasher

    public init(database: KaikuDatabase, clock: any KaikuClock, catalog: Catalog, publicURL: String, passwords: PasswordHasher = PasswordHasher()) {
        self.database = database
        self.clock = clock
        self.catalog = catalog
        self.publicURL = publicURL
        self.passwords = passwords
    }

    public var feedback: FeedbackService { FeedbackService(database: database, catalog: catalog, clock: clock, publicURL: publicURL) }
    public var surveys: SurveyService { SurveyService(database: database, clock: clock) }
    public var surveyDesigning: SurveyDesigning { SurveyDesigning(database: database, clock: clock) }
    public var surveyRequests: SurveyRequests { SurveyRequests(database: database, catalog: catalog, clock: clock, publicURL: publicURL) }
    public var personalLinks: PersonalLinks { PersonalLinks(database: database, clock: clock) }
    public var kiosks: Kiosks { Kiosks(database: database, clock: clock) }
    public var widgetAnswers: WidgetAnswers { WidgetAnswers(database: database, clock: clock) }
    public var integrationAnswers: IntegrationAnswers { IntegrationAnswers(database: database, clock: clock, catalog: catalog) }
    public var apiKeys: ApiKeys { ApiKeys(database: database, clock: clock) }
    public var auditedReads: AuditedReads { AuditedReads(database: database, clock: clock) }
    public var reportMailing: ReportMailing { ReportMailing(database: database, catalog: catalog, clock: clock, publicURL: publicURL) }
    public var reportTargets: ReportTargets { ReportTargets(database: database, clock: clock) }
    public var responseImport: ResponseImport { ResponseImport(database: database, clock: clock) }
    public var smsDispatch: SMSDispatch { SMSDispatch(database: database, clock: clock, catalog: catalog, publicURL: publicURL) }
    public var textAnalytics: TextAnalytics { TextAnalytics(database: database, clock: clock) }
    public var countySettings: CountySettings { CountySettings(database: database, clock: clock) }
    public var publicLanguages: PublicLanguages { PublicLanguages(database: database, clock: clock, catalog: catalog) }
    public var organisation: OrganisationSync { OrganisationSync(database: database, clock: clock) }
    public var users: UserAdministration { UserAdministration(database: database, passwords: passwords, clock: clock) }

    /// Reports under the county's anonymity rule as it is now.
    public func reports() async throws -> Reports {
        Reports(database: database, rule: try await CountySettings.anonymityRule(database), today: CalendarDay(clock.now()),
                offeredLanguages: catalog.publicLanguages)
    }
}
