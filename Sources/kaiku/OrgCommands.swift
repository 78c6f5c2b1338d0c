import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import or export the organisation tree (county → division → result area → unit → service point).",
        subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync the organisation from a CSV file: create and update nodes, close nodes missing from the file.",
            discussion: """
                Columns: \(OrgImport.columns.joined(separator: ",")). level is one of county, division, result_area, unit,
                service_point; dates are YYYY-MM-DD, empty means open. Any bad row refuses the whole file, with every
                problem listed by line, and nothing changes.
                """)

        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Only check the file and show what would change.") var dryRun = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
            guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8 text.") }
            let rows: [OrgImport.Row]
            switch OrgImport.read(text) {
            case .failure(let failure):
                var lines = ["The file was refused; nothing was changed. \(failure.problems.count) problem(s):"]
                lines += failure.problems.map { "  \($0)" }
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                throw ExitCode(2)
            case .success(let accepted):
                rows = accepted
            }
            try await withDatabase(options) { database, configuration in
                let plan = try await useCases(database, configuration).organisation.sync(rows, dryRun: dryRun, by: .commandLine)
                print(dryRun ? "Dry run; nothing was changed. The import would:" : "Imported \(rows.count) rows:")
                print("  created \(plan.creates.count), updated \(plan.updates.count), closed \(plan.closes.count), unchanged \(plan.unchanged)")
                for node in plan.creates { print("  + \(node.code) \(node.name.fi)") }
                for node in plan.updates { print("  ~ \(node.code) \(node.name.fi)") }
                for close in plan.closes { print("  - \(close.code) closed on \(close.validTo)") }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the organisation as CSV, in the format import reads.")

        @OptionGroup var options: DatabaseOptions
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            try await withDatabase(options) { database, _ in
                let csv = OrgImport.csv(try await OrgRepository(database.sql).all().map(\.spec))
                if let output {
                    try csv.write(toFile: output, atomically: true, encoding: .utf8)
                } else {
                    print(csv, terminator: "")
                }
            }
        }
    }
}
