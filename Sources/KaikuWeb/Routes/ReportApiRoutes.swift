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

    struct ErrorBody: Encodable { let error: String }

    func register(on router: Router<AppContext>) {
        router.get(.apiReportSummary) { request, context in
            try await respond(request, context) { query, user, reports in
                let report = try await reports.summary(surveyCode: query.survey, nodeCode: query.node, period: query.period, by: query.breakdown,
                                                       reader: .person(user.policy))
                return try ReportFormats.json(report)
            }
        }
        router.get(.apiReportFeedback) { request, context in
            try await respond(request, context) { query, user, reports in
                try ReportFormats.json(try await reports.feedback(nodeCode: query.node, period: query.period, reader: .person(user.policy),
                                                                  now: services.now()))
            }
        }
    }

    func respond(_ request: Request, _ context: AppContext,
                 _ body: (ReportQuery, CurrentUser, Reports) async throws -> Data) async throws -> Response {
        guard let user = context.currentUser else { return try error(.unauthorized, "sign in first: the reports API uses the staff session") }
        guard RouteAccess.reportReader.admits(user.policy) else { return try error(.forbidden, "reports are for reporters and admins") }
        let query = try await ReportQuery(request, user: user, services: services)
        let reports = try await services.reports()
        do {
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try await body(query, user, reports))))
        } catch let refused as Refused {
            return try error(.notFound, refused.texts(services.catalog, .en).joined(separator: " "))
        }
    }

    func error(_ status: HTTPResponse.Status, _ message: String) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(ErrorBody(error: message)))))
    }
}
