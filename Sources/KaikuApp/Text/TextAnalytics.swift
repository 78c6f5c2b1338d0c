import Foundation
import KaikuCore
import KaikuStorage
import Logging

/// Sentiment and topics of open answers and feedback cases: analysed in the background (and
/// again when the analyser or the county's topic rules change), corrected by handlers, and the
/// corrections fed back into later analyses.
public struct TextAnalytics: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// The analyser with this county's topic rules, and its handlers' and readers' corrections by
    /// scope (`ScopedCorrections`): a text is analysed with those of the places it lies in.
    public func analyser() async throws -> (TextAnalyser, version: String, corrections: ScopedCorrections) {
        let texts = TextRepository(database.sql)
        let rules = try await texts.rules()
        let analyser = try TextTools.analyser(extraRules: rules.map(\.rule))
        // Texts are analysed again when the analyser, its data or the rules change (not after each correction:
        // a correction teaches the texts that come after it).
        let digest = rules.map { "\($0.rule.topic.rawValue):\($0.rule.language.rawValue):\($0.rule.term)" }.joined(separator: "|")
        return (analyser, "\(try TextTools.version()).\(String(FNV.hash(digest), radix: 36))", ScopedCorrections(try await texts.correctionExamples()))
    }

    /// Analyses what waits, a batch per transaction; returns how many texts were analysed.
    @discardableResult
    public func analysePending(batch: Int = 200, maximum: Int = 20_000) async throws -> Int {
        let (base, version, corrections) = try await self.analyser()
        var models: [[String]: TextAnalyser] = [:]
        func taught(forNodeAt path: String) -> TextAnalyser {
            let scopes = corrections.scopes(forNodeAt: path)
            if let known = models[scopes] { return known }
            var taught = base
            taught.corrections = corrections.model(for: scopes)
            models[scopes] = taught
            return taught
        }
        var done = 0
        while done < maximum {
            let pending = try await TextRepository(database.sql).pending(version: version, limit: batch)
            if pending.isEmpty { break }
            let now = clock.now()
            let analysed = pending.map { item in
                (item.subject, taught(forNodeAt: item.nodePath).analyse(item.text, hint: item.language, rating: item.rating.map(Rating.zeroToTen)))
            }
            try await database.transaction { db in
                for (subject, analysis) in analysed { try await TextRepository(db).save(subject, analysis, version: version, now: now) }
            }
            done += pending.count
        }
        return done
    }

    /// The stored analysis of a text, or (not yet analysed) one made now and stored.
    public func analysis(of subject: TextRepository.Subject, text: String, language: Language?, nodePath: String) async throws -> TextRepository.Analysis? {
        let texts = TextRepository(database.sql)
        if let stored = try await texts.analysis(of: subject) { return stored }
        let (base, version, corrections) = try await analyser()
        var taught = base
        taught.corrections = corrections.model(for: corrections.scopes(forNodeAt: nodePath))
        let analysis = taught.analyse(text, hint: language)
        try await database.transaction { db in
            try await TextRepository(db).save(subject, analysis, version: version, now: clock.now())
        }
        return try await texts.analysis(of: subject)
    }

    /// The county's own topic rules; adding or deleting one is audited, and the texts are analysed
    /// again on the next run (the rules are part of the stored analyses' version).
    public func rules() async throws -> [TextRepository.StoredRule] { try await TextRepository(database.sql).rules() }

    public func addRule(_ rule: TopicRule, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        let now = clock.now()
        try await database.transaction { db in
            try await TextRepository(db).addRule(rule, by: actor.id, now: now)
            try await AuditRepository(db).record(.topicRulesChanged, by: actor,
                                                 detail: "add \(rule.topic.rawValue) \(rule.language.rawValue) \(rule.term)", now: now)
        }
    }

    public func deleteRule(id: String, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        let now = clock.now()
        try await database.transaction { db in
            try await TextRepository(db).deleteRule(id: id)
            try await AuditRepository(db).record(.topicRulesChanged, by: actor, detail: "delete \(id)", now: now)
        }
    }

    /// An open answer named by its analysis's reference (from a report's list of texts), with its
    /// analysis; nil, the same as no such answer, when the reader may not read reports where it was given.
    public func answer(reference: String, by actor: Actor) async throws
        -> (answer: TextRepository.ReferencedAnswer, analysis: TextRepository.Analysis, correctedBy: String?) {
        guard Identifier.isReference(reference) else { throw OutOfReach() }
        let texts = TextRepository(database.sql)
        guard let answer = try await texts.answer(reference: reference), actor.policy.mayReadReports(onNodeAt: answer.nodePath),
              let analysis = try await texts.analysis(of: answer.subject) else { throw OutOfReach() }
        let corrector = try await analysis.correctedBy.asyncMap { try await UserRepository(database.sql).emails(ids: [$0])[$0] } ?? nil
        return (answer, analysis, corrector)
    }

    /// How often handlers agreed with the analyser, by month, over the past year.
    public func agreement() async throws -> [TextRepository.Agreement] {
        let now = clock.now()
        return try await TextRepository(database.sql).agreement(since: Calendar(identifier: .gregorian).date(byAdding: .month, value: -12, to: now) ?? now)
    }

    /// A handler's sentiment and topics for a case they handle (a colleague it was shared with may
    /// only read it).
    public func correctCase(_ caseID: String, sentiment: Sentiment, topics: [Topic], by actor: Actor) async throws {
        let (c, handles) = try await Reach(database.sql, actor).feedbackCase(caseID)
        guard handles else { throw ReadOnly() }
        let place = try await OrgRepository(database.sql).node(id: c.handlingNodeID)?.path ?? ""
        try await correct(.init(type: .case, id: c.id), text: c.body, language: c.language, nodePath: place, sentiment: sentiment, topics: topics, by: actor)
    }

    /// A report reader's sentiment and topics for an open answer in their scope, named by its reference.
    public func correctAnswer(reference: String, sentiment: Sentiment, topics: [Topic], by actor: Actor) async throws {
        let (answer, _, _) = try await answer(reference: reference, by: actor)
        try await correct(answer.subject, text: answer.text, language: answer.language, nodePath: answer.nodePath, sentiment: sentiment,
                          topics: topics, by: actor)
    }

    /// Records a correction, audited, and teaches it to later analyses within the corrector's
    /// reach there (their broadest grant holding the node), not beyond it.
    func correct(_ subject: TextRepository.Subject, text: String, language: Language?, nodePath: String, sentiment: Sentiment,
                 topics: [Topic], by actor: Actor) async throws {
        let policy = actor.policy
        guard let user = actor.id else { throw OutOfReach() }
        let stored = try await analysis(of: subject, text: text, language: language, nodePath: nodePath)
        // An answer is named in the audit trail by its reference: the response id would tie it to its respondent's other answers.
        let target = subject.type == .case ? subject.id : stored?.reference ?? ""
        let scope = Self.teachingScope(of: policy, at: nodePath)
        let scopeCode = try await OrgRepository(database.sql).node(id: OrgPath.ids(in: scope).last ?? "")?.code ?? scope
        let features = try TextTools.analyser().analyse(text, hint: language).features
        let now = clock.now()
        try await database.transaction { db in
            try await TextRepository(db).correct(subject, sentiment: sentiment, topics: topics, features: features, scopePath: scope, by: user, now: now)
            try await AuditRepository(db).record(.textCorrected, by: actor, target: (subject.type.rawValue, target),
                                                 detail: "sentiment=\(sentiment.rawValue) topics=\(topics.map(\.rawValue).joined(separator: ",")) scope=\(scopeCode)",
                                                 now: now)
        }
    }

    /// Where a correction teaches: the broadest of the corrector's grants (handler, reporter or
    /// admin) that holds the text's node; the node itself if none does.
    static func teachingScope(of policy: AccessPolicy, at nodePath: String) -> String {
        [Role.handler, .reporter, .admin].flatMap { policy.scopePaths(for: $0) }.filter { nodePath.hasPrefix($0) }.min { $0.count < $1.count } ?? nodePath
    }

    /// Corrections that teach only part of the county, newest first, for a county-level reviewer.
    /// The county admin's page: how often handlers agreed with the analyser, the county's topic
    /// rules, and the corrections made in units waiting to be accepted for the whole county, with
    /// the names of their scopes by path.
    public struct Overview: Sendable {
        public let agreement: [TextRepository.Agreement]
        public let rules: [TextRepository.StoredRule]
        public let corrections: [TextRepository.LocalCorrection]
        public let scopeNames: [String: LocalizedText]
    }

    public func overview(by actor: Actor) async throws -> Overview {
        try Reach(database.sql, actor).requireCountyAdmin()
        let names = Dictionary(try await OrgRepository(database.sql).all().map { ($0.path, $0.spec.name) }, uniquingKeysWith: { a, _ in a })
        return Overview(agreement: try await agreement(), rules: try await rules(), corrections: try await localCorrections(), scopeNames: names)
    }

    public func localCorrections() async throws -> [TextRepository.LocalCorrection] {
        let roots = Set(try await OrgRepository(database.sql).roots().map(\.path))
        return try await TextRepository(database.sql).localCorrections(countyPaths: roots)
    }

    /// A county-level reviewer makes a correction teach the whole county (the route admits county
    /// admins only); audited. False for an unknown or already accepted one.
    public func acceptCorrection(id: String, by actor: Actor) async throws -> Bool {
        try Reach(database.sql, actor).requireCountyAdmin()
        guard let user = actor.id else { return false }
        let now = clock.now()
        return try await database.transaction { db in
            guard try await TextRepository(db).acceptCorrection(id: id, by: user, now: now) else { return false }
            try await AuditRepository(db).record(.textCorrectionAccepted, by: actor, target: ("text_correction", id), detail: "", now: now)
            return true
        }
    }
}
