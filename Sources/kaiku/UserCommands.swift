import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Create users and list them with their roles.",
        subcommands: [Add.self, List.self, ResetPassword.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user (or add a role to an existing one), e.g. the first admin.",
            discussion: "Without --password a one-time password is generated and printed; the user must change it at first login.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Email address, used to log in.") var email: String
        @Option(help: "Role: admin, handler, reporter or staff.") var role: String
        @Option(help: "Code of the organisation node the role covers (with everything below it).") var scope: String
        @Option(help: "Display name (default: the email address).") var name: String?
        @Option(help: "Password (default: a generated one-time password).") var password: String?

        func validate() throws {
            guard EmailAddress.isValid(EmailAddress.normalise(email)) else { throw ValidationError("Not a valid email address: \(email)") }
            guard Role(rawValue: role) != nil else { throw ValidationError("Unknown role \(role); use admin, handler, reporter or staff.") }
            if let password, let problem = PasswordRules.check(password) {
                throw ValidationError("Password refused (\(problem.rawValue)): at least \(PasswordRules.minimumLength) characters, at most \(PasswordRules.maximumBytes) bytes.")
            }
        }

        func run() async throws {
            try await withDatabase(options) { database, configuration in
                guard try await OrgRepository(database.sql).node(code: scope) != nil else {
                    throw ValidationError("No organisation node has the code \(scope). Import the organisation first (kaiku org import).")
                }
                let email = EmailAddress.normalise(self.email)
                let users = try useCases(database, configuration).users
                // The same use cases and rules as the admin pages: a new person, or a role for one who exists.
                do {
                    if let existing = try await UserRepository(database.sql).find(email: email) {
                        try await users.addGrant(userID: existing.id, role: role, scopeCode: scope, by: .commandLine)
                        print("\(email) exists; granted \(role) @ \(scope).")
                    } else {
                        let granted = try await users.create(email: email, name: name ?? email, role: role, scopeCode: scope, password: password,
                                                             by: .commandLine)
                        print("Created \(email) with \(role) @ \(scope).")
                        if let generated = granted.oneTimePassword { print("One-time password (must be changed at first login): \(generated)") }
                    }
                } catch let refused as Refused {
                    throw ValidationError(refused.texts(try Catalog.bundled(), .en).joined(separator: " "))
                }
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Give a user a one-time password (e.g. a county admin, whom no other admin may reset) and print it.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Email address of the user.") var email: String

        func run() async throws {
            try await withDatabase(options) { database, configuration in
                guard let user = try await UserRepository(database.sql).find(email: email) else { throw ValidationError("No user has the email \(email).") }
                let password = try await useCases(database, configuration).users
                    .resetPassword(userID: user.id, by: .commandLine)
                print("One-time password for \(user.email) (must be changed at first login): \(password)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users with their roles and scopes.")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withDatabase(options) { database, _ in
                let repository = UserRepository(database.sql)
                let grants = try await repository.allGrants()
                for user in try await repository.list() {
                    let roles = (grants[user.id] ?? []).map { "\($0.role.rawValue) @ \($0.nodeCode)" }.joined(separator: ", ")
                    print("\(user.email)\t\(user.displayName)\t\(user.isActive ? "active" : "inactive")\t\(roles)")
                }
            }
        }
    }
}
