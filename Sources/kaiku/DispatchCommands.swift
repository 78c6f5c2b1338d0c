import ArgumentParser
import Foundation
import KaikuCore

struct DispatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch", abstract: "SMS invitations after visits: the plan (who gets a survey, when, or why not).",
        subcommands: [Plan.self])

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

        @Option(help: "The visits file (CSV, the columns of `kaiku visits import`).") var visits: String
        @Option(help: "First send date, YYYY-MM-DD.") var from: String
        @Option(help: "Last send date, YYYY-MM-DD.") var to: String
        @Option(help: "csv or json.") var format: String = "csv"

        func run() async throws {
            guard let first = CalendarDay(from), let last = CalendarDay(to), first <= last else {
                throw ValidationError("--from and --to are dates YYYY-MM-DD, the first not after the last")
            }
            guard format == "csv" || format == "json" else { throw ValidationError("--format is csv or json") }
            var parsed = await VisitFile.readInParallel(try readFile(visits))
            for problem in parsed.problems.prefix(1_000) { FileHandle.standardError.write(Data("\(visits): \(problem)\n".utf8)) }
            if parsed.problems.count > 1_000 {
                FileHandle.standardError.write(Data("\(visits): \(parsed.problems.count - 1_000) more problems\n".utf8))
            }
            let national = SurveyChoice(code: NationalSurvey.code)
            var planner = DispatchPlanner(survey: { _ in national })
            var output = Output(json: format == "json")
            let visitList = parsed.visits
            parsed.visits = []
            await planner.planInParallel(visitList) { decision in
                if DispatchPlanFormat.includes(decision, from: first, to: last) { output.write(decision) }
            }
            output.finish()
        }

        /// The whole file in one read into one buffer (no second copy).
        func readFile(_ path: String) throws -> [UInt8] {
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
    }
}

/// Rows to standard output in large writes.
struct Output {
    let json: Bool
    var buffer = ""
    var rows = 0

    init(json: Bool) {
        self.json = json
        buffer = json ? "[" : DispatchPlanFormat.csvHeader
    }

    mutating func write(_ decision: DispatchDecision) {
        if json {
            buffer += (rows == 0 ? "\n" : ",\n") + DispatchPlanFormat.jsonObject(decision)
        } else {
            buffer += DispatchPlanFormat.csvRow(decision)
        }
        rows += 1
        if buffer.utf8.count > 1 << 20 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }

    mutating func finish() {
        if json { buffer += "\n]\n" }
        flush()
    }
}
