import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Figures from the command line: the same numbers, and the same anonymity rule, as the portal.",
        subcommands: [Summary.self, Rebuild.self])

    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print n and the figures of each question of a survey at a node over a period, optionally per group.",
            discussion: """
                Groups (--by): age_band, language, channel, contact_type, call_type, unit (the node's children).
                A group with fewer answers than the county's minimum is printed as "suppressed": true, without figures,
                and so is the next smallest group when the total minus the shown groups would reveal it.
                """)

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Code of the organisation node (county, division, result area, unit or service point).") var node: String
        @Option(help: "Survey code (the national survey is \(NationalSurvey.code)).") var survey: String = NationalSurvey.code
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD (included).") var to: String
        @Option(help: "Break the figures down by a background variable or by child units.") var by: String?
        @Option(help: "json or csv (Excel's Finnish convention: semicolons, decimal comma, BOM).") var format: String = "json"

        func run() async throws {
            guard let first = CalendarDay(from), let last = CalendarDay(to) else { throw ValidationError("dates are YYYY-MM-DD") }
            guard let period = ReportPeriod(from: first, to: last) else { throw ValidationError("--from must not be after --to") }
            let breakdown = try by.map { code in
                guard let breakdown = ReportBreakdown(code: code) else {
                    throw ValidationError("--by is one of age_band, language, channel, contact_type, call_type, unit")
                }
                return breakdown
            }
            guard format == "json" || format == "csv" else { throw ValidationError("--format is json or csv") }
            try await withDatabase(options) { database, _ in
                let reports = Reports(database: database, rule: try await CountySettings.anonymityRule(database))
                let report: SummaryReport
                do {
                    report = try await reports.summary(surveyCode: survey, nodeCode: node, period: period, by: breakdown, reader: .commandLine)
                } catch let refused as Refused where refused.messages.first?.key == "report_error_node" {
                    throw ValidationError("no organisation node has the code \(node)")
                } catch is Refused {
                    throw ValidationError("no survey has the code \(survey)")
                }
                if format == "json" {
                    print(String(decoding: try ReportFormats.json(report), as: UTF8.self))
                } else {
                    FileHandle.standardOutput.write(Data(ExcelCSV.document(ReportFormats.table(report)).utf8))
                }
            }
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every report rollup from the stored answers (after answers were changed by hand).")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withDatabase(options) { database, _ in
                try await database.transaction { db in try await ReportRepository(db).rebuild() }
                print("Rollups recomputed from the stored answers.")
            }
        }
    }
}
