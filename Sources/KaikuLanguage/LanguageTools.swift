import KaikuCore

/// The morphology and name detection of the text analyser over the Debian libraries: Voikko for
/// Finnish, Snowball for Swedish and English, and the shipped list of given names.
public final class LanguageTools: Morphology, NameDetector {
    let voikko: Voikko
    let swedish: Snowball
    let english: Snowball
    let givenNames: Set<String>

    public enum Failure: Error, CustomStringConvertible {
        case missing(String)
        public var description: String {
            switch self {
            case .missing(let what): "\(what) is not available: install libvoikko-dev, voikko-fi and libstemmer-dev (make run does)"
            }
        }
    }

    public init(givenNames: Set<String>) throws {
        guard let voikko = Voikko.shared else { throw Failure.missing("Voikko's Finnish dictionary") }
        guard let swedish = Snowball("swedish"), let english = Snowball("english") else { throw Failure.missing("The Snowball stemmers") }
        self.voikko = voikko
        self.swedish = swedish
        self.english = english
        self.givenNames = givenNames
    }

    public func readings(of word: String, in language: Language) -> [WordReading] {
        switch language {
        case .fi: voikko.readings(of: word)
        case .sv: [WordReading(base: swedish.stem(word))]
        case .en: [WordReading(base: english.stem(word))]
        default: []  // the analyser reads the shipped languages only
        }
    }

    static let nameClasses: Set<String> = ["etunimi", "sukunimi"]

    /// Whether Voikko reads the word, as written, as something other than a name (or, with
    /// `nounsToo` false, other than a name or a noun: "sari" is a garment and a name).
    func isOrdinaryWord(_ word: String, nounsToo: Bool = true) -> Bool {
        voikko.readings(of: word).contains { reading in
            guard let wordClass = reading.wordClass else { return true }
            return !Self.nameClasses.contains(wordClass) && (nounsToo || wordClass != "nimisana")
        }
    }

    /// Given names that are also common English or Swedish words: at a sentence's start they are
    /// the word ("Mark my words", "Will anyone", "Stig inte upp").
    static let wordLikeGivenNames: Set<String> = ["mark", "bill", "will", "rose", "may", "april", "june", "joy", "hope", "faith", "grace",
                                                  "grant", "pat", "sue", "art", "dawn", "eve", "ray", "rob", "jack", "frank", "guy", "pearl",
                                                  "ruby", "summer", "stig", "dag", "saga", "ros", "vilja", "sol", "bo", "per", "max"]

    public func isNameAfterTitle(_ word: String) -> Bool {
        let lower = word.lowercased()
        guard word.count > 1, !TextAnalyser.functionWords.values.contains(where: { $0.contains(lower) }) else { return false }
        let capitalised = word.prefix(1).uppercased() + word.dropFirst()
        if word == lower {
            // In lower case a known name that is no verb, adjective or other word class than a noun:
            // "hoitaja mikkonen", "fysioterapeutti sari", not "hoitaja oli".
            return !isOrdinaryWord(lower, nounsToo: false) && isName(capitalised, sentenceInitial: false)
        }
        // Capitalised, right after a title: a name, unless it is a place ("lääkäri Kalevan terveysasemalla").
        return !voikko.readings(of: word).contains { $0.wordClass == "paikannimi" }
    }

    public func isLowerCaseSurname(_ word: String) -> Bool {
        guard word.count > 3, word == word.lowercased(), !isOrdinaryWord(word) else { return false }
        return voikko.readings(of: word.prefix(1).uppercased() + word.dropFirst()).contains { $0.wordClass == "sukunimi" }
    }

    public func isName(_ word: String, sentenceInitial: Bool) -> Bool {
        let readings = voikko.readings(of: word)
        let nameReadings = readings.filter { $0.wordClass.map(Self.nameClasses.contains) == true }
        if sentenceInitial {
            if Self.wordLikeGivenNames.contains(word.lowercased()) { return false }
            // "Anna" opening a sentence may be the verb: a name only if every reading is one.
            let ordinary = voikko.readings(of: word.lowercased()).contains { $0.wordClass.map(Self.nameClasses.contains) != true }
            return !ordinary && (!nameReadings.isEmpty || givenNames.contains(word))
        }
        return givenNames.contains(word) || !nameReadings.isEmpty
    }
}
