import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// The survey designer's changes: create a draft, change its settings and targets, save edited
/// questions (a new version once the old one has answers), publish and close. Each one
/// transaction with its audit entry; the designer page has checked the admin's reach and the
/// rules (`SurveyDesign`, `SurveyDefinition.problems`).
public struct SurveyDesigning: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// A new draft with an empty first version, in the scope of the admin who made it; returns
    /// its id. Refused, with every reason, for a bad or taken code or a name missing in a language.
    public func create(code: String, kind: SurveyKind, settings: SurveyRepository.Settings, by actor: Actor) async throws -> String {
        guard actor.policy.has(.admin) else { throw OutOfReach() }
        // The operator's draft belongs to the county (no owner), an admin's to their scope.
        let ownerPath = actor.policy.isOperator ? nil : actor.policy.scopePaths(for: .admin).first
        let code = code.lowercased()
        let now = clock.now()
        return try await database.transaction { db in
            var problems: [Refused.Message] = []
            if !SurveyDesign.isValidSurveyCode(code) {
                problems.append(.init("designer_error_code"))
            } else if try await SurveyRepository(db).survey(code: code) != nil {
                problems.append(.init("designer_error_code_taken"))
            }
            if !SurveyDesign.isValidName(settings.name) { problems.append(.init("designer_error_name")) }
            guard problems.isEmpty else { throw Refused(problems) }
            return try await Self.create(code: code, kind: kind, settings: settings, ownerPath: ownerPath, detail: "created \(code)", by: actor, now: now, db)
        }
    }

    /// A survey made and audited inside the caller's transaction: the one way a survey comes to
    /// be, from the designer or from an accepted request.
    static func create(code: String, kind: SurveyKind, settings: SurveyRepository.Settings, ownerPath: String?, detail: String, by actor: Actor,
                       now: Date, _ db: any SQLDatabase) async throws -> String {
        let id = try await SurveyRepository(db).create(code: code, kind: kind, settings: settings, ownerPath: ownerPath, now: now)
        try await AuditRepository(db).record(.surveyChanged, by: actor, target: ("survey", id), detail: detail, now: now)
        return id
    }

    /// A survey's settings as the admin typed them: dates as text (empty for none), units as codes.
    public struct SettingsDraft: Sendable {
        public var name: LocalizedText
        public var audience: Audience
        public var channels: Set<Channel>
        public var startsOn: String
        public var endsOn: String
        public var onePerPage: Bool
        public var smsContactTypes: Set<ContactType>
        public var targetCodes: String

        public init(name: LocalizedText, audience: Audience, channels: Set<Channel>, startsOn: String, endsOn: String, onePerPage: Bool,
                    smsContactTypes: Set<ContactType>, targetCodes: String) {
            self.name = name
            self.audience = audience
            self.channels = channels
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.onePerPage = onePerPage
            self.smsContactTypes = smsContactTypes
            self.targetCodes = targetCodes
        }
    }

    /// Saves a survey's settings and units; refused, with every reason, for a name missing in a
    /// language, a date that is not one, or units the admin does not reach.
    public func saveSettings(surveyID: String, _ draft: SettingsDraft, by actor: Actor) async throws {
        let policy = actor.policy
        var problems: [Refused.Message] = []
        if !SurveyDesign.isValidName(draft.name) { problems.append(.init("designer_error_name")) }
        func day(_ text: String) -> CalendarDay?? { text.isEmpty ? .some(nil) : CalendarDay(text).map { .some($0) } }
        let startsOn = day(draft.startsOn), endsOn = day(draft.endsOn)
        if startsOn == nil || endsOn == nil { problems.append(.init("designer_error_date")) }
        let (found, unknown) = try await AdminNodes.resolve(draft.targetCodes, policy: policy, database.sql)
        let targetIDs = found
        problems += unknown
        guard problems.isEmpty else { throw Refused(problems) }
        let settings = SurveyRepository.Settings(name: draft.name, audience: draft.audience, channels: draft.channels, startsOn: startsOn ?? nil,
                                                 endsOn: endsOn ?? nil, onePerPage: draft.onePerPage, smsContactTypes: draft.smsContactTypes)
        try await change(surveyID, by: actor) { db, now, survey in
            try await SurveyRepository(db).update(surveyID: survey.id, settings, now: now)
            try await SurveyRepository(db).setTargets(surveyID: survey.id, nodeIDs: targetIDs)
            return ((), "settings \(Channel.codes(settings.channels)) targets=\(targetIDs.count)")
        }
    }

    /// Adds a question of `type` at the end; returns its key. Refused past `SurveyDesign.maxQuestions`.
    public func addQuestion(surveyID: String, type: QuestionType, by actor: Actor) async throws -> String {
        try await change(surveyID, by: actor) { db, now, survey in
            let current = try await SurveyRepository(db).latestVersion(surveyID: survey.id)?.definition ?? SurveyDefinition(questions: [])
            guard current.questions.count < SurveyDesign.maxQuestions else { throw Refused("designer_error_too_many") }
            let (edited, key) = SurveyDesign.adding(type, to: current)
            try await SurveyRepository(db).saveDefinition(surveyID: survey.id, edited, now: now)
            return (key, "question added \(key)")
        }
    }

    /// One change to one question on the designer page.
    public enum QuestionEdit: Sendable, Equatable {
        case move(up: Bool)
        case delete(confirmingNational: Bool)
        /// The texts, options (one per line, for choice questions), whether an answer is required,
        /// and a condition (the question it depends on and the answers that show it), as typed.
        case change(text: LocalizedText, options: String, isRequired: Bool, conditionOn: String, conditionMinimum: String, conditionMaximum: String,
                    confirmingNational: Bool)

        var code: String {
            switch self {
            case .move(let up): up ? "up" : "down"
            case .delete: "delete"
            case .change: "save"
            }
        }
    }

    /// Applies one edit to the latest version's question `key` and saves the result (a new version
    /// once the old one has answers). Refused, with the reason, for a move past either end, a last
    /// question's deletion, overlong texts, bad options or condition, and for losing national
    /// comparability without confirming it.
    public func editQuestion(surveyID: String, key: String, _ edit: QuestionEdit, by actor: Actor) async throws {
        try await change(surveyID, by: actor) { db, now, survey in
            guard let current = try await SurveyRepository(db).latestVersion(surveyID: survey.id)?.definition,
                  let edited = try Self.edited(current, key: key, edit) else { return ((), nil) }
            try await SurveyRepository(db).saveDefinition(surveyID: survey.id, edited, now: now)
            let national = SurveyDesign.nationalChanges(from: current, to: edited)
            return ((), "question \(edit.code) \(key)" + (national.isEmpty ? "" : " national comparability lost: \(national.joined(separator: ","))"))
        }
    }

    /// The definition after one edit of question `key`; nil when nothing changes.
    static func edited(_ current: SurveyDefinition, key: String, _ edit: QuestionEdit) throws -> SurveyDefinition? {
        guard let question = current.question(key) else { throw Refused("designer_error_not_found") }
        let edited: SurveyDefinition
        switch edit {
        case .move(let up):
            guard let moved = SurveyDesign.moving(key, by: up ? -1 : 1, in: current) else { throw Refused("designer_error_move") }
            edited = moved
        case .delete(let confirmed):
            if question.isNational && !confirmed { throw Refused("designer_error_national") }
            guard let removed = SurveyDesign.removing(key, from: current) else { throw Refused("designer_error_delete") }
            edited = removed
        case .change(let text, let options, let isRequired, let on, let minimum, let maximum, let confirmed):
            var changed = question
            changed.text = text
            if [text.fi, text.sv, text.en].contains(where: { $0.count > SurveyDesign.maxTextLength }) { throw Refused("designer_error_too_long") }
            if question.type == .singleChoice || question.type == .multipleChoice {
                guard let parsed = SurveyDesign.parseOptions(options) else { throw Refused("designer_error_options") }
                changed.options = parsed
            }
            changed.isRequired = isRequired
            if on.isEmpty {
                changed.condition = nil
            } else {
                guard let minimum = Int(minimum), let maximum = Int(maximum) else { throw Refused("designer_error_condition") }
                changed.condition = QuestionCondition(questionKey: on, minimum: minimum, maximum: maximum)
            }
            var result = SurveyDesign.replacing(changed, in: current)
            if !SurveyDesign.nationalChanges(from: current, to: result).isEmpty {
                guard confirmed else { throw Refused("designer_error_national") }
                changed.isNational = false
                result = SurveyDesign.replacing(changed, in: current)
            }
            if result.problems().contains(DefinitionProblem(.badCondition, key)) { throw Refused("designer_problem_condition") }
            edited = result
        }
        return edited == current ? nil : edited
    }

    /// Saves a survey's questions as given (a new version once the old one has answers); `detail`
    /// says what changed, for the audit log.
    public func saveQuestions(surveyID: String, _ definition: SurveyDefinition, detail: String, by actor: Actor) async throws {
        try await change(surveyID, by: actor) { db, now, survey in
            try await SurveyRepository(db).saveDefinition(surveyID: survey.id, definition, now: now)
            return ((), detail)
        }
    }

    /// What stops a survey from being published (catalog messages), and the published surveys
    /// that would reach the same people through the same channels.
    public struct Readiness: Sendable, Equatable {
        public let problems: [Refused.Message]
        public let overlaps: [SurveyOverlap]
    }

    public func readiness(_ survey: SurveyRepository.Survey) async throws -> Readiness {
        try await Self.readiness(survey, today: CalendarDay(clock.now()), database.sql)
    }

    static func readiness(_ survey: SurveyRepository.Survey, today: CalendarDay, _ db: any SQLDatabase) async throws -> Readiness {
        let repository = SurveyRepository(db)
        let definition = try await repository.latestVersion(surveyID: survey.id)?.definition ?? SurveyDefinition(questions: [])
        let targets = try await repository.targetPaths(surveyID: survey.id)
        let problems = definition.problems().map { Refused.Message($0.kind.rawValue, ["question": $0.questionKey]) }
            + SurveyDesign.publishProblems(isShortTerm: survey.kind == .shortTerm, startsOn: survey.startsOn, endsOn: survey.endsOn,
                                           targetCount: targets.count, channels: survey.channels, today: today).map { Refused.Message($0.rawValue) }
        let plan = SurveyPlan(surveyID: survey.id, targetPaths: targets, audience: survey.audience, channels: survey.channels,
                              startsOn: survey.startsOn, endsOn: survey.endsOn)
        return Readiness(problems: problems, overlaps: SurveyOverlaps.find(for: plan, among: try await repository.publishedPlans()))
    }

    /// Publishes the survey, when the admin manages it, it is ready, and any overlap with a
    /// published survey was confirmed: checked in the publishing transaction on the survey as it is
    /// then, so no caller can publish without the checks or on what was read before a change.
    public func publish(surveyID: String, confirmingOverlaps: Bool, by actor: Actor) async throws {
        let now = clock.now()
        try await database.transaction { db in
            let repository = SurveyRepository(db)
            let survey = try await Reach(db, actor).survey(surveyID, needs: .manage).survey
            let readiness = try await Self.readiness(survey, today: CalendarDay(now), db)
            guard readiness.problems.isEmpty else { throw Refused([Refused.Message("designer_error_not_ready")] + readiness.problems) }
            guard readiness.overlaps.isEmpty || confirmingOverlaps else { throw Refused("designer_error_overlap") }
            try await repository.setStatus(surveyID: survey.id, .published, now: now)
            let detail = "published" + (readiness.overlaps.isEmpty ? "" : " despite \(readiness.overlaps.count) overlaps")
            try await AuditRepository(db).record(.surveyChanged, by: actor, target: ("survey", survey.id), detail: detail, now: now)
        }
    }

    public func close(surveyID: String, by actor: Actor) async throws {
        try await change(surveyID, by: actor) { db, now, survey in
            try await SurveyRepository(db).setStatus(surveyID: survey.id, .closed, now: now)
            return ((), "closed")
        }
    }

    /// One change to a survey the admin manages, in one transaction: the survey is loaded and the
    /// reach checked there, and the change audited with the detail `body` returns (nil: nothing
    /// changed, nothing audited).
    func change<T: Sendable>(_ surveyID: String, by actor: Actor,
                             _ body: @escaping @Sendable (any SQLDatabase, Date, SurveyRepository.Survey) async throws -> (T, String?)) async throws -> T {
        let now = clock.now()
        return try await database.transaction { db in
            let survey = try await Reach(db, actor).survey(surveyID, needs: .manage).survey
            let (result, detail) = try await body(db, now, survey)
            if let detail { try await AuditRepository(db).record(.surveyChanged, by: actor, target: ("survey", survey.id), detail: detail, now: now) }
            return result
        }
    }

    /// The admin's survey list: every survey they may at least read, with its answers and, for
    /// the past 30 days, the answers refused as bursts (ballot stuffing) in their units; and how
    /// many survey requests wait for them.
    public struct Overview: Sendable {
        public let surveys: [(survey: SurveyRepository.Survey, responses: Int, bursts: Int?)]
        public let waitingRequests: Int
    }

    public func overview(by actor: Actor) async throws -> Overview {
        let sql = database.sql
        let repository = SurveyRepository(sql)
        let paths = actor.policy.scopePaths(for: .admin)
        let bursts = try await repository.burstsBySurvey(since: CalendarDay(clock.now()).adding(days: -30), within: paths)
        var surveys: [(SurveyRepository.Survey, Int, Int?)] = []
        for survey in try await Reach(sql, actor).surveysSeen() {
            surveys.append((survey, try await repository.responseCount(surveyID: survey.id), bursts[survey.id]))
        }
        let waiting = try await SurveyRequestRepository(sql).within(paths: paths).filter { $0.status == .submitted }.count
        return Overview(surveys: surveys, waitingRequests: waiting)
    }
}
