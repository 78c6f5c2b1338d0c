import Foundation

/// One reading of a word: its base form (Finnish, from Voikko) or stem (Swedish and English, from
/// Snowball), its word class where known, and the base forms of a compound's parts.
public struct WordReading: Sendable, Hashable {
    public var base: String
    /// Voikko's CLASS: nimisana, laatusana, teonsana, kieltosana, etunimi, sukunimi, paikannimi…
    public var wordClass: String?
    /// "hammaslääkäripelkoinen" → hammas, lääkäri, pelko (empty for a simple word).
    public var parts: [String]

    public init(base: String, wordClass: String? = nil, parts: [String] = []) {
        self.base = base
        self.wordClass = wordClass
        self.parts = parts
    }
}

/// The language tools the analyser needs, implemented over Voikko and Snowball in KaikuLanguage
/// (KaikuCore stays free of I/O and C libraries; tests may pass `PlainMorphology`).
public protocol Morphology: Sendable {
    /// The readings of a lowercased word; empty when the word is unknown (Finnish only: a stemmer
    /// knows every word).
    func readings(of word: String, in language: Language) -> [WordReading]
}

/// Words as they are: the base form is the lowercased word. For tests of the rules above morphology.
public struct PlainMorphology: Morphology {
    public init() {}
    public func readings(of word: String, in language: Language) -> [WordReading] { [WordReading(base: word.lowercased())] }
}
