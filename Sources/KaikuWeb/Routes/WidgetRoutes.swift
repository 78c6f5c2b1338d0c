import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The web widget (like Askem) on the county's pages: "Did you find what you needed?" yes/no and a
/// comment, recorded per page and mapped to a unit (`data-unit`) or service area (`data-area`).
/// The script posts cross-origin as a simple request (text/plain, no cookies); pages without
/// script link to `/widget`, the same question as a plain form.
struct WidgetRoutes {
    let services: AppServices

    func register(on router: Router<AppContext>) {
        router.post(.apiWidget) { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 16 * 1024)
            var headers: HTTPFields = [.contentType: "application/json"]
            // The county's pages may post here; with no origins configured (development), any page may.
            let origin = request.headers[.origin].flatMap(WidgetOrigin.normalise)
            let origins = services.configuration.widgetOrigins
            headers[.accessControlAllowOrigin] = origins.isEmpty ? "*" : origin.flatMap { origins.contains($0) ? $0 : nil } ?? origins[0]
            if !origins.isEmpty { headers[.vary] = "Origin" }
            headers[.cacheControl] = "no-store"
            guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any],
                  let page = object["page"] as? String, let found = object["found"] as? Bool else {
                return Response(status: .badRequest, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"error":"page and found are required"}"#)))
            }
            let stored = try await store(page: page, found: found, comment: object["comment"] as? String ?? "",
                                         unit: object["unit"] as? String, area: object["area"] as? String,
                                         language: services.catalog.publicLanguage(object["language"] as? String) ?? .fi, context: context)
            return Response(status: stored ? .created : .unprocessableContent, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: stored ? #"{"status":"stored"}"# : #"{"error":"invalid page, unit, area or comment"}"#)))
        }
        router.get(.widget) { request, context in
            let page = WidgetPage(page: request.query("page") ?? "", unit: request.query("unit") ?? "", area: request.query("area") ?? "", done: false,
                                  backLink: nil)
            return try services.page(page, title: "widget_question", request: request, context: context)
        }
        router.post(.widget) { request, context in
            let f = context.form
            _ = try await store(page: f.text("page"), found: f.text("found") == "yes", comment: f["comment"] ?? "",
                                unit: f.text("unit"), area: f.text("area"), language: context.language, context: context)
            // Back only to a page of the county's own sites: never a link someone else chose.
            let page = WidgetPage(page: f.text("page"), unit: f.text("unit"), area: f.text("area"), done: true,
                                  backLink: isCountyPage(f.text("page")) ? f.text("page") : nil)
            return try services.page(page, title: "widget_question", request: request, context: context)
        }
    }

    /// A page address on one of the configured widget origins (none configured: no page is).
    func isCountyPage(_ page: String) -> Bool {
        guard page.count <= 500, let origin = WidgetOrigin.of(page: page) else { return false }
        return services.configuration.widgetOrigins.contains(origin)
    }

    /// Checks and stores one answer (`WidgetAnswers`); false when it is not acceptable.
    func store(page: String, found: Bool, comment: String, unit: String?, area: String?, language: Language, context: AppContext) async throws -> Bool {
        try await services.widgetAnswers.record(
            page: page, found: found, comment: comment, unitCode: unit, areaCode: area, language: language,
            origins: services.configuration.widgetOrigins, rateKey: context.rateKey)
    }
}
