import Foundation
import Hummingbird
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

    public var publicURL: String { configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)" }

    public var feedback: FeedbackService {
        FeedbackService(database: database, catalog: catalog, clock: clock, publicURL: publicURL)
    }
    public func now() -> Date { clock.now() }
    public func today() -> CalendarDay { CalendarDay(clock.now()) }

    public func actor(_ context: AppContext) -> AuditRepository.Actor {
        AuditRepository.Actor(id: context.currentUser?.id, email: context.currentUser?.email, ip: context.remoteAddress)
    }
}

