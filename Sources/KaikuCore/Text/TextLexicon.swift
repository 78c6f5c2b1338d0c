import Foundation

/// The curated words of one language (shipped as data files in KaikuApp's resources, read there
/// and handed in as text): sentiment weights, negators, intensifiers and downtoners, contrast and
/// concession words, spoken forms. Terms are turned into the same keys the analyser makes of the
/// words of a text (Voikko base forms, Snowball stems), so the files hold plain written words.
public struct TextLexicon: Sendable {
    public let language: Language
    /// Key (a base form or stem; a phrase as keys joined by spaces) → weight, −3…3.
    var weights: [String: Double] = [:]
    var longestPhrase = 1
    /// The first keys of the phrases: a word that starts none is not tried as a phrase's start.
    var phraseStarts: Set<String> = []
    var negators: Set<String> = []
    /// Key → multiplier of the next sentiment word (over 1 strengthens, under 1 softens).
    var intensifiers: [String: Double] = [:]
    /// Key → weight of the clause that follows (mutta/men/but 1.5; vaikka/även om/although 0.5).
    var clauseWeights: [String: Double] = [:]
    /// Spoken or misspelt form → the written word(s).
    var spoken: [String: [String]] = [:]
    /// 2 when some modifier is two words ("även om", "a bit").
    var longestModifier = 1
    /// Words that make a sentence a wish or a suggestion ("olisi", "voisiko", "skulle", "would")
    /// → the weight of that sentence's words.
    var hedges: [String: Double] = [:]

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Reads the files' texts; a malformed line is an error naming it (the shipped files are checked by the tests).
    public init(language: Language, sentiment: String, modifiers: String, spoken: String, morphology: any Morphology) throws {
        self.language = language
        let keys = TermKeys(language: language, morphology: morphology)
        for (line, fields) in try Self.rows(spoken, file: "spoken-\(language.rawValue).tsv", columns: 2) {
            let standard = fields[1].split(separator: " ").map(String.init)
            guard !standard.isEmpty else { throw Problem(file: "spoken-\(language.rawValue).tsv", line: line, message: "no written form") }
            self.spoken[fields[0].lowercased()] = standard
        }
        for (line, fields) in try Self.rows(sentiment, file: "sentiment-\(language.rawValue).tsv", columns: 2) {
            let words = fields[0].split(separator: " ").map(String.init)
            // 0 marks a phrase that says nothing ("ei kommentoitavaa", "nothing to add"): its negation is no complaint.
            guard let weight = Double(fields[1]), (-3...3).contains(weight), weight != 0 || words.count > 1 else {
                throw Problem(file: "sentiment-\(language.rawValue).tsv", line: line,
                              message: "the weight is a number from -3 to 3, 0 only for a phrase that says nothing")
            }
            longestPhrase = max(longestPhrase, words.count)
            if words.count == 1 && words[0].hasPrefix("=") {
                weights[String(words[0].dropFirst()).lowercased()] = weight
                continue
            }
            for key in keys.phrase(words) where weights[key] == nil {
                weights[key] = weight
                if words.count > 1, let first = key.split(separator: " ").first { phraseStarts.insert(String(first)) }
            }
        }
        // Modifiers are short uninflected words: matched as written (a text's word keeps its written
        // form as its first key, and "en"/"et"/"emme" read as "ei"). Their base forms would turn
        // "kauhean" (terribly) into "kauhea" (terrible), which must keep its own weight.
        for (line, fields) in try Self.rows(modifiers, file: "modifiers-\(language.rawValue).tsv", columns: 3) {
            let value = Double(fields[2]) ?? 1
            let key = fields[0].lowercased()
            if key.contains(" ") { longestModifier = 2 }
            switch fields[1] {
            case "negator": negators.insert(key)
            case "intensifier", "downtoner": intensifiers[key] = value
            case "contrast", "concession": clauseWeights[key] = value
            case "hedge": hedges[key] = value
            default: throw Problem(file: "modifiers-\(language.rawValue).tsv", line: line, message: "unknown kind \(fields[1])")
            }
        }
    }

    /// The tab-separated rows of a data file, without comments and blank lines, with their line numbers.
    static func rows(_ text: String, file: String, columns: Int) throws -> [(Int, [String])] {
        var rows: [(Int, [String])] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= columns, !fields[0].isEmpty else {
                throw Problem(file: file, line: index + 1, message: "expected \(columns) tab-separated fields")
            }
            rows.append((index + 1, fields))
        }
        return rows
    }
}

/// Emoticons and emoji with their weights, the same for every language.
public struct Emoticons: Sendable {
    public let weights: [String: Double]

    public init(_ text: String) throws {
        var weights: [String: Double] = [:]
        for (line, fields) in try TextLexicon.rows(text, file: "emoticons.tsv", columns: 2) {
            guard let weight = Double(fields[1]) else { throw TextLexicon.Problem(file: "emoticons.tsv", line: line, message: "the weight is a number") }
            weights[fields[0]] = weight
            // Emoji are typed with and without the variation selector.
            weights[fields[0].replacingOccurrences(of: "\u{FE0F}", with: "")] = weight
        }
        self.weights = weights
    }
}

/// How a written term becomes the keys a text's words are looked up by: each word's base forms
/// (or stem), and for Swedish also without diacritics (texts typed without them: "bemotande").
struct TermKeys {
    let language: Language
    let morphology: any Morphology

    func word(_ word: String) -> [String] { keys(of: word.lowercased()).keys }

    /// A lowercased word's keys (the word, its base forms or stem, for Swedish the last without
    /// diacritics) and a Finnish compound's parts: the same for a lexicon's terms and a text's words.
    func keys(of word: String) -> (keys: [String], parts: [String]) {
        var keys = [word], parts: [String] = []
        for reading in morphology.readings(of: word, in: language) {
            if !keys.contains(reading.base) { keys.append(reading.base) }
            for part in reading.parts where !parts.contains(part) { parts.append(part) }
        }
        if language == .sv {
            let folded = TextAnalyser.folded(keys.last!)
            if !keys.contains(folded) { keys.append(folded) }
        }
        return (keys, parts)
    }

    /// Every combination of the words' keys, joined by spaces (a phrase's words each have a few).
    func phrase(_ words: [String]) -> [String] {
        words.reduce([""]) { partial, word in
            partial.flatMap { prefix in self.word(word).map { prefix.isEmpty ? $0 : prefix + " " + $0 } }
        }
    }
}
