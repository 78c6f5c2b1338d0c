import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage
import Logging

/// What routes and middleware share: storage, templates, the clock and settings.
@dynamicMemberLookup
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
    let attentionPreviews = AttentionPreviews()

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

    /// The use cases (`services.feedback`, `services.users` …), made in one place for the web
    /// and the command line alike.
    public var useCases: UseCases {
        UseCases(database: database, clock: clock, catalog: catalog, publicURL: publicURL, passwords: passwords)
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<UseCases, T>) -> T { useCases[keyPath: keyPath] }

    /// Reports under the county's anonymity rule, read once per request.
    public func reports() async throws -> Reports { try await useCases.reports() }
    public var sessions: Sessions { Sessions(database: database, passwords: passwords, clock: clock, throttle: throttle) }
    public func now() -> Date { clock.now() }
    public func today() -> CalendarDay { CalendarDay(clock.now()) }

    /// Who is asking: the signed-in person with their grants (which the use cases check), or no
    /// one, and the client address.
    public func actor(_ context: AppContext) -> Actor {
        Actor(id: context.currentUser?.id, email: context.currentUser?.email, ip: context.remoteAddress,
              policy: context.currentUser?.policy ?? AccessPolicy(grants: []))
    }
}

