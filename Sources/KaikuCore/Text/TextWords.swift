import Foundation

/// How the analyser reads single words: their keys (base forms, stems, spoken forms written out),
/// a word's or phrase's lexicon weight, and the topics a word or two-word phrase names.
extension TextAnalyser {
    /// A word of the text as the rules see it.
    struct Word {
        let kind: TextToken.Kind
        let surface: String
        /// The lowercased word, its base forms or stems, and for Swedish the same without diacritics.
        let keys: [String]
        /// A Finnish compound's parts.
        let parts: [String]
        /// "-n't" in English.
        let isNegator: Bool

        var base: String { keys.count > 1 ? keys[1] : keys.first ?? surface }
    }

    func words(_ tokens: [TextToken], _ language: Language, _ lexicon: TextLexicon?) -> [Word] {
        var words: [Word] = []
        words.reserveCapacity(tokens.count)
        let terms = TermKeys(language: language, morphology: morphology)
        for token in tokens {
            guard token.kind == .word else {
                words.append(Word(kind: token.kind, surface: token.text, keys: [], parts: [], isNegator: false))
                continue
            }
            var lower = token.text.lowercased()
            if lower.unicodeScalars.contains("’") { lower = lower.replacingOccurrences(of: "’", with: "'") }
            for written in lexicon?.spoken[lower] ?? [lower] {
                let (keys, parts) = terms.keys(of: written)
                let negator = language == .en && written.hasSuffix("n't")
                words.append(Word(kind: .word, surface: written, keys: keys, parts: parts, isNegator: negator))
            }
        }
        return words
    }

    /// The weight of the word at `index` or of the longest phrase starting there, and how many words it took.
    func sentimentWeight(_ words: [Word], at index: Int, _ lexicon: TextLexicon, phrasesOnly: Bool) -> (Double?, Int) {
        if lexicon.longestPhrase > 1, words[index].keys.contains(where: lexicon.phraseStarts.contains) {
            for length in stride(from: min(lexicon.longestPhrase, words.count - index), through: 2, by: -1) {
                let span = words[index..<index + length]
                guard span.allSatisfy({ $0.kind == .word }) else { continue }
                let combinations = span.reduce([""]) { partial, word in
                    partial.flatMap { prefix in word.keys.map { prefix.isEmpty ? $0 : prefix + " " + $0 } }
                }
                if let weight = combinations.lazy.compactMap({ lexicon.weights[$0] }).first { return (weight, length) }
            }
        }
        if phrasesOnly { return (nil, 1) }
        let word = words[index]
        if let weight = word.keys.lazy.compactMap({ lexicon.weights[$0] }).first { return (weight, 1) }
        // A compound not in the lexicon weighs what its last weighing part does ("palvelualttius").
        if let weight = word.parts.reversed().lazy.compactMap({ lexicon.weights[$0] }).first { return (weight, 1) }
        return (nil, 1)
    }

    func topics(_ words: [Word], at index: Int, _ language: Language, _ rules: TopicIndex) -> Set<Topic> {
        guard let table = rules.tables[language] else { return [] }
        let word = words[index]
        var found: Set<Topic> = []
        for key in word.keys {
            if let topics = table.words[key] { found.formUnion(topics) }
            if table.phraseStarts.contains(key), index + 1 < words.count, words[index + 1].kind == .word {
                for next in words[index + 1].keys { if let topics = table.phrases[key + " " + next] { found.formUnion(topics) } }
            }
        }
        for part in word.parts { if let topics = table.parts[part] { found.formUnion(topics) } }
        return found
    }

    static func folded(_ word: String) -> String {
        String(word.map { character -> Character in
            switch character {
            case "ä", "å": "a"
            case "ö": "o"
            default: character
            }
        })
    }
}
