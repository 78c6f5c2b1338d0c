import Foundation
import HTTPTypes
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Reads the form body of state-changing requests, finds the logged-in user, and refuses any
/// state-changing request whose CSRF token does not match.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: AppServices

    static let sessionCookie = "kaiku_session"
    static let csrfCookie = "kaiku_csrf"
    /// The routes that take file uploads (multipart/form-data).
    static let uploadPaths: Set<String> = [SiteURL.adminOrgImport.path, SiteURL.adminLanguages.path]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        let changesState = ![.get, .head, .options].contains(request.method)

        if changesState {
            context.form = try await readForm(&request, limit: context.maxBodySize)
        }

        if let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty {
            context.currentUser = try await loadUser(token: token)
        }
        if let user = context.currentUser {
            context.csrfToken = user.csrfToken
        } else if let token = request.cookies[Self.csrfCookie]?.value, token.count >= 32 {
            context.csrfToken = token
        } else {
            context.csrfToken = Identifier.makeSecret()
            context.newCSRFCookie = context.csrfToken
        }

        // The JSON API authenticates with keys, not cookies, so CSRF does not apply there.
        if changesState && !request.uri.path.hasPrefix(SiteURL.api) {
            let sent = context.form["_csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!]
            guard let sent, !context.csrfToken.isEmpty, constantTimeEquals(sent, context.csrfToken), context.newCSRFCookie == nil else {
                throw AppError.csrf
            }
        }

        var response = try await next(request, context)
        if let token = context.newCSRFCookie {
            response.setCookie(Cookie(name: Self.csrfCookie, value: token, path: "/", secure: services.configuration.secureCookies,
                                      httpOnly: true, sameSite: .lax))
        }
        return response
    }

    func readForm(_ request: inout Request, limit: Int) async throws -> FormData {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let buffer = try await request.collectBody(upTo: limit)
        do throws(FormData.ParseError) {
            if contentType.hasPrefix("application/x-www-form-urlencoded") {
                return try FormData.parseURLEncoded(Array(buffer.readableBytesView))
            }
            if contentType.hasPrefix("multipart/form-data") {
                // Parsed only where a file can be uploaded: nobody else can make the server parse one.
                guard Self.uploadPaths.contains(request.uri.path) else { throw FormData.ParseError.malformed }
                guard let boundary = FormData.parameter("boundary", in: request.headers[.contentType] ?? "") else { throw FormData.ParseError.malformed }
                return try FormData.parseMultipart(buffer, boundary: boundary)
            }
        } catch {
            throw AppError(.badRequest, error == .invalidUTF8 ? "error_utf8_text" : "error_400_text")
        }
        return FormData()
    }

    func loadUser(token: String) async throws -> CurrentUser? {
        let sql = services.database.sql
        guard let session = try await SessionRepository(sql).find(token: token, now: services.now(), lifetime: services.configuration.sessionLifetime),
              let user = try await UserRepository(sql).find(id: session.userID), user.isActive else { return nil }
        let grants = try await UserRepository(sql).grants(userID: user.id).map(\.grant)
        return CurrentUser(user: user, policy: AccessPolicy(grants: grants), sessionToken: token, csrfToken: session.csrfToken)
    }
}

/// Headers every response carries: no framing, no sniffing, scripts and styles only from us; and
/// behind HTTPS (`KAIKU_SECURE_COOKIES=true`) HSTS, so a browser never falls back to plain HTTP.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext
    var isHTTPS = false

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if isHTTPS { response.headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000; includeSubDomains" }
        return response
    }
}
