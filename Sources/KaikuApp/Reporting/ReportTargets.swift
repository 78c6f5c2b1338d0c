import Foundation
import KaikuCore
import KaikuStorage

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
        let now = clock.now()
        let target = ReportTarget(id: Identifier.make(at: now), nodeID: node.id, surveyID: survey.id, questionKey: question.key,
                                  startsOn: from, endsOn: to, value: value)
        try await database.transaction { db in
            try await TargetRepository(db).set(target, now: now)
            try await AuditRepository(db).record(.reportTargetChanged, by: actor, target: ("report_target", target.id),
                                                 detail: "set \(node.code) \(survey.code) \(question.key) \(from)–\(to) \(value)", now: now)
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
