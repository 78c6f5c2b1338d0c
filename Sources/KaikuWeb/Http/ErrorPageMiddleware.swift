import Foundation
import HTTPTypes
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage
import Logging

/// The outermost middleware: chooses the language (so even errors speak it), and turns every
/// error into a page in that language. Details go to the log, never to the page.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: AppServices

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.maxBodySize = services.configuration.maxBodySize
        let header = services.configuration.forwardedHeader
        context.remoteAddress = ClientAddress.resolve(
            peer: context.peerAddress, header: header, values: request.headers[values: header == .forwarded ? .forwarded : .xForwardedFor],
            trusted: services.configuration.trustedProxies)
        let query = request.query("lang")
        // A language another server imported reaches this one within a minute.
        try? await services.publicLanguages.refreshIfDue()
        context.language = Language.negotiate(
            query: query, cookie: request.cookies["kaiku_lang"]?.value, acceptLanguage: request.headers[.acceptLanguage],
            available: services.catalog.publicLanguages)
        if services.catalog.publicLanguage(query) != nil { context.rememberLanguage = context.language }
        do {
            var response = try await next(request, context)
            if let language = context.rememberLanguage {
                response.setCookie(services.languageCookie(language))
            }
            return response
        } catch {
            let status: HTTPResponse.Status
            var messageKey: String
            switch error {
            case let error as AppError:
                status = error.status
                messageKey = error.messageKey
            case is OutOfReach:
                (status, messageKey) = (.notFound, "error_404_text")
            case is ReadOnly:
                (status, messageKey) = (.forbidden, "error_403_text")
            case let error as any HTTPResponseError:
                status = error.status
                messageKey = "error_\(status.code)_text"
            default:
                status = .internalServerError
                messageKey = "error_500_text"
                context.logger.error("request failed", metadata: ["error": "\(ErrorDescription.loggable(error))", "path": "\(request.uri.path)"])
            }
            if services.catalog.strings[.fi]?[messageKey] == nil {
                messageKey = status.code >= 500 ? "error_500_text" : "error_generic_text"
            }
            if SiteURL.servesJSON(request.uri.path) {
                // The API's error shape (`Errors` in openapi.json), in English like the rest of the API.
                let errors = ["errors": [["field": "", "message": services.catalog.text(messageKey, .en)]]]
                let body = (try? JSONSerialization.data(withJSONObject: errors, options: [.sortedKeys])) ?? Data()
                return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(bytes: body)))
            }
            let layout = services.layout(request: request, context: context, title: services.catalog.text("error_title", context.language), publicShell: true)
            let page = ErrorPage(status: status.code, heading: services.catalog.format("error_heading", context.language, ["code": "\(status.code)"]),
                                 message: services.catalog.text(messageKey, context.language))
            var response = try services.renderer.html(page, layout: layout, status: status)
            if let language = context.rememberLanguage { response.setCookie(services.languageCookie(language)) }
            return response
        }
    }

}

extension AppServices {
    /// Remembers the reader's language for a year.
    func languageCookie(_ language: Language) -> Cookie {
        Cookie(name: "kaiku_lang", value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/",
               secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }
}

struct ErrorPage: PageView {
    static let template = "error"
    let status: Int
    let heading: String
    let message: String
}
