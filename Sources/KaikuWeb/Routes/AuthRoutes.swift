import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Logging in and out, and changing one's own password.
struct AuthRoutes {
    let services: AppServices

    func register(on router: Router<AppContext>, staff: StaffRouter) {
        router.get(.login) { request, context in
            if context.currentUser != nil { return redirect(Self.safeNext(request.query("next"))) }
            return try loginPage(request, context, LoginPage(next: Self.safeNext(request.query("next"))))
        }
        router.post(.login) { request, context in try await login(request, context) }
        router.post(.logout) { request, context in
            var response = redirect(.home, msg: "logged_out")
            if let user = context.currentUser {
                try await services.sessions.end(token: user.sessionToken, userID: user.id, by: services.actor(context))
            }
            response.setCookie(Cookie(name: SessionMiddleware.sessionCookie, value: "", maxAge: 0, path: "/",
                                      secure: services.configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
        staff.get(.password, .anyStaff) { request, context, user in
            try services.page(PasswordPage(mustChange: user.user.mustChangePassword, errors: []),
                              title: "password_title", request: request, context: context)
        }
        staff.post(.password, .anyStaff) { request, context, user in
            try await changePassword(request, context, user)
        }
    }

    func loginPage(_ request: Request, _ context: AppContext, _ page: LoginPage, status: HTTPResponse.Status = .ok) throws -> Response {
        try services.page(page, title: "login_title", request: request, context: context, status: status)
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let typed = EmailAddress.normalise(context.form.text("email"))
        let password = context.form["password"] ?? ""
        let next = Self.safeNext(context.form["next"])
        // Only a valid address is shown back.
        var page = LoginPage(next: next, email: EmailAddress.isValid(typed) ? typed : "")
        guard !typed.isEmpty, !password.isEmpty else {
            page.error = services.text("login_error_missing", context)
            return try loginPage(request, context, page, status: .unprocessableContent)
        }
        switch try await services.sessions.logIn(email: typed, password: password, clientKey: context.rateKey,
                                                 lifetime: services.configuration.sessionLifetime, ip: context.remoteAddress) {
        case .addressBlocked:
            page.error = services.text("login_error_address", context)
            return try loginPage(request, context, page, status: .tooManyRequests)
        case .waiting(let until):
            page.error = lockedMessage(until: until, context)
            return try loginPage(request, context, page, status: .tooManyRequests)
        case .invalid:
            page.error = services.text("login_error_invalid", context)
            return try loginPage(request, context, page, status: .unauthorized)
        case .started(let user, let token):
            var response = user.mustChangePassword ? redirect(.password) : redirect(next)
            response.setCookie(Cookie(name: SessionMiddleware.sessionCookie, value: token, path: "/",
                                      secure: services.configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    func lockedMessage(until: Date, _ context: AppContext) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = CalendarDay.timeZone
        formatter.dateFormat = "HH.mm.ss"
        return services.catalog.format("login_error_locked", context.language, ["time": formatter.string(from: until)])
    }

    func changePassword(_ request: Request, _ context: AppContext, _ user: CurrentUser) async throws -> Response {
        let current = context.form["current"] ?? ""
        let new = context.form["new"] ?? ""
        let repeated = context.form["repeat"] ?? ""
        var errors: [String] = []
        if !(try await services.passwords.verify(current, hash: user.user.passwordHash)) {
            errors.append(services.text("password_error_current", context))
        }
        if let problem = PasswordRules.check(new) {
            errors.append(services.catalog.format(problem.rawValue, context.language, ["min": "\(PasswordRules.minimumLength)"]))
        }
        if new != repeated { errors.append(services.text("password_error_repeat", context)) }
        if new == current && errors.isEmpty { errors.append(services.text("password_error_same", context)) }
        guard errors.isEmpty else {
            return try services.page(PasswordPage(mustChange: user.user.mustChangePassword, errors: errors),
                                     title: "password_title", request: request, context: context, status: .unprocessableContent)
        }
        try await services.sessions.changePassword(of: user.user, to: new, keeping: user.sessionToken, by: services.actor(context))
        return redirect(.staffHome, msg: "password_changed")
    }

    /// Only a path on this site, so the login form cannot send people elsewhere. Browsers drop
    /// tabs and line breaks from URLs and read "\\" as "/", so "/\t/evil.example" would become
    /// "//evil.example": anything but printable ASCII without a backslash is refused, and what is
    /// left must parse as a path with neither scheme nor host.
    static func safeNext(_ next: String?) -> String {
        let fallback = SiteURL.staffHome.path
        guard let next, next.count <= 2000, next.hasPrefix("/"),
              next.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" }),
              !next.hasPrefix("//"),
              let url = URLComponents(string: next), url.scheme == nil, url.host == nil, url.path.hasPrefix("/") else { return fallback }
        return next
    }
}
