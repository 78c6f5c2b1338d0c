import ArgumentParser
import Foundation
import KaikuStorage

struct ApiKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "Keys for integrations that send responses to POST /api/v1/responses.",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for an integration and print it (shown only now).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Name of the integration, e.g. phone-ivr.") var name: String

        func run() async throws {
            try await withDatabase(options) { database, _ in
                print(try await ApiKeyRepository(database.sql).create(name: name, now: Date()))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List integrations and whether their keys are revoked.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withDatabase(options) { database, _ in
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
            try await withDatabase(options) { database, _ in try await ApiKeyRepository(database.sql).revoke(name: name, now: Date()) }
        }
    }
}
