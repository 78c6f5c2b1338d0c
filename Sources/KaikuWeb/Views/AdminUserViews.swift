import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct NewUserForm {
    var email = ""
    var name = ""
    var role = ""
    var scope = ""
}

struct CreatedCredentials {
    let email: String
    let password: String
    let href: String
}

struct ScopeOption {
    let code: String
    let label: String
}

struct UserRow {
    let href: String
    let email: String
    let name: String
    let isActive: Bool
    let grants: String
}

struct UserListPage: PageView {
    static let template = "admin_users"
    let users: [UserRow]
    let form: NewUserForm
    let errors: [String]
    let roles: [LevelOption]
    let scopes: [ScopeOption]
    let created: CreatedCredentials?
    let hasErrors: Bool
}

struct UserPage: PageView {
    static let template = "admin_user"
    let url: String
    let id: String
    let email: String
    let name: String
    let isActive: Bool
    let grants: [GrantView]
    let roles: [LevelOption]
    let scopes: [ScopeOption]
    let errors: [String]
    let newPassword: String?
    let hasErrors: Bool
}
