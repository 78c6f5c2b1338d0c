import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore

struct ResponsesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses", abstract: "Survey answers in bulk.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import answers from the previous system, one row per answered question.",
            discussion: """
                Columns: \(HistoryImport.header.joined(separator: ",")).
                Rows sharing a response_id form one response. value is the number, yes/no/cant_say, an option code
                (several separated by | for a multiple choice) or text. A response_id imported before is skipped.
                A file with a bad row stores nothing, unless --skip-bad-rows is given.
                """)

        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The CSV file (UTF-8; commas or semicolons).") var file: String
        @Flag(help: "Store the good rows' responses and report the bad rows.") var skipBadRows = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8") }
            try await withDatabase(options) { database, configuration in
                let outcome = try await useCases(database, configuration).responseImport.run(csv: text, skipBadRows: skipBadRows,
                                                                                       progress: TerminalProgress("Importing answers").report)
                for problem in outcome.problems { FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8)) }
                guard outcome.stored else {
                    throw ValidationError("nothing was imported: \(outcome.problems.count) bad rows (use --skip-bad-rows to import the rest)")
                }
                print("Imported \(outcome.imported) responses; \(outcome.alreadyImported) were imported before; \(outcome.problems.count) bad rows skipped.")
            }
        }
    }
}
