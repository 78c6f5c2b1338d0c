import Foundation
import KaikuCore
import KaikuStorage

/// Imports answers from the previous system (`kaiku responses import`). A file with any bad row
/// stores nothing unless the caller asks to skip bad rows; a response id imported before is
/// skipped, so running the same file twice stores it once.
public struct ResponseImport: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    public struct Outcome: Sendable, Equatable {
        public let imported: Int
        public let alreadyImported: Int
        public let problems: [HistoryImport.Problem]
        /// False when problems stopped the import and nothing was stored.
        public let stored: Bool
    }

    public func run(csv text: String, skipBadRows: Bool, progress: ProgressReport? = nil) async throws -> Outcome {
        let records: [CSVRecord]
        do {
            records = try CSV.parse(text)
        } catch {
            return Outcome(imported: 0, alreadyImported: 0, problems: [.init(line: error.line, message: error.message)], stored: false)
        }
        let sql = database.sql
        let surveys = SurveyRepository(sql)
        var definitions: [String: SurveyDefinition] = [:]
        var versions: [String: (surveyID: String, versionID: String)] = [:]
        for survey in try await surveys.all() {
            guard let version = try await surveys.latestVersion(surveyID: survey.id) else { continue }
            definitions[survey.code] = version.definition
            versions[survey.code] = (survey.id, version.id)
        }
        let nodes = Dictionary(try await OrgRepository(sql).all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let (responses, problems) = HistoryImport.read(records, surveys: definitions, nodeCodes: Set(nodes.keys))
        if !problems.isEmpty && !skipBadRows {
            return Outcome(imported: 0, alreadyImported: 0, problems: problems, stored: false)
        }
        let items = responses.compactMap { r -> (response: SurveyRepository.NewResponse, answers: [String: AnswerValue])? in
            guard let version = versions[r.surveyCode], let node = nodes[r.nodeCode] else { return nil }
            return (SurveyRepository.NewResponse(surveyID: version.surveyID, versionID: version.versionID, node: node, channel: r.channel,
                                                  language: r.language, background: .init(ageBand: r.ageBand, contactType: r.contactType, callType: r.callType),
                                                  submissionKey: "import:" + r.responseID, day: r.day),
                    r.answers)
        }
        let now = clock.now()
        let stored = try await database.transaction { db in try await SurveyRepository(db).insertAll(items, now: now, progress: progress) }
        return Outcome(imported: stored, alreadyImported: items.count - stored, problems: problems, stored: true)
    }
}
