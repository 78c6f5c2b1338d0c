import Foundation
import Synchronization
import KaikuCore
import KaikuStorage
import SQLKit

/// Answering surveys by personal link (`/s/{token}`) or open link (`/k/{unit}/{survey}`, for QR
/// codes and posters). A personal link is used once: checking it, marking it used and storing
/// the response happen in one transaction.
public struct SurveyService: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    public struct Target: Sendable {
        public let survey: SurveyRepository.Survey
        public let version: SurveyRepository.Version
        public let node: OrgNode
        public let channel: Channel
        public let language: Language?
        public let background: SurveyRepository.Background

        public init(survey: SurveyRepository.Survey, version: SurveyRepository.Version, node: OrgNode, channel: Channel,
                    language: Language?, background: SurveyRepository.Background) {
            self.survey = survey
            self.version = version
            self.node = node
            self.channel = channel
            self.language = language
            self.background = background
        }

        /// The version a form opens in: the invitation's choice, else the children's version for
        /// a survey meant for children, else the standard one.
        public var defaultVariant: SurveyVariant {
            if background.variant != .standard { return background.variant }
            return survey.audience == .children ? .child : .standard
        }

        /// The questions the form shows in a variant, the "answering as" question last.
        public func form(_ variant: SurveyVariant) -> SurveyDefinition { SurveyVariants.form(version.definition, variant: variant) }
    }

    public enum Refusal: Error, Equatable {
        case notFound, used, expired, closed
        /// Too many answers from one client or on one link in a short time (`AnswerBurstRules`).
        case tooMany
        case invalid([SurveyAnswers.Problem])
    }

    /// What a personal link points at, or why it cannot be answered.
    public func target(token: String) async throws -> Target {
        let surveys = SurveyRepository(database.sql)
        guard let link = try await surveys.link(token: token) else {
            throw try await surveys.isUsed(token: token) ? Refusal.used : Refusal.notFound
        }
        if link.expiresAt < clock.now() { throw Refusal.expired }
        return try await target(surveyID: link.surveyID, nodeID: link.nodeID, channel: link.channel, language: link.language,
                                background: link.background)
    }

    /// An open link for a unit and survey. QR codes and kiosks send many answers to the same
    /// pair, so the looked-up target is kept for a few seconds (a survey version never changes;
    /// a new version or a closed unit shows after at most `cacheLifetime`).
    public func target(unitCode: String, surveyCode: String, channel: Channel) async throws -> Target {
        let found = try await Self.byCode.value(for: "\(unitCode)\u{0}\(surveyCode)", now: clock.now(), database: database.instanceID) {
            let sql = database.sql
            guard let survey = try await SurveyRepository(sql).survey(code: surveyCode),
                  let node = try await OrgRepository(sql).node(code: unitCode) else { throw Refusal.notFound }
            return try await target(surveyID: survey.id, nodeID: node.id, channel: channel, language: nil, background: .init())
        }
        return Target(survey: found.survey, version: found.version, node: found.node, channel: channel, language: nil, background: .init())
    }

    /// Answers given on paper or in an interview, entered by staff or a handler of the unit.
    public func entryTarget(unitCode: String, surveyCode: String, channel: String, by actor: Actor) async throws -> Target {
        guard let channel = Channel(rawValue: channel), channel == .paper || channel == .interview else { throw Refusal.notFound }
        let target = try await target(unitCode: unitCode, surveyCode: surveyCode, channel: channel)
        guard actor.policy.allowsAny([.staff, .handler], onNodeAt: target.node.path) else { throw Refusal.notFound }
        return target
    }

    /// The language a personal link was made in, for its refusal page.
    public func linkLanguage(token: String) async throws -> Language? {
        try await SurveyRepository(database.sql).link(token: token)?.language
    }

    /// A kiosk by its token, with what it answers; a revoked or unknown kiosk is not there.
    public func kiosk(token: String) async throws -> (device: KioskRepository.Device, target: Target) {
        guard let device = try await KioskRepository(database.sql).device(token: token), !device.isRevoked else { throw OutOfReach() }
        do {
            return (device, try await target(surveyID: device.surveyID, nodeID: device.nodeID, channel: .kiosk, language: nil, background: .init()))
        } catch is Refusal {
            throw OutOfReach()
        }
    }

    /// A unit and a survey that runs there, for its QR code and printed poster: the public QR
    /// images only for a published survey (a draft's name is not public); the printable page for
    /// staff of the unit (`actor`), drafts too.
    public func printTarget(unitCode: String, surveyCode: String, by actor: Actor? = nil) async throws -> (unit: OrgNode, survey: SurveyRepository.Survey) {
        let sql = database.sql
        guard let unit = try await OrgRepository(sql).node(code: unitCode), let survey = try await SurveyRepository(sql).survey(code: surveyCode),
              actor != nil || survey.status == .published, try await SurveyRepository(sql).runs(surveyID: survey.id, at: unit) else {
            throw OutOfReach()
        }
        if let actor { try Reach(sql, actor).require(unit, as: Set(Role.allCases)) }
        return (unit, survey)
    }

    /// The published surveys running in a unit of the actor's scope for `roles`: what staff may
    /// enter paper answers to.
    public func surveysRunning(as roles: Set<Role>, by actor: Actor) async throws -> [SurveyRepository.Survey] {
        try await Reach(database.sql, actor).surveysRunning(as: roles).filter { $0.status == .published }
    }

    public static let cacheLifetime: TimeInterval = 5

    /// Looked-up targets, kept `cacheLifetime` seconds: by open link, and by survey and unit (the
    /// personal links of an SMS wave point at a few surveys and units, and the lookup decodes a
    /// survey version's definition).
    private static let byCode = TargetCache(), byID = TargetCache()

    final class TargetCache: Sendable {
        private let entries = Mutex<[String: (at: Date, database: UUID, target: Target)]>([:])

        func value(for key: String, now: Date, database: UUID, lookUp: () async throws -> Target) async throws -> Target {
            if let cached = entries.withLock({ $0[key] }), now.timeIntervalSince(cached.at) < SurveyService.cacheLifetime,
               cached.database == database {
                return cached.target
            }
            let target = try await lookUp()
            entries.withLock { entries in
                if entries.count > 10_000 { entries.removeAll() }
                entries[key] = (now, database, target)
            }
            return target
        }
    }

    public func target(surveyID: String, nodeID: String, channel: Channel, language: Language?, background: SurveyRepository.Background) async throws -> Target {
        let found = try await Self.byID.value(for: "\(surveyID)\u{0}\(nodeID)", now: clock.now(), database: database.instanceID) {
            try await lookUp(surveyID: surveyID, nodeID: nodeID, channel: channel, language: language, background: background)
        }
        return Target(survey: found.survey, version: found.version, node: found.node, channel: channel, language: language,
                      background: background)
    }

    func lookUp(surveyID: String, nodeID: String, channel: Channel, language: Language?, background: SurveyRepository.Background) async throws -> Target {
        let sql = database.sql
        guard let survey = try await SurveyRepository(sql).survey(id: surveyID),
              let version = try await SurveyRepository(sql).latestVersion(surveyID: surveyID),
              let node = try await OrgRepository(sql).node(id: nodeID) else { throw Refusal.notFound }
        let today = CalendarDay(clock.now())
        guard survey.isOpen(on: today), node.spec.isActive(on: today), try await SurveyRepository(sql).runs(surveyID: surveyID, at: node) else {
            throw Refusal.closed
        }
        return Target(survey: survey, version: version, node: node, channel: channel, language: language, background: background)
    }

    /// Checks and stores a response. For a personal link, `token` is marked used in the same
    /// transaction, so two tabs sending at once store one response.
    @discardableResult
    /// `assistedAllowed`: the form was on a kiosk or a staff member's device, where its "a staff
    /// member helped" box counts (nobody else can mark an answer assisted).
    public func submit(_ target: Target, fields: [String: [String]], language: Language, token: String?, submissionKey: String?,
                       assistedAllowed: Bool = false) async throws -> Bool {
        var (read, problems) = SurveyAnswers.read(target.form(.standard), fields: fields)
        guard problems.isEmpty else { throw Refusal.invalid(problems) }
        let given = SurveyBackground.read(fields, answers: &read, assistedAllowed: assistedAllowed)
        let answers = read
        var background = target.background
        background.respondent = given.respondent
        background.variant = given.variant ?? target.defaultVariant
        background.assistance = given.assistance
        let response = SurveyRepository.NewResponse(surveyID: target.survey.id, versionID: target.version.id, node: target.node,
                                                    channel: target.channel, language: language, background: background,
                                                    submissionKey: submissionKey)
        // Open links, kiosks, staff entry and the API have no link to use up: group commit.
        guard let token else {
            return try await ResponseWriter.shared(for: database, clock: clock).write((response, answers))
        }
        let now = clock.now()
        let kind = database.kind
        return try await database.transaction { db in
            let surveys = SurveyRepository(db)
            guard try await surveys.link(token: token, forUpdate: true, kind: kind) != nil else {
                throw try await surveys.isUsed(token: token) ? Refusal.used : Refusal.notFound
            }
            try await surveys.markUsed(token: token)
            return try await surveys.insert(response, answers: answers, now: now)
        }
    }
}
