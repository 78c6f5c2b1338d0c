import Foundation
import KaikuCore
import KaikuStorage

/// A county's added languages for public pages and surveys (issue 28, docs/LANGUAGES.md): the
/// translator gets a file of every public text with its Finnish (`export`), writes the
/// translations, and the county imports the reviewed file (`importFile`). A text not translated,
/// or translated from Finnish that has since changed, is shown in Finnish.
public struct PublicLanguages: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock
    let catalog: Catalog

    public init(database: KaikuDatabase, clock: any KaikuClock, catalog: Catalog) {
        self.database = database
        self.clock = clock
        self.catalog = catalog
    }

    /// The catalog's texts of public pages: those the customer's pages and messages use. Staff
    /// pages stay in the shipped languages.
    static let publicPrefixes = ["survey_", "feedback_", "easy_", "child_", "variant_", "picture_", "optout_", "kiosk_", "widget_", "wall_",
                                 "home_", "footer_", "skip_", "search_", "form_", "error_", "personal_data_", "breadcrumb_", "page_", "channel_",
                                 "language_switch", "nav_home", "nav_feedback", "nav_wall", "nav_login", "yes", "no", "sms_reply_"]
    static let staffPrefixes = ["feedback_admin", "feedback_report", "survey_entry", "survey_request", "survey_test", "sms_reply_answers"]
    /// The "answering as" question is the same in every survey.
    static let everySurvey = "*"

    public static func isPublic(_ key: String) -> Bool {
        publicPrefixes.contains { key.hasPrefix($0) } && !staffPrefixes.contains { key.hasPrefix($0) }
    }

    /// Every text a translator translates, by key, with its Finnish: the public catalog, and the
    /// names, questions and options of the surveys that are not drafts.
    public func sourceTexts() async throws -> [(key: String, finnish: String)] {
        var texts = (catalog.strings[.fi] ?? [:]).filter { Self.isPublic($0.key) }.map { (key: $0.key, finnish: $0.value) }
            .sorted { $0.key < $1.key }
        func add(_ code: String, _ question: Question) {
            texts.append((Self.questionKey(code, question.key), question.text.fi))
            for option in question.options { texts.append((Self.questionKey(code, question.key) + ":" + option.key, option.text.fi)) }
        }
        add(Self.everySurvey, SurveyBackground.respondentQuestion(.standard))
        let surveys = SurveyRepository(database.sql)
        for survey in try await surveys.all() where survey.status != .draft {
            guard let version = try await surveys.latestVersion(surveyID: survey.id) else { continue }
            texts.append(("survey:\(survey.code):name", survey.name.fi))
            for question in version.definition.questions { add(survey.code, question) }
        }
        return texts
    }

    static func questionKey(_ surveyCode: String, _ questionKey: String) -> String { "survey:\(surveyCode):\(questionKey)" }

    /// The translator's file: key, the Finnish, the Swedish for reference, and the translation so far.
    public func export(_ code: String, by actor: Actor) async throws -> String {
        try Reach(database.sql, actor).requireCountyAdmin()
        let language = try Self.addable(code)
        let existing = Dictionary(try await TranslationRepository(database.sql).texts(language.rawValue).map { ($0.key, $0.text) },
                                  uniquingKeysWith: { a, _ in a })
        let swedish = catalog.strings[.sv] ?? [:]
        var file = CSV.line(["key", "fi", "sv", "translation"])
        for (key, finnish) in try await sourceTexts() {
            file += CSV.line([key, finnish, swedish[key] ?? "", existing[key] ?? ""])
        }
        return file
    }

    public struct ImportReport: Sendable, Equatable {
        public var translated = 0
        /// Rows left empty: shown in Finnish.
        public var untranslated = 0
        /// Rows whose Finnish has changed since: shown in Finnish until translated again.
        public var outdated: [String] = []
        /// Texts of the current forms the file does not have.
        public var missing = 0
    }

    /// What is wrong on one line: a catalog message (`languages_problem_…`) and its arguments.
    public struct ImportProblem: Equatable, Sendable {
        public let line: Int
        public let message: Refused.Message
        init(_ line: Int, _ key: String, _ arguments: [String: String] = [:]) {
            self.line = line
            message = Refused.Message("languages_problem_" + key, arguments)
        }

        public func text(_ catalog: Catalog, _ language: Language) -> String {
            catalog.format("languages_error_line", language, ["line": "\(line)"]) + " " + catalog.format(message.key, language, message.arguments)
        }
    }

    /// A file refused, with every line that is wrong.
    public struct FileRefused: Error, Equatable {
        public let problems: [ImportProblem]
        init(_ problems: [ImportProblem]) { self.problems = problems }
        init(_ line: Int, _ key: String, _ arguments: [String: String] = [:]) { problems = [ImportProblem(line, key, arguments)] }
    }

    /// Imports a reviewed translation file as the language's texts (replacing an earlier import).
    /// Refused whole, changing nothing, for a bad code or name, no reviewer, or a line that is not
    /// a known text; the refusal names every such line.
    public func importFile(_ data: [UInt8], language code: String, name: String, reviewedBy reviewer: String,
                           by actor: Actor) async throws -> ImportReport {
        try Reach(database.sql, actor).requireCountyAdmin()
        let language = try Self.addable(code)
        let name = name.trimmed, reviewer = reviewer.trimmed
        guard !name.isEmpty, name.count <= 60, !name.hasControlCharacters else { throw Refused("languages_error_name") }
        guard !reviewer.isEmpty, reviewer.count <= 200, !reviewer.hasControlCharacters else { throw Refused("languages_error_reviewer") }
        guard let text = String(validating: data, as: UTF8.self) else { throw FileRefused(1, "utf8") }
        let records: [CSVRecord]
        do { records = try CSV.parse(text) } catch { throw FileRefused(error.line, "csv", ["detail": error.message]) }
        guard let header = records.first?.fields.map({ $0.trimmed.lowercased() }), let keyColumn = header.firstIndex(of: "key"),
              let finnishColumn = header.firstIndex(of: "fi"), let textColumn = header.firstIndex(of: "translation") else {
            throw FileRefused(1, "header")
        }
        let sources = Dictionary(try await sourceTexts().map { ($0.key, $0.finnish) }, uniquingKeysWith: { a, _ in a })
        var report = ImportReport(), problems: [ImportProblem] = [], texts: [TranslationRepository.Text] = [], seen = Set<String>()
        for record in records.dropFirst() where !record.fields.allSatisfy({ $0.trimmed.isEmpty }) {
            func field(_ index: Int) -> String { index < record.fields.count ? CSV.restore(record.fields[index]) : "" }
            let key = field(keyColumn).trimmed, finnish = field(finnishColumn), translation = field(textColumn).trimmed
            guard let current = sources[key] else { problems.append(ImportProblem(record.line, "unknown", ["key": key])); continue }
            guard seen.insert(key).inserted else { problems.append(ImportProblem(record.line, "twice", ["key": key])); continue }
            guard translation.count <= 4_000, !translation.unicodeScalars.contains(where: { $0.value < 32 && $0 != "\n" }) else {
                problems.append(ImportProblem(record.line, "text", ["key": key]))
                continue
            }
            if translation.isEmpty { report.untranslated += 1; continue }
            // Placeholders ({days}, {question} …) must survive translation, or the page would show them raw.
            let placeholders = Self.placeholders(current)
            guard placeholders == Self.placeholders(translation) else {
                problems.append(ImportProblem(record.line, "placeholders", ["key": key, "placeholders": placeholders.sorted().joined(separator: " ")]))
                continue
            }
            if finnish.trimmed != current.trimmed { report.outdated.append(key); continue }
            texts.append(.init(key: key, text: translation, source: current))
            report.translated += 1
        }
        guard problems.isEmpty else { throw FileRefused(problems) }
        report.missing = sources.count - seen.count
        let now = clock.now()
        let (stored, translated) = (texts, report.translated)
        try await database.transaction { db in
            try await TranslationRepository(db).replace(language.rawValue, name: name, reviewedBy: reviewer, texts: stored, now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("language", language.rawValue),
                                                 detail: "translated=\(translated) reviewed_by=\(reviewer)", now: now)
        }
        try await reload()
        return report
    }

    /// A language a county may add: a well-formed code that is not shipped.
    static func addable(_ code: String) throws -> Language {
        guard let language = Language(rawValue: code.trimmed.lowercased()), !language.isShipped else { throw Refused("languages_error_code") }
        return language
    }

    static func placeholders(_ text: String) -> Set<String> {
        var found: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    public func languages() async throws -> [TranslationRepository.AddedLanguage] {
        try await TranslationRepository(database.sql).languages()
    }

    public func remove(_ code: String, by actor: Actor) async throws {
        try Reach(database.sql, actor).requireCountyAdmin()
        let language = try Self.addable(code)
        let now = clock.now()
        try await database.transaction { db in
            try await TranslationRepository(db).remove(language.rawValue)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("language", language.rawValue), detail: "removed", now: now)
        }
        try await reload()
    }

    /// Loads every added language into the catalog.
    public func reload() async throws {
        let repository = TranslationRepository(database.sql)
        let version = try await repository.version()
        var packs: [LanguagePacks.Pack] = []
        for added in try await repository.languages() {
            guard let language = Language(rawValue: added.code) else { continue }
            let texts = Dictionary(try await repository.texts(added.code).map { ($0.key, $0.text) }, uniquingKeysWith: { a, _ in a })
            packs.append(.init(language: language, name: added.name, texts: texts))
        }
        catalog.packs.replace(with: packs, version: version, at: clock.now())
    }

    /// Reloads when another server imported a language (asked at most once a minute).
    public func refreshIfDue() async throws {
        guard catalog.packs.isDue(now: clock.now()) else { return }
        if try await TranslationRepository(database.sql).version() != catalog.packs.version { try await reload() }
    }
}

extension Catalog {
    /// A survey's questions in an added language: the translator's texts where there are some.
    public func localized(_ definition: SurveyDefinition, survey code: String, _ language: Language) -> SurveyDefinition {
        guard !language.isShipped, packs.languages.contains(language) else { return definition }
        var localized = definition
        for index in localized.questions.indices {
            let question = localized.questions[index]
            let key = PublicLanguages.questionKey(question.key.hasPrefix("bg.") ? PublicLanguages.everySurvey : code, question.key)
            if let text = packs.text(key, language) { localized.questions[index].text.others[language.rawValue] = text }
            for option in question.options.indices {
                if let text = packs.text(key + ":" + question.options[option].key, language) {
                    localized.questions[index].options[option].text.others[language.rawValue] = text
                }
            }
        }
        return localized
    }

    /// A survey's name in an added language, else as in the shipped ones.
    public func surveyName(_ survey: SurveyRepository.Survey, _ language: Language) -> String {
        (language.isShipped ? nil : packs.text("survey:\(survey.code):name", language)) ?? survey.name[language]
    }
}
