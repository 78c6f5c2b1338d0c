import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Figures from the command line: the same numbers, and the same anonymity rule, as the portal.",
        subcommands: [Summary.self, AttentionCommand.self, Rebuild.self, Subscribe.self, Mail.self, National.self])

    /// A report's refusal as the command line says it: the node or the survey named.
    static func validation(_ refused: Refused, node: String, survey: String) -> ValidationError {
        refused.messages.first?.key == "report_error_node" ? ValidationError("no organisation node has the code \(node)")
            : ValidationError("no survey has the code \(survey)")
    }

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
            guard let days = ReportPeriod(from: first, to: last) else { throw ValidationError("--from must not be after --to") }
            // A calendar month, quarter or year is read as the portal reads it, with the same figures hidden.
            let period = ReportPeriod.lattice(from: first, to: last) ?? days
            let breakdown = try by.map { code in
                guard let breakdown = ReportBreakdown(code: code) else {
                    throw ValidationError("--by is one of age_band, language, channel, contact_type, call_type, unit")
                }
                return breakdown
            }
            guard format == "json" || format == "csv" else { throw ValidationError("--format is json or csv") }
            try await withDatabase(options) { database, _ in
                let reports = Reports(database: database, rule: try await CountySettings.anonymityRule(database), today: CalendarDay(Date()))
                let report: SummaryReport
                do {
                    report = try await reports.summary(surveyCode: survey, nodeCode: node, period: period, by: breakdown, reader: .commandLine)
                } catch let refused as Refused {
                    throw ReportCommand.validation(refused, node: node, survey: survey)
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
                try await Schema.rebuildRollups(database, progress: TerminalProgress("Recomputing the rollups").report)
                print("Rollups recomputed from the stored answers.")
            }
        }
    }

    struct Subscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe a person to a node's periodic report by email (they must read its reports: a reporter, handler or admin of the node).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "The person's email (a Kaiku user).") var email: String
        @Option(help: "Code of the organisation node (county, division, result area or unit).") var node: String
        @Option(help: "Survey code.") var survey: String = NationalSurvey.code
        @Option(help: "month, quarter or year.") var frequency: String = "month"
        @Option(help: "Language of the report: fi, sv or en.") var language: String = "fi"

        func run() async throws {
            guard let frequency = ReportMailing.Frequency(rawValue: frequency) else { throw ValidationError("--frequency is month, quarter or year") }
            guard let language = Language(shipped: language) else { throw ValidationError("--language is fi, sv or en") }
            try await withDatabase(options) { database, configuration in
                let mailing = try useCases(database, configuration).reportMailing
                do {
                    try await mailing.subscribe(email: email, nodeCode: node, surveyCode: survey, frequency: frequency, language: language,
                                                by: .commandLine)
                } catch let refused as Refused {
                    throw ValidationError(refused.texts(try Catalog.bundled(), .en).joined(separator: "\n"))
                }
                print("\(email) gets the \(frequency.rawValue)ly report of \(node).")
            }
        }
    }

    struct Mail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the periodic reports that are due, as the server does on the first working day of each month.",
            discussion: """
                With --today the reports due on that day are sent (at 08:00 Helsinki time), for a missed run or a test.
                A report already sent for its period is not sent again. Mail goes through KAIKU_SMTP_URL when set.
                """)
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var today: TodayOption

        func run() async throws {
            let asOf = try today.moment(at: 8)
            try await withDatabase(options) { database, configuration in
                let mailing = try useCases(database, configuration).reportMailing
                let queued = try await mailing.sendDue(asOf: asOf, logger: makeLogger())
                let sender = OutboxSender(database: database, mailer: makeMailer(configuration, clock: SystemClock()), clock: SystemClock(),
                                          logger: makeLogger())
                while try await sender.deliverDue() > 0 {}
                print("Reports due: \(queued); pending mail: \(try await OutboxRepository(database.sql).pending()).")
            }
        }
    }

    struct National: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the national survey's answers per unit (with its OID) and month for the national comparison.",
            discussion: "The format is documented in docs/NATIONAL-EXPORT.md. Unit-months under the anonymity minimum are marked suppressed.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "First month, YYYY-MM.") var from: String
        @Option(help: "Last month, YYYY-MM (included).") var to: String
        @Option(help: "csv (Excel's Finnish convention) or json.") var format: String = "csv"

        func run() async throws {
            guard let first = CalendarDay(from + "-01"), let last = CalendarDay(to + "-01"), first <= last else {
                throw ValidationError("--from and --to are months YYYY-MM, the first not after the last")
            }
            guard format == "json" || format == "csv" else { throw ValidationError("--format is csv or json") }
            guard let period = ReportPeriod(from: first, to: last.addingMonths(1).adding(days: -1)), period.months.count <= 36 else {
                throw ValidationError("at most 36 months at a time")
            }
            try await withDatabase(options) { database, _ in
                let reports = Reports(database: database, rule: try await CountySettings.anonymityRule(database))
                let export = try await reports.national(months: period.months, reader: .commandLine)
                if format == "json" {
                    print(String(decoding: try ReportFormats.json(export), as: UTF8.self))
                } else {
                    FileHandle.standardOutput.write(Data(ExcelCSV.document(ReportFormats.table(export)).utf8))
                }
            }
        }
    }
}
