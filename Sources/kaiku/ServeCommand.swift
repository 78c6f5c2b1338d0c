import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuWeb
import Metrics
import Prometheus
import ServiceLifecycle

// The only command that needs the web layer.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Migrate the database and serve the web application (and run background jobs).")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "Address to listen on (default: KAIKU_HOST or 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default: KAIKU_PORT or 8080).") var port: Int?

    func run() async throws {
        let logger = makeLogger()
        let problems = options.configuration().problems
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "\n")) }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let (database, opened) = try await options.open(logger: logger, creating: true)
        var configuration = opened
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        do {
            let catalog = try Catalog.bundled()
            let renderer = try await ViewRenderer(templatesDirectory: KaikuResources.templatesDirectory, catalog: catalog)
            let services = AppServices(database: database, renderer: renderer, clock: SystemClock(), configuration: configuration)
            try await SettingsRepository(database.sql).set(ServedAddress.key, services.publicURL, now: Date())
            logger.info("Kaiku serving", metadata: ["url": "http://\(configuration.host):\(configuration.port)", "database": "\(database.location)"])
            try await buildApplication(services: services, metrics: registry, logger: logger).runService()
        } catch {
            try? await database.close()
            throw error
        }
        try await database.close()
    }
}
