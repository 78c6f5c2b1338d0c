import Foundation
import KaikuCore
import KaikuStorage

/// The county-level settings county admins keep (docs/SECURITY.md): the feedback form's service
/// areas, reply phrases, the service promise and contact retention, the anonymity rule and the
/// public pages. Each change one transaction with its audit entry; every method refuses anyone
/// who is not an admin of a whole county (or the operator) as out of reach.
public struct CountySettings: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    public static let promiseDays = 1...90
    public static let retentionMonths = 1...120

    /// The smallest groups reports show figures (and open answers) for. Below three, a figure
    /// would too easily tell what one person answered, whatever a county decides.
    public static let minimumAnswers = 3...100

    public static func anonymityRule(_ database: KaikuDatabase) async throws -> AnonymityRule {
        let settings = SettingsRepository(database.sql)
        let standard = AnonymityRule.standard
        return AnonymityRule(minimumAnswers: Int(try await settings.value("report_min_answers") ?? "") ?? standard.minimumAnswers,
                             minimumTextAnswers: Int(try await settings.value("report_min_text_answers") ?? "") ?? standard.minimumTextAnswers)
    }

    public func setAnonymity(minimumAnswers: Int, minimumTextAnswers: Int, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        guard Self.minimumAnswers.contains(minimumAnswers), Self.minimumAnswers.contains(minimumTextAnswers),
              minimumTextAnswers >= minimumAnswers else { throw Refused("flash_settings_invalid") }
        let now = clock.now()
        try await database.transaction { db in
            try await SettingsRepository(db).set("report_min_answers", String(minimumAnswers), now: now)
            try await SettingsRepository(db).set("report_min_text_answers", String(minimumTextAnswers), now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("settings", "reports"),
                                                 detail: "report_min_answers=\(minimumAnswers) report_min_text_answers=\(minimumTextAnswers)", now: now)
        }
    }

    public func setPromise(days: Int, retentionMonths: Int, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        guard Self.promiseDays.contains(days), Self.retentionMonths.contains(retentionMonths) else { throw Refused("flash_settings_invalid") }
        let now = clock.now()
        try await database.transaction { db in
            try await SettingsRepository(db).set("promise_days", String(days), now: now)
            try await SettingsRepository(db).set("contact_retention_months", String(retentionMonths), now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("settings", "feedback"),
                                                 detail: "promise_days=\(days) contact_retention_months=\(retentionMonths)", now: now)
        }
    }

    /// A service area as the admin typed it: the units as codes, the promise in days (empty: the county's).
    public struct AreaDraft: Sendable {
        public var name: LocalizedText
        public var help: LocalizedText
        public var promiseDays: String
        public var isActive: Bool
        public var nodeCodes: String
        /// Of `nodeCodes`, those the form offers as one entry (their feedback goes to their handlers).
        public var groupCodes: String

        public init(name: LocalizedText, help: LocalizedText, promiseDays: String, isActive: Bool, nodeCodes: String, groupCodes: String = "") {
            self.name = name
            self.help = help
            self.promiseDays = promiseDays
            self.isActive = isActive
            self.nodeCodes = nodeCodes
            self.groupCodes = groupCodes
        }
    }

    /// A service area with its nodes' codes and those offered as one entry, for its page.
    public func area(_ id: String, by actor: Actor) async throws -> (area: ServiceArea, codes: [String], groupCodes: [String]) {
        try Reach(database.sql, actor).requireCountyAdmin()
        guard let area = try await ServiceAreaRepository(database.sql).find(id: id) else { throw OutOfReach() }
        let nodes = try await OrgRepository(database.sql).nodes(ids: area.nodeIDs)
        return (area, nodes.map(\.code).sorted(), nodes.filter { area.groupedNodeIDs.contains($0.id) }.map(\.code).sorted())
    }

    /// A reply phrase, for its page.
    public func phrase(_ id: String, by actor: Actor) async throws -> PhraseRepository.Phrase {
        try Reach(database.sql, actor).requireCountyAdmin()
        guard let phrase = try await PhraseRepository(database.sql).list().first(where: { $0.id == id }) else { throw OutOfReach() }
        return phrase
    }

    /// Saves a new service area (`id` nil) or changes one. Refused, with every reason, for a
    /// missing or overlong name or help text, a promise outside `promiseDays`, or units the admin
    /// does not reach (or none).
    public func saveArea(_ draft: AreaDraft, id existingID: String?, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        let policy = actor.policy
        let existing = try await existingID.asyncMap { try await area($0, by: actor).area }
        var problems: [Refused.Message] = []
        let names = [draft.name.fi, draft.name.sv, draft.name.en], helps = [draft.help.fi, draft.help.sv, draft.help.en]
        if draft.name.fi.isEmpty || names.contains(where: { $0.count > OrgRules.maxNameLength }) || helps.contains(where: { $0.count > 1000 }) {
            problems.append(.init("org_error_name"))
        }
        let promise = draft.promiseDays.isEmpty ? nil : Int(draft.promiseDays)
        if !draft.promiseDays.isEmpty && !Self.promiseDays.contains(promise ?? 0) { problems.append(.init("area_error_days")) }
        let (found, unknown) = try await AdminNodes.resolve(draft.nodeCodes, policy: policy, database.sql)
        let nodeIDs = found
        problems += unknown
        if nodeIDs.isEmpty && problems.isEmpty { problems.append(.init("area_error_nodes")) }
        let (groupIDs, unknownGroups) = try await AdminNodes.resolve(draft.groupCodes, policy: policy, database.sql)
        problems += unknownGroups
        let outside = try await OrgRepository(database.sql).nodes(ids: groupIDs.filter { !nodeIDs.contains($0) })
        if !outside.isEmpty { problems.append(.init("area_error_groups", ["codes": outside.map(\.code).sorted().joined(separator: ", ")])) }
        guard problems.isEmpty else { throw Refused(problems) }
        let units = nodeIDs
        let now = clock.now()
        let code = existing?.code ?? draft.name.fi.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(40) + "-" + Identifier.makeSecret().prefix(4)
        try await database.transaction { db in
            let areas = ServiceAreaRepository(db)
            var id = existing?.id
            if id == nil {
                id = try await areas.create(code: String(code), name: draft.name, help: draft.help, promiseDays: promise, sortOrder: 100,
                                            nodeIDs: units, groupedNodeIDs: groupIDs, now: now)
            }
            guard var stored = try await areas.find(id: id!) else { throw OutOfReach() }
            stored.name = draft.name
            stored.help = draft.help
            stored.promiseDays = promise
            stored.isActive = draft.isActive
            stored.nodeIDs = units
            stored.groupedNodeIDs = groupIDs
            try await areas.update(stored, now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("service_area", existing?.id ?? "new"), detail: draft.name.fi, now: now)
        }
    }

    /// Saves a reply phrase; refused (`phrase_error`) without a title, or without a text in every
    /// language, or when one is too long.
    public func savePhrase(title: String, body: LocalizedText, isActive: Bool, id: String?, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        let existing = try await id.asyncMap { try await phrase($0, by: actor) }
        guard !title.isEmpty, title.count <= 200, [body.fi, body.sv, body.en].allSatisfy({ !$0.isEmpty && $0.count <= 5000 }) else {
            throw Refused("phrase_error")
        }
        let now = clock.now()
        try await database.transaction { db in
            let phrases = PhraseRepository(db)
            if var phrase = existing {
                phrase.title = title
                phrase.body = body
                phrase.isActive = isActive
                try await phrases.update(phrase, now: now)
            } else {
                try await phrases.create(title: title, body: body, sortOrder: 100, now: now)
            }
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("reply_phrase", existing?.id ?? "new"), detail: title, now: now)
        }
    }

    /// An editable public page as the county has saved it, per language (nil: the shipped text).
    public func page(slug: String, by actor: Actor) async throws -> [Language: PageRepository.Page] {
        try Reach(database.sql, actor).requireCountyAdmin()
        var pages: [Language: PageRepository.Page] = [:]
        for language in Language.shipped { pages[language] = try await PageRepository(database.sql).page(slug: slug, language: language) }
        return pages
    }

    /// A public page as the county saved it in one language (nil: the shipped text); anyone reads it.
    public func publishedPage(slug: String, language: Language) async throws -> PageRepository.Page? {
        try await PageRepository(database.sql).page(slug: slug, language: language).flatMap { $0.body.isEmpty ? nil : $0 }
    }

    public static let maxPageTitle = 200, maxPageBody = 50_000

    /// An editable public page (accessibility statement, privacy notice) in every language at once;
    /// refused, naming each language (its code in `language`), for a title or text that is missing
    /// or too long.
    public func savePage(slug: String, versions: [(language: Language, title: String, body: String)], by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        guard let userID = actor.id else { throw OutOfReach() }
        let problems = versions.filter { $0.title.isEmpty || $0.body.isEmpty || $0.title.count > Self.maxPageTitle || $0.body.count > Self.maxPageBody }
            .map { Refused.Message("page_error_empty", ["language": $0.language.rawValue]) }
        guard problems.isEmpty else { throw Refused(problems) }
        let now = clock.now()
        try await database.transaction { db in
            for version in versions {
                try await PageRepository(db).save(slug: slug, language: version.language, title: version.title, body: version.body, by: userID, now: now)
            }
            try await AuditRepository(db).record(.pageUpdated, by: actor, target: ("page", slug), now: now)
        }
    }

    /// The county admin's feedback settings page: the service areas with their units' codes, units
    /// with fewer than the recommended handlers, the reply phrases, mail waiting, the promise and
    /// the retention.
    public struct FeedbackOverview: Sendable {
        public let areas: [(area: ServiceArea, codes: [String])]
        public let thinUnits: [(unit: OrgNode, handlers: Int)]
        public let phrases: [PhraseRepository.Phrase]
        public let pendingMail: Int
        public let promiseDays: String
        public let retentionMonths: String
    }

    public func feedbackOverview(by actor: Actor) async throws -> FeedbackOverview {
        let sql = database.sql
        try Reach(sql, actor).requireCountyAdmin()
        let nodes = try await OrgRepository(sql).all()
        let codes = Dictionary(nodes.map { ($0.id, $0.code) }, uniquingKeysWith: { a, _ in a })
        let areas = try await ServiceAreaRepository(sql).list().map { ($0, $0.nodeIDs.compactMap { codes[$0] }.sorted()) }
        // Units where fewer than two people are designated handlers (the seeds' rule).
        let byNode = try await UserRepository(sql).activeHandlerCounts()
        let today = CalendarDay(clock.now())
        let thin = nodes.filter { $0.level == .unit && $0.spec.isActive(on: today) && (byNode[$0.id] ?? 0) < FeedbackRouting.recommendedHandlers }
            .map { ($0, byNode[$0.id] ?? 0) }
        let settings = SettingsRepository(sql)
        return FeedbackOverview(areas: areas, thinUnits: thin, phrases: try await PhraseRepository(sql).list(), pendingMail: try await OutboxRepository(sql).pending(),
                                promiseDays: try await settings.value("promise_days") ?? "\(FeedbackService.defaultPromiseDays)",
                                retentionMonths: try await settings.value("contact_retention_months") ?? "\(FeedbackService.defaultRetentionMonths)")
    }
}
