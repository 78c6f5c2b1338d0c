import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Logging in and out, and changing one's own password.
struct AuthRoutes {
    let services: AppServices

    func register(on router: Router<AppContext>, staff: StaffRouter) {
        router.get("/login") { request, context in
            if context.currentUser != nil { return redirect(Self.safeNext(request.query("next"))) }
            return try loginPage(request, context, LoginPage(next: Self.safeNext(request.query("next"))))
        }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in
            var response = redirect("/?msg=logged_out")
            if let user = context.currentUser {
                try await services.sessions.end(token: user.sessionToken, userID: user.id, by: services.actor(context))
            }
            response.setCookie(Cookie(name: SessionMiddleware.sessionCookie, value: "", maxAge: 0, path: "/",
                                      secure: services.configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
        staff.get(.password, .anyStaff) { request, context, user in
            try services.page("password", PasswordPage(mustChange: user.user.mustChangePassword, errors: []),
                              title: "password_title", request: request, context: context)
        }
        staff.post(.password, .anyStaff) { request, context, user in
            try await changePassword(request, context, user)
        }
    }

    func loginPage(_ request: Request, _ context: AppContext, _ page: LoginPage, status: HTTPResponse.Status = .ok) throws -> Response {
        try services.page("login", page, title: "login_title", request: request, context: context, status: status)
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let typed = EmailAddress.normalise(context.form.text("email"))
        let password = context.form["password"] ?? ""
        let next = Self.safeNext(context.form["next"])
        let now = services.now()
        let users = UserRepository(services.database.sql)
        let audit = AuditRepository(services.database.sql)
        let settings = SettingsRepository(services.database.sql)
        // Only a valid address is stored (failure counts, audit log) or shown back.
        let email = EmailAddress.isValid(typed) ? typed : ""
        let actor = Actor(id: nil, email: email.isEmpty ? nil : email, ip: context.remoteAddress)
        var page = LoginPage(next: next, email: email)

        guard !typed.isEmpty, !password.isEmpty else {
            page.error = services.text("login_error_missing", context)
            return try loginPage(request, context, page, status: .unprocessableContent)
        }
        // Guessing across many accounts from one address stops here, without locking any account.
        let addressKey = "login:" + FeedbackRoutes.hash(context.rateKey + (try await settings.secret("form_secret", now: now)))
        if try await settings.countInHour(addressKey, now: now) >= services.throttle.failuresPerAddressPerHour {
            try await audit.record(.loginLocked, by: actor, detail: "address", now: now)
            page.error = services.text("login_error_address", context)
            return try loginPage(request, context, page, status: .tooManyRequests)
        }
        guard !email.isEmpty, password.utf8.count <= 1024 else {
            try await settings.recordInHour(addressKey, now: now)
            try await audit.record(.loginFailed, by: actor, detail: "invalid address", now: now)
            page.error = services.text("login_error_invalid", context)
            return try loginPage(request, context, page, status: .unauthorized)
        }
        let failures = try await users.failures(email: email)
        if services.throttle.isLocked(failures: failures.count, lastFailure: failures.last, now: now) {
            try await audit.record(.loginLocked, by: actor, now: now)
            page.error = lockedMessage(failures: failures.count, last: failures.last!, context)
            return try loginPage(request, context, page, status: .tooManyRequests)
        }
        let user = try await users.find(email: email)
        let matches = try await services.passwords.verify(password, hash: user?.passwordHash ?? services.passwords.decoyHash)
        guard let user, matches, user.isActive else {
            let count = try await users.recordFailure(email: email, now: now)
            try await settings.recordInHour(addressKey, now: now)
            try await audit.record(.loginFailed, by: Actor(id: user?.id, email: email, ip: context.remoteAddress), now: now)
            try await Task.sleep(for: .seconds(services.throttle.delay(afterFailures: count)))
            if services.throttle.isLocked(failures: count, lastFailure: now, now: now) {
                page.error = lockedMessage(failures: count, last: now, context)
                return try loginPage(request, context, page, status: .tooManyRequests)
            }
            page.error = services.text("login_error_invalid", context)
            return try loginPage(request, context, page, status: .unauthorized)
        }
        let token = try await services.sessions.start(for: user, lifetime: services.configuration.sessionLifetime,
                                                      by: Actor(id: user.id, email: user.email, ip: context.remoteAddress))
        var response = redirect(user.mustChangePassword ? "/staff/password" : next)
        response.setCookie(Cookie(name: SessionMiddleware.sessionCookie, value: token, path: "/",
                                  secure: services.configuration.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    func lockedMessage(failures: Int, last: Date, _ context: AppContext) -> String {
        let until = services.throttle.lockedUntil(failures: failures, lastFailure: last) ?? last
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
            return try services.page("password", PasswordPage(mustChange: user.user.mustChangePassword, errors: errors),
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
        let fallback = "/staff"
        guard let next, next.count <= 2000, next.hasPrefix("/"),
              next.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" }),
              !next.hasPrefix("//"),
              let url = URLComponents(string: next), url.scheme == nil, url.host == nil, url.path.hasPrefix("/") else { return fallback }
        return next
    }
}

struct LoginPage {
    var next: String
    var email = ""
    var error: String?
}

struct PasswordPage {
    let mustChange: Bool
    let errors: [String]
    let hasErrors: Bool
    let minLength = PasswordRules.minimumLength

    init(mustChange: Bool, errors: [String]) {
        self.mustChange = mustChange
        self.errors = errors
        self.hasErrors = !errors.isEmpty
    }
}
