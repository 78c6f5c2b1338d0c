import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

extension ReportCommand {
    struct AttentionCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attention",
            abstract: "Every node of a subtree with its NPS, interval, target, gap, change and negative topics; flagged nodes first.",
            discussion: """
                A node is below target when its whole 95 % interval lies below the target, and falling when its fall from the
                previous period (the month, quarter or year before; for other days, as many days just before) is significant
                at 95 %. A node whose figures the disclosure rules hide is printed as "suppressed": true, without figures.
                """)

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Code of the organisation node at the top of the list.") var node: String
        @Option(help: "Survey code (the national survey is \(NationalSurvey.code)).") var survey: String = NationalSurvey.code
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD (included).") var to: String
        @Option(help: "json or csv (Excel's Finnish convention: semicolons, decimal comma, BOM).") var format: String = "json"

        func run() async throws {
            guard let first = CalendarDay(from), let last = CalendarDay(to) else { throw ValidationError("dates are YYYY-MM-DD") }
            guard let days = ReportPeriod(from: first, to: last) else { throw ValidationError("--from must not be after --to") }
            let period = ReportPeriod.lattice(from: first, to: last) ?? days
            guard format == "json" || format == "csv" else { throw ValidationError("--format is json or csv") }
            try await withDatabase(options) { database, configuration in
                let list: Reports.AttentionList
                do {
                    list = try await useCases(database, configuration).reports().attention(surveyCode: survey, nodeCode: node, period: period,
                                                                                          reader: .commandLine)
                } catch let refused as Refused {
                    throw ReportCommand.validation(refused, node: node, survey: survey)
                }
                if format == "json" {
                    print(String(decoding: try AttentionFormats.json(list), as: UTF8.self))
                } else {
                    FileHandle.standardOutput.write(Data(ExcelCSV.document(AttentionFormats.table(list)).utf8))
                }
            }
        }
    }
}
