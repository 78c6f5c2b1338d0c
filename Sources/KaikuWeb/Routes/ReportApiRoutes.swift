import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The portal's figures as JSON, for a signed-in reporter's or admin's own scripts: the same
/// parameters as the portal's address (`node`, `survey`, `period`, `from`, `to`, `by`), the same
/// anonymity rule and the same scope. Errors are JSON too; a node outside the scope is a 404
/// like a missing one. (Reading with an integration's API key is not offered: those keys write answers.)
struct ReportApiRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.apiReportSummary, .reportReader) { request, context, user in
            try await respond(request, context) { query, reports in
                let report = try await reports.summary(surveyCode: query.survey, nodeCode: query.node, period: query.period, by: query.breakdown,
                                                       only: query.only, reader: services.actor(context))
                return try ReportFormats.json(report)
            }
        }
        staff.get(.apiReportFeedback, .reportReader) { request, context, user in
            try await respond(request, context) { query, reports in
                try ReportFormats.json(try await reports.feedback(nodeCode: query.node, period: query.period, reader: services.actor(context),
                                                                  now: services.now()))
            }
        }
    }

    /// Sign-in, the one-time password and the role are checked by `StaffRouter` (which also keeps
    /// the figures out of caches); the node's scope by `Reports`.
    func respond(_ request: Request, _ context: AppContext, _ body: (ReportQuery, Reports) async throws -> Data) async throws -> Response {
        let query = try await ReportQuery(request, context, services: services)
        let reports = try await services.reports()
        do {
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try await body(query, reports))))
        } catch let refused as Refused {
            return try IngestRoutes.json(.notFound, IngestRoutes.ErrorBody(errors: [
                IngestRoutes.FieldError(field: "node", message: refused.texts(services.catalog, .en).joined(separator: " "))]))
        }
    }
}
