import Foundation
import Hummingbird
import KaikuApp
import KaikuCore

/// Who may call a staff route. Every staff route is registered through `StaffRouter`, which
/// checks this before the handler runs and lists the route so tests can check each one.
public struct RouteAccess: Sendable {
    /// The roles, any of which admits; empty means any logged-in user.
    public let roles: Set<Role>
    /// Only an admin of a whole county (`AccessPolicy.isCountyAdmin`): the route manages
    /// county-level objects. docs/SECURITY.md lists them.
    public let isCountyLevel: Bool

    init(roles: Set<Role>, isCountyLevel: Bool = false) {
        self.roles = roles
        self.isCountyLevel = isCountyLevel
    }

    public static let anyStaff = RouteAccess(roles: [])
    public static let admin = RouteAccess(roles: [.admin])
    public static let countyAdmin = RouteAccess(roles: [.admin], isCountyLevel: true)
    public static let handlerOrReporter = RouteAccess(roles: [.handler, .reporter])
    /// Reports: scope is checked on the node by `Reports` (`AccessPolicy.mayReadReports`).
    public static let reportReader = RouteAccess(roles: Role.reportReaders)

    /// Whether a person with `policy` gets past the route's check (scope is checked afterwards, on the object).
    public func admits(_ policy: AccessPolicy) -> Bool {
        (roles.isEmpty || !roles.isDisjoint(with: policy.roles)) && (!isCountyLevel || policy.isCountyAdmin)
    }
}

public struct StaffRoute: Sendable {
    public let method: HTTPRequest.Method
    public let path: String
    public let access: RouteAccess
}

typealias StaffHandler = @Sendable (Request, AppContext, CurrentUser) async throws -> Response

/// Registers routes that need a logged-in user with the right role.
final class StaffRouter: @unchecked Sendable {
    let router: Router<AppContext>
    private(set) var routes: [StaffRoute] = []

    init(router: Router<AppContext>) { self.router = router }

    func get(_ url: SiteURL, _ access: RouteAccess, _ handler: @escaping StaffHandler) {
        add(.get, url.path, access, handler)
    }

    func post(_ url: SiteURL, _ access: RouteAccess, _ handler: @escaping StaffHandler) {
        add(.post, url.path, access, handler)
    }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ access: RouteAccess, _ handler: @escaping StaffHandler) {
        routes.append(StaffRoute(method: method, path: path, access: access))
        router.on(RouterPath(path), method: method) { request, context in
            // The API's callers are scripts: a status in JSON (ErrorPageMiddleware), never a redirect to a page.
            let isAPI = SiteURL.servesJSON(path)
            guard let user = context.currentUser else {
                if method == .get && !isAPI {
                    let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                    let next = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? SiteURL.staffHome.path
                    return redirect(SiteURL.login.path + "?next=" + next)
                }
                throw AppError(.unauthorized, "error_401_text")
            }
            if user.user.mustChangePassword && path != SiteURL.password.path {
                if isAPI { throw AppError(.forbidden, "password_must_change") }
                return redirect(.password)
            }
            guard access.admits(user.policy) else { throw AppError.forbidden }
            var response = try await handler(request, context, user)
            // Staff pages and exports hold personal data: no shared or browser cache keeps them.
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }
}
