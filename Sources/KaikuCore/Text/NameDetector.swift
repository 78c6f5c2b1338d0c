import Foundation

/// Tells whether a capitalised word is a person's name (KaikuLanguage: Voikko's first-name and
/// surname classes and the shipped given names).
public protocol NameDetector: Sendable {
    /// `sentenceInitial`: the capital may only mark a sentence's start, so the word needs to be a name in every reading.
    func isName(_ word: String, sentenceInitial: Bool) -> Bool
    /// A word written after a title ("hoitaja", "Dr", "sjuksköterskan"), in either case, that is a
    /// name: a known one, or a capitalised word that is no ordinary word ("hoitaja Mäkiranta").
    func isNameAfterTitle(_ word: String) -> Bool
    /// A lower-case word that is a surname all the same ("kiitos mikkoselle"): it has no ordinary
    /// reading, and a surname's when capitalised.
    func isLowerCaseSurname(_ word: String) -> Bool
}

extension NameDetector {
    public func isNameAfterTitle(_ word: String) -> Bool { isName(word.prefix(1).uppercased() + word.dropFirst(), sentenceInitial: false) }
    public func isLowerCaseSurname(_ word: String) -> Bool { false }
}
