import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Admin pages for people: create, grant and revoke roles on subtrees, deactivate, reset passwords.
struct AdminUserRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminUsers, .admin) { request, context, _ in
            try await listPage(request, context, form: NewUserForm())
        }
        staff.post(.adminUsers, .admin) { request, context, _ in
            try await create(request, context)
        }
        staff.get(.adminUser(SiteURL.id), .admin) { request, context, _ in
            try await userPage(request, context, try await services.users.person(context.parameters.get("id"), by: services.actor(context)))
        }
        staff.post(.adminUser(SiteURL.id), .admin) { request, context, _ in
            try await update(request, context)
        }
    }

    func listPage(_ request: Request, _ context: AppContext, form: NewUserForm, errors: [String] = [],
                  created: CreatedCredentials? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let users = try await services.users.people(by: services.actor(context)).map { user, grants in
            UserRow(href: SiteURL.adminUser(user.id).path, email: user.email, name: user.displayName, isActive: user.isActive,
                    grants: grants.map { services.catalog.text("role_" + $0.role.rawValue, language) + ": " + $0.nodeName[language] }
                        .joined(separator: ", "))
        }
        let page = UserListPage(users: users, form: form, errors: errors, roles: roleOptions(language, selected: form.role),
                                scopes: try await scopeOptions(context), created: created, hasErrors: !errors.isEmpty)
        return try services.page(page, title: "users_title", request: request, context: context, status: status)
    }

    func userPage(_ request: Request, _ context: AppContext, _ person: (user: User, grants: [GrantListing]), errors: [String] = [],
                  newPassword: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let target = person.user
        let grants = person.grants.map {
            GrantView(id: $0.id, role: services.catalog.text("role_" + $0.role.rawValue, language), scope: $0.nodeName[language], code: $0.nodeCode)
        }
        let page = UserPage(url: SiteURL.adminUser(target.id).path, id: target.id, email: target.email, name: target.displayName, isActive: target.isActive,
                            grants: grants, roles: roleOptions(language, selected: ""), scopes: try await scopeOptions(context),
                            errors: errors, newPassword: newPassword, hasErrors: !errors.isEmpty)
        return try services.page(page, title: "user_title", request: request, context: context,
                                 titleArguments: ["email": target.email], status: status)
    }

    func roleOptions(_ language: Language, selected: String) -> [LevelOption] {
        Role.allCases.map { LevelOption(value: $0.rawValue, label: services.catalog.text("role_" + $0.rawValue, language), selected: $0.rawValue == selected) }
    }

    /// Nodes an admin may grant rights on: their own subtrees, down to units.
    func scopeOptions(_ context: AppContext) async throws -> [ScopeOption] {
        let today = services.today()
        return try await services.organisation.managed(by: services.actor(context)).filter { $0.spec.isActive(on: today) }
            .map { ScopeOption(code: $0.code, label: String(repeating: "· ", count: $0.depth) + $0.name[context.language]) }
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = NewUserForm(email: EmailAddress.normalise(context.form.text("email")), name: context.form.text("name"),
                               role: context.form.text("role"), scope: context.form.text("scope"))
        do {
            let granted = try await services.users.create(email: form.email, name: form.name, role: form.role, scopeCode: form.scope,
                                                          by: services.actor(context))
            return try await listPage(request, context, form: NewUserForm(),
                                      created: CreatedCredentials(email: granted.user.email, password: granted.oneTimePassword ?? "",
                                                                  href: SiteURL.adminUser(granted.user.id).path))
        } catch let refused as Refused {
            return try await listPage(request, context, form: form, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
        }
    }

    func update(_ request: Request, _ context: AppContext) async throws -> Response {
        let (id, form, actor) = (context.parameters.get("id") ?? "", context.form, services.actor(context))
        // Out of reach is a 404 whatever the form asks.
        let person = try await services.users.person(id, by: actor)
        var newPassword: String?
        do {
            switch form.text("action") {
            case "details": try await services.users.update(userID: id, name: form.text("name"), isActive: form["active"] != nil, by: actor)
            case "add_grant": try await services.users.addGrant(userID: id, role: form.text("role"), scopeCode: form.text("scope"), by: actor)
            case "remove_grant": try await services.users.removeGrant(form.text("grant"), from: id, by: actor)
            case "reset_password": newPassword = try await services.users.resetPassword(userID: id, by: actor)
            default: throw AppError.badForm
            }
        } catch let refused as Refused {
            return try await userPage(request, context, person, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
        }
        if let newPassword { return try await userPage(request, context, try await services.users.person(id, by: actor), newPassword: newPassword) }
        return redirect(.adminUser(id), msg: "saved")
    }
}
