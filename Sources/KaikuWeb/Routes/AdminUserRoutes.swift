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
        staff.post(.adminUsers, .admin) { request, context, user in
            try await create(request, context, user)
        }
        staff.get(.adminUser(SiteURL.id), .admin) { request, context, user in
            try await userPage(request, context, try await services.managedUser(context.parameters.get("id"), by: user).user)
        }
        staff.post(.adminUser(SiteURL.id), .admin) { request, context, user in
            try await update(request, context, user)
        }
    }

    func listPage(_ request: Request, _ context: AppContext, form: NewUserForm, errors: [String] = [],
                  created: CreatedCredentials? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let repository = UserRepository(services.database.sql)
        let grants = try await repository.allGrants()
        let language = context.language
        guard let admin = context.currentUser else { throw AppError.forbidden }
        // Only the people this admin may manage are listed (AccessPolicy.access(toUser:)).
        let users = try await repository.list().filter { user in
            admin.policy.access(toUser: user.id, grants: (grants[user.id] ?? []).map(\.grant), actingUserID: admin.id) == .manage
        }.map { user in
            UserRow(href: SiteURL.adminUser(user.id).path, email: user.email, name: user.displayName, isActive: user.isActive,
                    grants: (grants[user.id] ?? []).map { services.catalog.text("role_" + $0.role.rawValue, language) + ": " + $0.nodeName[language] }
                        .joined(separator: ", "))
        }
        let page = UserListPage(users: users, form: form, errors: errors, roles: roleOptions(language, selected: form.role),
                                scopes: try await scopeOptions(context), created: created, hasErrors: !errors.isEmpty)
        return try services.page(page, title: "users_title", request: request, context: context, status: status)
    }

    func userPage(_ request: Request, _ context: AppContext, _ target: User, errors: [String] = [],
                  newPassword: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let grants = try await UserRepository(services.database.sql).grants(userID: target.id).map {
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
        guard let user = context.currentUser else { return [] }
        let today = services.today()
        return try await OrgRepository(services.database.sql).all()
            .filter { $0.level != .servicePoint && $0.spec.isActive(on: today) && user.policy.allows(.admin, onNodeAt: $0.path) }
            .map { ScopeOption(code: $0.code, label: String(repeating: "· ", count: $0.depth) + $0.name[context.language]) }
    }

    func create(_ request: Request, _ context: AppContext, _ user: CurrentUser) async throws -> Response {
        let form = NewUserForm(email: EmailAddress.normalise(context.form.text("email")), name: context.form.text("name"),
                               role: context.form.text("role"), scope: context.form.text("scope"))
        do {
            let granted = try await services.users.create(email: form.email, name: form.name, role: form.role, scopeCode: form.scope,
                                                          by: .person(user.policy, userID: user.id), actor: services.actor(context))
            return try await listPage(request, context, form: NewUserForm(),
                                      created: CreatedCredentials(email: granted.user.email, password: granted.oneTimePassword ?? "",
                                                                  href: SiteURL.adminUser(granted.user.id).path))
        } catch let refused as Refused {
            return try await listPage(request, context, form: form, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
        }
    }

    func update(_ request: Request, _ context: AppContext, _ user: CurrentUser) async throws -> Response {
        let (target, targetGrants) = try await services.managedUser(context.parameters.get("id"), by: user)
        let actor = services.actor(context)
        let administrator = UserAdministration.Administrator.person(user.policy, userID: user.id)
        do {
            switch context.form.text("action") {
            case "details":
                try await services.users.update(target, name: context.form.text("name"), isActive: context.form["active"] != nil,
                                                by: administrator, actor: actor)
            case "add_grant":
                try await services.users.addGrant(to: target, role: context.form.text("role"), scopeCode: context.form.text("scope"),
                                                  by: administrator, actor: actor)
            case "remove_grant":
                guard let grant = targetGrants.first(where: { $0.id == context.form.text("grant") }) else { throw AppError.notFound }
                try await services.users.removeGrant(grant, from: target, by: administrator, actor: actor)
            case "reset_password":
                return try await userPage(request, context, target, newPassword: try await services.users.resetPassword(target, by: actor))
            default:
                throw AppError.badForm
            }
        } catch let refused as Refused {
            return try await userPage(request, context, target, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
        }
        return redirect(.adminUser(target.id), msg: "saved")
    }
}
