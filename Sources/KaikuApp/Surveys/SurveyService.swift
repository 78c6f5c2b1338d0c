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
        let key = "\(unitCode)\u{0}\(surveyCode)"
        let now = clock.now()
        if let cached = Self.cache.withLock({ $0[key] }), now.timeIntervalSince(cached.at) < Self.cacheLifetime,
           cached.database == database.instanceID {
            return Target(survey: cached.target.survey, version: cached.target.version, node: cached.target.node, channel: channel,
                          language: nil, background: .init())
        }
        let sql = database.sql
        guard let survey = try await SurveyRepository(sql).survey(code: surveyCode),
              let node = try await OrgRepository(sql).node(code: unitCode) else { throw Refusal.notFound }
        let target = try await target(surveyID: survey.id, nodeID: node.id, channel: channel, language: nil, background: .init())
        Self.cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = (now, database.instanceID, target)
        }
        return target
    }

    public static let cacheLifetime: TimeInterval = 5
    private static let cache = Mutex<[String: (at: Date, database: UUID, target: Target)]>([:])

    public func target(surveyID: String, nodeID: String, channel: Channel, language: Language?, background: SurveyRepository.Background) async throws -> Target {
        // Personal links of an SMS wave point at a few surveys and units: their lookup (a survey
        // version's definition decoded) is kept as briefly as an open link's.
        let key = "\(surveyID)\u{0}\(nodeID)"
        let now = clock.now()
        if let cached = Self.byID.withLock({ $0[key] }), now.timeIntervalSince(cached.at) < Self.cacheLifetime,
           cached.database == database.instanceID {
            return Target(survey: cached.target.survey, version: cached.target.version, node: cached.target.node, channel: channel,
                          language: language, background: background)
        }
        let target = try await lookUp(surveyID: surveyID, nodeID: nodeID, channel: channel, language: language, background: background)
        Self.byID.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = (now, database.instanceID, target)
        }
        return target
    }

    private static let byID = Mutex<[String: (at: Date, database: UUID, target: Target)]>([:])

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
    public func submit(_ target: Target, fields: [String: [String]], language: Language, token: String?, submissionKey: String?) async throws -> Bool {
        let (answers, problems) = SurveyAnswers.read(target.version.definition, fields: fields)
        guard problems.isEmpty else { throw Refusal.invalid(problems) }
        let response = SurveyRepository.NewResponse(surveyID: target.survey.id, versionID: target.version.id, node: target.node,
                                                    channel: target.channel, language: language, background: target.background,
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
