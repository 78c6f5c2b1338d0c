import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

/// A county's added languages for public pages and surveys (docs/LANGUAGES.md): the translator's
/// file out, the reviewed file in.
struct TranslationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translations", abstract: "Languages a county adds to its public pages and surveys (e.g. North Sámi).",
        subcommands: [Export.self, Import.self, List.self, Remove.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the translator's CSV: every public text's key, Finnish, Swedish and the translation so far.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "ISO 639 code of the language, e.g. se for North Sámi.") var language: String
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() async throws {
            try await withDatabase(options) { database, configuration in
                let file = try await refusing { try await useCases(database, configuration).publicLanguages.export(language, by: .commandLine) }
                if let out { try Data(file.utf8).write(to: URL(fileURLWithPath: out)) } else { print(file, terminator: "") }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a translator's reviewed CSV as the language's texts (replacing an earlier import); untranslated texts stay Finnish.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The CSV file (columns key, fi, translation).") var file: String
        @Option(help: "ISO 639 code of the language, e.g. se.") var language: String
        @Option(help: "The language's own name for the language switch, e.g. Davvisámegiella.") var name: String
        @Option(help: "The translator who reviewed the translation.") var reviewedBy: String

        func run() async throws {
            let data = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
            try await withDatabase(options) { database, configuration in
                let report: PublicLanguages.ImportReport
                do {
                    report = try await refusing {
                        try await useCases(database, configuration).publicLanguages.importFile(data, language: language, name: name, reviewedBy: reviewedBy,
                                                                                               by: .commandLine)
                    }
                } catch let refused as PublicLanguages.FileRefused {
                    let catalog = try Catalog.bundled()
                    throw ValidationError(refused.problems.map { $0.text(catalog, .en) }.joined(separator: "\n"))
                }
                print("translated \(report.translated), empty \(report.untranslated), missing \(report.missing), outdated \(report.outdated.count)")
                for key in report.outdated { print("outdated (the Finnish has changed; shown in Finnish): \(key)") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the added languages, their reviewers and import times.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withDatabase(options) { database, configuration in
                for added in try await useCases(database, configuration).publicLanguages.languages() {
                    print("\(added.code)\t\(added.name)\treviewed by \(added.reviewedBy)\timported \(added.importedAt)")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an added language from the public pages.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "ISO 639 code of the language.") var language: String

        func run() async throws {
            try await withDatabase(options) { database, configuration in
                try await refusing { try await useCases(database, configuration).publicLanguages.remove(language, by: .commandLine) }
            }
        }
    }
}

/// A use case's refusal as the command line's error, in English.
func refusing<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let refused as Refused {
        throw ValidationError(refused.texts(try Catalog.bundled(), .en).joined(separator: " "))
    }
}
