import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// Admins set targets for the nodes in their scope; every report measures against them. Each
/// change is one transaction with its audit entry.
public struct ReportTargets: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// What an admin asks for, as typed.
    public struct Draft: Sendable {
        public var nodeCode: String
        public var surveyCode: String
        public var questionKey: String
        public var from: String
        public var to: String
        public var value: String

        public init(nodeCode: String, surveyCode: String, questionKey: String, from: String, to: String, value: String) {
            self.nodeCode = nodeCode
            self.surveyCode = surveyCode
            self.questionKey = questionKey
            self.from = from
            self.to = to
            self.value = value
        }
    }

    /// A target with the names a page shows.
    public struct Listed: Sendable {
        public let target: ReportTarget
        public let node: OrgNode
        public let survey: SurveyRepository.Survey
        public let question: Question?
    }

    public func set(_ draft: Draft, by actor: Actor) async throws {
        let checked = try await check(draft, by: actor)
        let now = clock.now()
        try await database.transaction { db in try await Self.store(checked, actor: actor, now: now, db) }
    }

    /// A target checked against the admin's scope and the question's range, with what its audit
    /// entry names; refused with every problem.
    struct Checked: Sendable {
        let target: ReportTarget
        let detail: String
    }

    func check(_ draft: Draft, by actor: Actor) async throws -> Checked {
        let policy = actor.policy
        let db = database.sql
        var problems: [Refused.Message] = []
        let node = try await OrgRepository(db).node(code: draft.nodeCode)
        if node.map({ !policy.allows(.admin, onNodeAt: $0.path) }) ?? true {
            problems.append(.init("report_error_node", ["code": draft.nodeCode]))
        }
        // Another unit's own survey is refused like a missing one: its name and questions stay unseen.
        var survey = try await SurveyRepository(db).survey(code: draft.surveyCode)
        if let found = survey, !Reports.mayRead(found, targets: try await SurveyRepository(db).targetPaths(surveyID: found.id), actor) {
            survey = nil
        }
        if survey == nil { problems.append(.init("report_error_survey", ["code": draft.surveyCode])) }
        var version: SurveyRepository.Version?
        if let survey { version = try await SurveyRepository(db).latestVersion(surveyID: survey.id) }
        let question = version?.definition.questions.first { $0.key == draft.questionKey }
        let range = question.flatMap { ReportTarget.range(for: $0.type) }
        if survey != nil && range == nil { problems.append(.init("target_error_question")) }
        let from = CalendarDay(draft.from), to = CalendarDay(draft.to)
        if from == nil || to == nil || from! > to! { problems.append(.init("target_error_period")) }
        let value = Double(draft.value.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."))
        if let range, value.map({ !range.contains($0) || !$0.isFinite }) ?? true {
            problems.append(.init("target_error_value", ["low": Self.number(range.lowerBound), "high": Self.number(range.upperBound)]))
        }
        guard problems.isEmpty, let node, let survey, let question, let from, let to, let value else { throw Refused(problems) }
        let target = ReportTarget(id: Identifier.make(at: clock.now()), nodeID: node.id, surveyID: survey.id, questionKey: question.key,
                                  startsOn: from, endsOn: to, value: value)
        return Checked(target: target, detail: "set \(node.code) \(survey.code) \(question.key) \(from)–\(to) \(value)")
    }

    static func store(_ checked: Checked, actor: Actor, now: Date, _ db: any SQLDatabase) async throws {
        try await TargetRepository(db).set(checked.target, now: now)
        try await AuditRepository(db).record(.reportTargetChanged, by: actor, target: ("report_target", checked.target.id), detail: checked.detail, now: now)
    }

    /// Targets in bulk from a CSV with a header row: `node`, `survey`, `question`, `period` (a year,
    /// quarter or month code such as 2027, 2027-Q2, 2027-05; or `from` and `to` days instead) and
    /// `value`, separated by commas or semicolons. Every row passes the same checks as one target
    /// set by hand; one bad row refuses the file, naming each row's problems, and changes nothing.
    /// Returns how many were set.
    public func importCSV(_ text: String, by actor: Actor) async throws -> Int {
        let lines = try Self.rows(text)
        var checked: [Checked] = []
        var problems: [Refused.Message] = []
        for (line, draft) in lines {
            do {
                checked.append(try await check(draft, by: actor))
            } catch let refused as Refused {
                problems.append(.init("target_import_line", ["line": String(line)]))
                problems += refused.messages
            }
        }
        guard problems.isEmpty else { throw Refused(problems) }
        guard !checked.isEmpty else { throw Refused("target_import_empty") }
        let now = clock.now(), all = checked
        try await database.transaction { db in
            for target in all { try await Self.store(target, actor: actor, now: now, db) }
        }
        return all.count
    }

    /// The file's drafts by the line each starts on (the header is line 1); empty rows skipped.
    static func rows(_ text: String) throws -> [(Int, Draft)] {
        let firstLine = text.prefix { $0 != "\n" }
        let separated = firstLine.contains(";") && !firstLine.contains(",") ? text.replacingOccurrences(of: ";", with: ",") : text
        guard let records = try? CSV.parse(separated), let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
              ["node", "survey", "question", "value"].allSatisfy(header.contains), header.contains("period") || (header.contains("from") && header.contains("to"))
        else { throw Refused("target_import_header") }
        return records.dropFirst().compactMap { record in
            func field(_ name: String) -> String {
                header.firstIndex(of: name).flatMap { $0 < record.fields.count ? record.fields[$0].trimmingCharacters(in: .whitespaces) : nil } ?? ""
            }
            guard record.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
            var from = field("from"), to = field("to")
            if header.contains("period") {
                let period = ReportPeriod(code: field("period"))
                from = period?.from.description ?? ""
                to = period?.to.description ?? ""
            }
            return (record.line, Draft(nodeCode: field("node"), surveyCode: field("survey"), questionKey: field("question"), from: from, to: to,
                                     value: field("value")))
        }
    }

    public func delete(id: String, by actor: Actor) async throws {
        let policy = actor.policy
        let db = database.sql
        guard let target = try await TargetRepository(db).find(id: id), let node = try await OrgRepository(db).node(id: target.nodeID),
              policy.allows(.admin, onNodeAt: node.path) else { throw Refused("target_error_missing") }
        let now = clock.now()
        try await database.transaction { db in
            try await TargetRepository(db).delete(id: id)
            try await AuditRepository(db).record(.reportTargetChanged, by: actor, target: ("report_target", id),
                                                 detail: "removed \(node.code) \(target.questionKey) \(target.startsOn)–\(target.endsOn)", now: now)
        }
    }

    /// The targets at nodes within the admin's scope.
    public func list(by actor: Actor) async throws -> [Listed] {
        let policy = actor.policy
        let db = database.sql
        let targets = try await TargetRepository(db).all()
        let nodes = Dictionary(try await OrgRepository(db).nodes(ids: Array(Set(targets.map(\.nodeID)))).map { ($0.id, $0) }) { a, _ in a }
        var surveys: [String: (SurveyRepository.Survey, [Question])] = [:]
        var listed: [Listed] = []
        for target in targets {
            guard let node = nodes[target.nodeID], policy.allows(.admin, onNodeAt: node.path) else { continue }
            if surveys[target.surveyID] == nil, let survey = try await SurveyRepository(db).survey(id: target.surveyID) {
                let questions = try await SurveyRepository(db).latestVersion(surveyID: survey.id)?.definition.questions ?? []
                surveys[target.surveyID] = (survey, questions)
            }
            guard let (survey, questions) = surveys[target.surveyID] else { continue }
            listed.append(Listed(target: target, node: node, survey: survey, question: questions.first { $0.key == target.questionKey }))
        }
        return listed.sorted { ($0.node.path, $0.target.questionKey) < ($1.node.path, $1.target.questionKey) }
    }

    static func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

    /// The admin's targets page: their targets, the surveys they may read, the chosen one's
    /// questions that take a target, and the nodes they manage.
    public struct Choices: Sendable {
        public let targets: [Listed]
        public let surveys: [SurveyRepository.Survey]
        public let chosen: SurveyRepository.Survey?
        public let questions: [Question]
        public let nodes: [OrgNode]
    }

    public func choices(surveyCode: String, by actor: Actor) async throws -> Choices {
        let surveys = try await Reports(database: database).surveys(reader: actor)
        let chosen = surveys.first { $0.code == surveyCode } ?? surveys.first
        let version = try await chosen.asyncMap { try await SurveyRepository(database.sql).latestVersion(surveyID: $0.id) } ?? nil
        return Choices(targets: try await list(by: actor), surveys: surveys, chosen: chosen,
                       questions: version?.definition.questions.filter { ReportTarget.range(for: $0.type) != nil } ?? [],
                       nodes: try await OrganisationSync(database: database, clock: clock).managed(by: actor))
    }
}
