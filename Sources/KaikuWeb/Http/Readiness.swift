import Hummingbird
import KaikuStorage
import ServiceLifecycle
import Synchronization

/// Whether this process should be sent new requests: `/readyz` says no once it has been told to
/// stop (SIGTERM), so a load balancer drains it while in-flight requests finish, and while the
/// database is unreachable or its schema is not the one this build runs.
public final class Readiness: Sendable {
    private let draining = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    func drain() { draining.store(true, ordering: .relaxed) }

    /// The problem that makes the process not ready, or nil.
    func problem(_ database: KaikuDatabase) async -> String? {
        if isDraining { return "stopping" }
        do {
            let applied = try await MigrationRunner(database: database).check()
            return applied.count == Migrations.all.count ? nil : "schema behind (\(applied.count) of \(Migrations.all.count) migrations)"
        } catch {
            return "database unavailable"
        }
    }

    /// A service that only waits for the shutdown signal and marks the process as draining.
    struct Watcher: Service {
        let readiness: Readiness

        func run() async throws {
            try? await gracefulShutdown()
            readiness.drain()
        }
    }

    var watcher: some Service { Watcher(readiness: self) }
}
