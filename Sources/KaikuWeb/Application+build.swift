import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage
import Logging
import Prometheus

/// Where templates ship: inside the resource bundle (translations ship with KaikuApp).
public enum KaikuResources {
    public static var root: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)!
    }

    public static var templatesDirectory: String { root.appendingPathComponent("templates").path }

}

/// Builds the router with every route and middleware; returns the staff route table for tests.
public func buildRouter(services: AppServices, metrics: PrometheusCollectorRegistry?) -> (Router<AppContext>, [StaffRoute]) {
    // Names are masked wherever a text leaves its case: the detector is loaded with the language tools.
    TextTools.installNames()
    let router = Router(context: AppContext.self)
    router.add(middleware: SecurityHeadersMiddleware(isHTTPS: services.configuration.secureCookies))
    router.add(middleware: ErrorPageMiddleware(services: services))
    if metrics != nil { router.add(middleware: MetricsMiddleware()) }
    router.add(middleware: FileMiddleware(services.configuration.publicDirectory, urlBasePath: SiteURL.staticFiles,
                                          cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])]),
                                          searchForIndexHtml: false))
    router.add(middleware: SessionMiddleware(services: services))

    let staff = StaffRouter(router: router)
    let publicRoutes = PublicRoutes(services: services, metrics: metrics)
    publicRoutes.register(on: router)
    AuthRoutes(services: services).register(on: router, staff: staff)
    StaffHomeRoutes(services: services).register(staff: staff)
    ReportRoutes(services: services).register(staff: staff)
    AttentionRoutes(services: services).register(staff: staff)
    FeedbackReportRoutes(services: services).register(staff: staff)
    ReportMailRoutes(services: services).register(staff: staff)
    AdminReportRoutes(services: services).register(staff: staff)
    AdminOrgRoutes(services: services).register(staff: staff)
    AdminUserRoutes(services: services).register(staff: staff)
    AdminAuditRoutes(services: services).register(staff: staff)
    AdminPageRoutes(services: services, publicRoutes: publicRoutes).register(staff: staff)
    AdminLanguageRoutes(services: services).register(staff: staff)
    FeedbackRoutes(services: services).register(on: router)
    FeedbackRoutes(services: services).register(staff: staff)
    CaseRoutes(services: services).register(staff: staff)
    WallRoutes(services: services).register(on: router)
    SurveyRoutes(services: services).register(on: router)
    SurveyRoutes(services: services).register(staff: staff)
    IngestRoutes(services: services).register(on: router)
    VisitApiRoutes(services: services).register(on: router)
    OptOutRoutes(services: services).register(on: router)
    AdminSMSRoutes(services: services).register(staff: staff)
    AdminTextRoutes(services: services).register(staff: staff)
    ReportApiRoutes(services: services).register(staff: staff)
    PrintRoutes(services: services).register(on: router, staff: staff)
    KioskRoutes(services: services).register(on: router, staff: staff)
    WidgetRoutes(services: services).register(on: router)
    AdminSurveyRoutes(services: services).register(staff: staff)
    SurveyDesignerRoutes(services: services).register(staff: staff)
    SurveyRequestRoutes(services: services).register(staff: staff)
    if services.configuration.benchRoutes { BenchRoutes(services: services).register(on: router) }
    AdminFeedbackRoutes(services: services).register(staff: staff)
    return (router, staff.routes)
}

/// The whole server: routes, and background jobs unless turned off.
public func buildApplication(services: AppServices, metrics: PrometheusCollectorRegistry?, logger: Logger) -> some ApplicationProtocol {
    let (router, _) = buildRouter(services: services, metrics: metrics)
    var app = Application(router: router,
                          configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port),
                                               serverName: "kaiku"),
                          logger: logger)
    app.addServices(services.readiness.watcher)
    // In every process, not only those that run jobs: each keeps its own decisions.
    app.addServices(ReportWarmup(useCases: services.useCases, logger: logger))
    if services.configuration.runsJobs {
        let lease = services.configuration.leaseSeconds
        app.addServices(JobRunner(database: services.database, clock: services.clock, logger: logger,
                                  handler: StandardJobs(database: services.database, feedback: services.feedback,
                                                        reportMailing: services.reportMailing, sms: services.smsDispatch,
                                                        clock: services.clock).run, lease: lease))
        app.addServices(OutboxSender(database: services.database, mailer: makeMailer(services.configuration, clock: services.clock),
                                     clock: services.clock, logger: logger, lease: lease))
        app.addServices(SMSSender(database: services.database, gateway: makeSMSGateway(services.configuration, publicURL: services.publicURL),
                                  clock: services.clock, logger: logger, lease: lease))
    }
    return app
}
