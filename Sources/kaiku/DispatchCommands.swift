import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

struct DispatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch", abstract: "SMS invitations after visits: the plan (who gets a survey, when, or why not).",
        subcommands: [Plan.self, Run.self])

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate the SMS rules on a visits file alone, without the database.",
            discussion: """
                Every service point is treated as having an active SMS survey and nobody as surveyed before. Visits are
                decided in the order they ended. One row per visit: visit_id,decision,reason,send_date,language —
                decision send or exclude, the reason for an exclusion, the planned local send date for a send. Visits
                planned for a day outside --from…--to are left out. Bad rows are reported on standard error by line
                and field and do not stop the others.
                """)

        @Option(help: "The visits file (CSV, the columns of `kaiku visits import`); without it, the imported visits in the database.")
        var visits: String?
        @Option(help: "First send date, YYYY-MM-DD (with --visits).") var from: String?
        @Option(help: "Last send date, YYYY-MM-DD (with --visits).") var to: String?
        @Option(help: "The send date to plan from the database, YYYY-MM-DD (default: the next working day).") var date: String?
        @Option(help: "csv or json.") var format: String = "csv"
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard format == "csv" || format == "json" else { throw ValidationError("--format is csv or json") }
            guard let visits else { return try await planFromDatabase() }
            guard let from, let to, let first = CalendarDay(from), let last = CalendarDay(to), first <= last else {
                throw ValidationError("--from and --to are dates YYYY-MM-DD, the first not after the last")
            }
            var parsed = await VisitFile.readInParallel(try readVisitsFile(visits))
            report(parsed.problems, file: visits)
            let national = SurveyChoice(code: NationalSurvey.code)
            let planner = DispatchPlanner(survey: { _ in national })
            var output = Output(json: format == "json")
            let visitList = parsed.visits
            parsed.visits = []
            await planner.planInParallel(visitList) { decision in
                if DispatchPlanFormat.includes(decision, from: first, to: last) { output.write(decision) }
            }
            output.finish()
        }

        /// The imported visits whose invitation day is `--date`, as a run would decide them then
        /// (those already decided as they were), with the surveys, earlier invitations and refusals on record.
        func planFromDatabase() async throws {
            let day: CalendarDay
            if let date {
                guard let parsed = CalendarDay(date) else { throw ValidationError("--date is YYYY-MM-DD") }
                day = parsed
            } else {
                day = DispatchPlanner.invitationDay(after: CalendarDay(Date()))
            }
            try await withDatabase(options) { database, configuration in
                let decisions = try await dispatch(database, configuration).plan(on: day)
                var output = Output(json: format == "json")
                for decision in decisions { output.write(decision) }
                output.finish()
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide the visits due today and send their invitations, as the server's scheduler does every five minutes.",
            discussion: """
                Only on working days inside the sending window (default 10:00-18:00 Helsinki time) unless --any-time is given.
                With --today the run acts as that day at 12:00 Helsinki time (a missed run, a test). Messages go through the HTTP gateway of KAIKU_SMS_GATEWAY_URL, else into kaiku-data/sms/messages.jsonl
                (shown on the admin's SMS page).
                """)
        @OptionGroup var options: DatabaseOptions
        @Flag(help: "Decide and send now, outside the sending window too (a demo or a missed run).") var anyTime = false
        @OptionGroup var today: TodayOption

        func run() async throws {
            let clock = try today.clock(at: 12)
            try await withDatabase(options) { database, configuration in
                let summary = try await dispatch(database, configuration, clock: clock).run(ignoringWindow: anyTime, by: .commandLine)
                let sender = SMSSender(database: database, gateway: makeSMSGateway(configuration, publicURL: configuration.resolvedPublicURL),
                                       clock: clock, logger: makeLogger())
                var delivered = 0
                while true {
                    let attempted = try await sender.deliverDue(limit: 100, ignoringWindow: anyTime)
                    if attempted == 0 { break }
                    delivered += attempted
                }
                let excluded = ExclusionReason.allCases.compactMap { reason in summary.excluded[reason].map { "\(reason.rawValue) \($0)" } }
                print("Invitations queued: \(summary.sent); excluded: \(summary.excluded.values.reduce(0, +))"
                      + (excluded.isEmpty ? "" : " (" + excluded.joined(separator: ", ") + ")") + "; messages handed to the gateway: \(delivered).")
            }
        }
    }
}

func dispatch(_ database: KaikuDatabase, _ configuration: AppConfiguration, clock: any KaikuClock = SystemClock()) throws -> SMSDispatch {
    try useCases(database, configuration, clock: clock).smsDispatch
}

/// Bad rows on standard error, by line and field.
func report(_ problems: [VisitFile.Problem], file: String) {
    for problem in problems.prefix(1_000) { FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8)) }
    if problems.count > 1_000 {
        FileHandle.standardError.write(Data("\(file): \(problems.count - 1_000) more problems\n".utf8))
    }
}

struct VisitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "visits", abstract: "Visits from patient and client systems, for SMS invitations.",
                                                    subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a visits file (UTF-8 CSV with a header row); visits already imported are skipped.",
            discussion: """
                Columns: \(VisitFile.columns.joined(separator: ",")). docs/SMS.md describes each. A bad row is reported on
                standard error with its line and field and does not stop the good ones. The exit status is 0 when every
                row was imported or already there, 1 when some row was refused.
                """)
        @Argument(help: "The visits file.") var file: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let parsed = await VisitFile.readInParallel(try readVisitsFile(file))
            let result = try await withDatabase(options) { database, configuration in
                try await dispatch(database, configuration).importVisits(parsed, source: "file:" + URL(fileURLWithPath: file).lastPathComponent,
                                                                         by: .commandLine, progress: TerminalProgress("Importing visits").report)
            }
            report(result.problems, file: file)
            print("Imported \(result.imported) visits; \(result.duplicates.count) already imported; \(Set(result.problems.map(\.line)).count) rows refused.")
            if !result.problems.isEmpty { throw ExitCode(1) }
        }
    }
}

/// The whole file in one read into one buffer (no second copy).
func readVisitsFile(_ path: String) throws -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("cannot read \(path)") }
    defer { try? handle.close() }
    let size = Int(try handle.seekToEnd())
    try handle.seek(toOffset: 0)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        count = 0
        while count < size {
            let got = read(handle.fileDescriptor, buffer.baseAddress! + count, size - count)
            guard got > 0 else { break }
            count += got
        }
    }
}

/// Rows to standard output in large writes.
struct Output {
    let json: Bool
    var buffer: [UInt8] = []
    var rows = 0

    init(json: Bool) {
        self.json = json
        buffer.reserveCapacity(1 << 20 + 4_096)
        buffer += (json ? "[" : DispatchPlanFormat.csvHeader).utf8
    }

    mutating func write(_ decision: DispatchDecision) {
        if json {
            buffer += ((rows == 0 ? "\n" : ",\n") + DispatchPlanFormat.jsonObject(decision)).utf8
        } else {
            DispatchPlanFormat.appendCSVRow(decision, to: &buffer)
        }
        rows += 1
        if buffer.count > 1 << 20 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func finish() {
        if json { buffer += "\n]\n".utf8 }
        flush()
    }
}
