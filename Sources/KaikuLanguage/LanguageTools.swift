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
        }
    }

    static let nameClasses: Set<String> = ["etunimi", "sukunimi"]

    public func isName(_ word: String, sentenceInitial: Bool) -> Bool {
        let readings = voikko.readings(of: word)
        let nameReadings = readings.filter { $0.wordClass.map(Self.nameClasses.contains) == true }
        if sentenceInitial {
            // "Anna" opening a sentence may be the verb: a name only if every reading is one.
            let ordinary = voikko.readings(of: word.lowercased()).contains { $0.wordClass.map(Self.nameClasses.contains) != true }
            return !ordinary && (!nameReadings.isEmpty || givenNames.contains(word))
        }
        return givenNames.contains(word) || !nameReadings.isEmpty
    }
}
