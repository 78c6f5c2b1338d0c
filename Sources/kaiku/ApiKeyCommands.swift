import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

struct ApiKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "Keys for integrations that send responses to POST /api/v1/responses.",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for an integration and print it (shown only now).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Name of the integration, e.g. phone-ivr.") var name: String
        @Option(name: .customLong("scope"), help: "Organisation code the key may post for, with everything below it (repeat for several).")
        var scopes: [String]
        @Option(name: .customLong("survey"), help: "Code of a survey the key may post to (repeat for several).")
        var surveys: [String]

        func validate() throws {
            if scopes.isEmpty { throw ValidationError("Give at least one --scope: the units this integration answers for.") }
            if surveys.isEmpty { throw ValidationError("Give at least one --survey: the surveys this integration answers.") }
        }

        func run() async throws {
            try await withDatabase(options) { database, configuration in
                do {
                    print(try await useCases(database, configuration).apiKeys.create(name: name, scopeCodes: scopes, surveyCodes: surveys,
                                                                                           by: .commandLine))
                } catch let refused as Refused {
                    throw ValidationError(refused.texts(try Catalog.bundled(), .en).joined(separator: " "))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List integrations and whether their keys are revoked.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withDatabase(options) { database, configuration in
                for key in try await ApiKeyRepository(database.sql).list() {
                    print("\(key.name)\tcreated \(key.created)\t\(key.revoked.map { "revoked \($0)" } ?? "active")")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an integration's keys.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Name of the integration.") var name: String

        func run() async throws {
            try await withDatabase(options) { database, configuration in try await useCases(database, configuration).apiKeys.revoke(name: name, by: .commandLine) }
        }
    }
}
