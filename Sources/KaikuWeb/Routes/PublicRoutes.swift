import Foundation
import HTTPTypes
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage
import Metrics
import Prometheus

/// Pages anyone may open: the front page, the accessibility statement, the privacy notice,
/// and the machine endpoints.
struct PublicRoutes {
    let services: AppServices
    let metrics: PrometheusCollectorRegistry?

    /// The public pages whose text admins edit, with their slugs (the path without its slash).
    static let editablePages: [(slug: String, url: SiteURL)] = [SiteURL.accessibility, .privacy].map { (String($0.path.dropFirst()), $0) }

    func register(on router: Router<AppContext>) {
        router.get(.home) { request, context in
            try services.page(HomePage(), title: "home_title", request: request, context: context)
        }
        for (slug, url) in Self.editablePages {
            router.get(url) { request, context in
                let page = try await textPage(slug: slug, language: context.language)
                return try services.renderer.html(page, layout: services.layout(request: request, context: context, title: page.title, publicShell: true))
            }
        }
        router.get(.healthz) { _, _ in
            do {
                try await services.database.ping()
                return jsonResponse(.ok, "{\"status\":\"ok\",\"database\":\"\(services.database.kind.rawValue)\"}")
            } catch {
                return jsonResponse(.serviceUnavailable, "{\"status\":\"unavailable\",\"database\":\"\(services.database.kind.rawValue)\"}")
            }
        }
        // Liveness is `/healthz` (the process answers and reaches its database); readiness also
        // says no while the process drains after SIGTERM or its schema is not this build's.
        router.get(.readyz) { _, _ in
            if let problem = await services.readiness.problem(services.database) {
                return jsonResponse(.serviceUnavailable, "{\"status\":\"unavailable\",\"reason\":\"\(problem)\"}")
            }
            return jsonResponse(.ok, "{\"status\":\"ready\"}")
        }
        router.get(.metrics) { request, context in
            guard Self.mayReadMetrics(request.headers, peer: context.peerAddress, token: services.configuration.metricsToken) else { throw AppError.notFound }
            let figures = try await OperationalFigures.read(services.database, now: services.now())
            for outbox in figures.outboxes {
                Gauge(label: "kaiku_outbox_depth", dimensions: [("channel", outbox.channel)]).record(outbox.depth)
                Gauge(label: "kaiku_outbox_oldest_age_seconds", dimensions: [("channel", outbox.channel)]).record(outbox.oldestAge)
            }
            Gauge(label: "kaiku_cases_overdue").record(figures.overdueCases)
            let text = metrics?.emitToString() ?? ""
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    /// Metrics tell request volumes and timings: with `KAIKU_METRICS_TOKEN` they need it as a
    /// bearer token; without, only a scraper on the same machine gets them, and never through a
    /// proxy (a proxy on loopback would otherwise hand them to anyone). A proxy is known by any
    /// header one adds, `X-Real-IP` alone included.
    static func mayReadMetrics(_ headers: HTTPFields, peer: String?, token: String?) -> Bool {
        if let token {
            return headers[.authorization].map { constantTimeEquals($0, "Bearer " + token) } ?? false
        }
        let proxied = proxyHeaders.contains { headers[$0] != nil }
        return !proxied && IPAddress.isLoopback(peer ?? "")
    }

    /// What reverse proxies and CDNs add to a request they pass on.
    static let proxyHeaders: [HTTPField.Name] = [.forwarded, .xForwardedFor, .via] + [
        "X-Real-IP", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Client-IP", "Client-IP", "True-Client-IP",
        "CF-Connecting-IP", "Fastly-Client-IP", "X-Cluster-Client-IP", "X-Original-Forwarded-For",
    ].compactMap { HTTPField.Name($0) }

    /// The stored text in the reader's language, else the built-in default.
    func textPage(slug: String, language: Language) async throws -> TextPage {
        if let stored = try await services.countySettings.publishedPage(slug: slug, language: language) {
            return TextPage(title: stored.title, blocks: TextBlock.parse(stored.body), updatedAt: String(stored.updatedAt.prefix(10)))
        }
        let catalog = services.catalog
        return TextPage(title: catalog.text("page_\(slug)_title", language),
                        blocks: TextBlock.parse(catalog.text("page_\(slug)_body", language)), updatedAt: nil)
    }
}
