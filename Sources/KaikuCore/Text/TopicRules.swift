import Foundation

/// The topics feedback is sorted into (the same in every language; names in the catalog).
public enum Topic: String, CaseIterable, Sendable, Codable {
    case availability, waiting, phone, digital, encounter, listening, competence, information, continuity
    case followUp = "follow_up"
    case facilities, fees
}

/// One rule: a text is about `topic` when a word's base form (or stem) is `term`, when a Finnish
/// compound has `term` as a part (`part:jono`), or when the words of a two-word phrase follow each
/// other ("soittaa takaisin").
public struct TopicRule: Sendable, Hashable, Codable {
    public var topic: Topic
    public var language: Language
    public var term: String

    public init(topic: Topic, language: Language, term: String) {
        self.topic = topic
        self.language = language
        self.term = term
    }

    /// A rule as a county admin types it: a word or a two-word phrase of at most 60 characters
    /// (lowercased, trimmed); nil when it is not one.
    public init?(topic: String, language: String, term: String) {
        let term = term.lowercased().trimmingCharacters(in: .whitespaces)
        guard let topic = Topic(rawValue: topic), let language = Language(shipped: language), !term.isEmpty, term.count <= 60,
              term.split(separator: " ").count <= 2, !term.contains("\t") else { return nil }
        self.init(topic: topic, language: language, term: term)
    }

    /// The shipped rules' file: `topic<TAB>lang<TAB>term`.
    public static func parse(_ text: String) throws -> [TopicRule] {
        try TextLexicon.rows(text, file: "topics.tsv", columns: 3).map { line, fields in
            guard let topic = Topic(rawValue: fields[0]), let language = Language(shipped: fields[1]) else {
                throw TextLexicon.Problem(file: "topics.tsv", line: line, message: "unknown topic or language")
            }
            return TopicRule(topic: topic, language: language, term: fields[2].lowercased())
        }
    }
}

/// The rules of every language as lookup tables by key.
public struct TopicIndex: Sendable {
    struct Tables: Sendable {
        var words: [String: Set<Topic>] = [:]
        var parts: [String: Set<Topic>] = [:]
        var phrases: [String: Set<Topic>] = [:]
        var phraseStarts: Set<String> = []
    }

    var tables: [Language: Tables] = [:]

    public init(_ rules: [TopicRule], morphology: any Morphology) {
        for rule in rules {
            let keys = TermKeys(language: rule.language, morphology: morphology)
            var table = tables[rule.language] ?? Tables()
            if rule.term.hasPrefix("part:") {
                let part = String(rule.term.dropFirst(5))
                for key in keys.word(part) { table.parts[key, default: []].insert(rule.topic) }
                table.words[part, default: []].insert(rule.topic)
            } else if rule.term.contains(" ") {
                let words = rule.term.split(separator: " ").map(String.init)
                for key in keys.phrase(Array(words.prefix(2))) {
                    table.phrases[key, default: []].insert(rule.topic)
                    table.phraseStarts.insert(String(key.split(separator: " ")[0]))
                }
            } else {
                for key in keys.word(rule.term) { table.words[key, default: []].insert(rule.topic) }
            }
            tables[rule.language] = table
        }
    }
}
