import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Only with KAIKU_BENCH_ROUTES=1: a bare route doing one insert, the ceiling the answer
/// submission path is measured against in docs/BENCHMARKS.md.
struct BenchRoutes {
    let services: AppServices

    func register(on router: Router<AppContext>) {
        router.post(.benchInsert) { _, _ in
            let now = services.now()
            try await SettingsRepository(services.database.sql).recordInHour(Identifier.make(at: now), now: now)
            return Response(status: .noContent)
        }
    }
}
