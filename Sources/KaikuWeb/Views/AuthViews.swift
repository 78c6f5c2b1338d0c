import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct LoginPage: PageView {
    static let template = "login"
    var next: String
    var email = ""
    var error: String?
}

struct PasswordPage: PageView {
    static let template = "password"
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
