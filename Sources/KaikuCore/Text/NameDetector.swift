import Foundation

/// Tells whether a capitalised word is a person's name (KaikuLanguage: Voikko's first-name and
/// surname classes and the shipped given names).
public protocol NameDetector: Sendable {
    /// `sentenceInitial`: the capital may only mark a sentence's start, so the word needs to be a name in every reading.
    func isName(_ word: String, sentenceInitial: Bool) -> Bool
}
