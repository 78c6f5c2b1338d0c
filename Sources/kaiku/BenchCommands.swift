import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

/// `kaiku bench-reports`: loads generated answers into the demo county and times the reports the
/// portal reads (docs/BENCHMARKS.md; scripts/bench-reports.sh runs it on SQLite and PostgreSQL).
struct BenchReports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-reports", abstract: "Load generated answers and time the county dashboard and a unit view (a benchmark).",
        shouldDisplay: false)

    @OptionGroup var options: DatabaseOptions
    @Option(help: "Answered questions to add (about seven per response), spread over the 365 days before today.") var answers: Int = 100_000
    @Option(help: "Times each view is read; the median is printed.") var repeats: Int = 15

    func run() async throws {
        try await withDatabase(options, creating: true) { database, _ in
            let loader = DemoLoader(database: database, passwords: PasswordHasher(cost: 4), clock: SystemClock())
            if try await loader.isEmpty() { _ = try await loader.load() }
            let started = Date()
            let (responses, rows) = try await load(database)
            let seconds = Date().timeIntervalSince(started)
            print(String(format: "loaded %d responses (%d answered questions) in %.1f s: %.0f responses/s", responses, rows, seconds, Double(responses) / seconds))
            let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM response_answers").first(decoding: Count.self)?.n ?? 0
            print("answered questions in the database: \(total)")
            let reports = Reports(database: database)
            let period = ReportPeriod.last(.quarter, before: CalendarDay(Date()))
            // The portal's reads for one view: the figures with a breakdown, the previous period,
            // the parent, the trend, the response rate and the topics. The first read decides what
            // is hidden (docs/SECURITY.md, "Disclosure control"); later reads find the decisions kept.
            let unit = "\(DemoCounty.code)-U002"
            for (label, node, by) in [("county dashboard, last quarter, by child unit", DemoCounty.code, ReportBreakdown.childUnits as ReportBreakdown?),
                                      ("county, last quarter, by age band", DemoCounty.code, .dimension(.ageBand)),
                                      ("unit view, last quarter", unit, nil)] {
                try await time(label) {
                    _ = try await reports.dashboard(surveyCode: NationalSurvey.code, nodeCode: node, period: period, by: by, reader: .commandLine)
                }
            }
            // The attention list: every node of the county (issue 25's target: 300 ms at 10 million).
            for (label, period) in [("county attention list, last month", ReportPeriod.last(.month, before: CalendarDay(Date()))),
                                    ("county attention list, last quarter", period)] {
                try await time(label) {
                    _ = try await reports.attention(surveyCode: NationalSurvey.code, nodeCode: DemoCounty.code, period: period, reader: .commandLine)
                }
            }
        }
    }

    /// Reads a view `repeats` times and prints the first read, the median and the slowest.
    func time(_ label: String, _ read: () async throws -> Void) async throws {
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = Date()
            try await read()
            times.append(Date().timeIntervalSince(start) * 1000)
        }
        let first = times[0]
        times.sort()
        print(String(format: "%@: first read %.1f ms, then median %.1f ms, slowest %.1f ms (%d reads)", label, first, times[times.count / 2],
                     times.last!, repeats))
    }

    struct Count: Decodable { let n: Int }

    /// Generated national-survey answers at every service point, day by day over the year, in
    /// transactions of 10,000 responses through the same insert (and rollup upkeep) as imports:
    /// the counts of one batch are merged before they are written, as a history import's are.
    func load(_ database: KaikuDatabase) async throws -> (Int, Int) {
        let sql = database.sql
        let surveys = SurveyRepository(sql)
        guard let survey = try await surveys.survey(code: NationalSurvey.code), let version = try await surveys.latestVersion(surveyID: survey.id) else {
            throw ValidationError("the national survey is missing")
        }
        let points = try await OrgRepository(sql).all().filter { $0.level == .servicePoint }
        var random = SplitMix64(seed: UInt64(answers))
        let today = CalendarDay(Date())
        var responses = 0, rows = 0
        let now = Date()
        // About seven answered questions per response: the day's share of the total.
        let perDay = max(1, answers / 7 / 365)
        var batch: [(response: SurveyRepository.NewResponse, answers: [String: AnswerValue])] = []
        func flush() async throws {
            guard !batch.isEmpty else { return }
            responses += batch.count
            let items = batch
            batch = []
            _ = try await database.transaction { db in try await SurveyRepository(db).insertBatch(items, now: now) }
        }
        var day = today.adding(days: -365)
        while rows < answers {
            for _ in 0..<perDay where rows < answers {
                let point = points[Int.random(in: 0..<points.count, using: &random)]
                let level = 40 + Double(Int.random(in: 0...45, using: &random))
                let given = DemoAnswers.national(level: level, language: .fi, &random)
                batch.append((SurveyRepository.NewResponse(
                    surveyID: survey.id, versionID: version.id, node: point,
                    channel: [.sms, .sms, .sms, .qr, .kiosk][Int.random(in: 0..<5, using: &random)], language: [.fi, .fi, .fi, .fi, .sv][Int.random(in: 0..<5, using: &random)],
                    background: .init(ageBand: AgeBand.allCases[Int.random(in: 2..<AgeBand.allCases.count, using: &random)],
                                      contactType: ContactType.allCases[Int.random(in: 0..<ContactType.allCases.count, using: &random)]),
                    submissionKey: nil, day: day), given))
                rows += given.count
                if batch.count == 10_000 { try await flush() }
            }
            day = day == today.adding(days: -1) ? today.adding(days: -365) : day.adding(days: 1)
        }
        try await flush()
        return (responses, rows)
    }
}
