import Foundation
import KaikuCore

/// Translations, one JSON file per language (`Resources/locales/fi.json` …, shipped with this target), flat keys,
/// for pages and for the messages use cases send. Keys use underscores because Mustache reads
/// dots as nesting.
public struct Catalog: Sendable {
    public let strings: [Language: [String: String]]
    /// The county's added languages; their missing texts are Finnish.
    public let packs: LanguagePacks

    public init(strings: [Language: [String: String]], packs: LanguagePacks = LanguagePacks()) {
        self.strings = strings
        self.packs = packs
    }

    /// The languages of public pages and surveys: the shipped ones and the county's.
    public var publicLanguages: [Language] { Language.shipped + packs.languages }

    /// A language a public page may be shown in (a form's or a link's code), or nil.
    public func publicLanguage(_ code: String?) -> Language? {
        code.flatMap(Language.init(code:)).flatMap { publicLanguages.contains($0) ? $0 : nil }
    }

    /// A language's own name for the language switch.
    public func languageName(_ language: Language) -> String {
        language.isShipped ? text("language_name_" + language.rawValue, language) : packs.name(language) ?? language.rawValue
    }

    /// The text in `language` itself, without falling back to Finnish.
    public func exactText(_ key: String, _ language: Language) -> String? {
        language.isShipped ? strings[language]?[key] : packs.text(key, language)
    }

    /// The catalog this target ships.
    public static func bundled() throws -> Catalog {
        try load(from: Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent("locales"))
    }

    public static func load(from directory: URL) throws -> Catalog {
        var strings: [Language: [String: String]] = [:]
        for language in Language.shipped {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json"))
            strings[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Catalog(strings: strings)
    }

    /// The text for `key`; a missing key shows itself in brackets rather than failing the page.
    public func text(_ key: String, _ language: Language) -> String {
        exactText(key, language) ?? strings[.fi]?[key] ?? "⟦\(key)⟧"
    }

    /// The text for `key` in a form's variant: `easy_<key>` or `child_<key>` where the catalog words
    /// it for that version, else the standard text.
    public func text(_ key: String, _ language: Language, variant: SurveyVariant) -> String {
        guard variant != .standard else { return text(key, language) }
        // The reader's language first, then the easier words.
        let worded = "\(variant.rawValue)_\(key)"
        return exactText(worded, language) ?? exactText(key, language) ?? strings[.fi]?[worded] ?? text(key, .fi)
    }

    /// A notice to staff, whose language we do not know: the subject in Finnish and Swedish, the
    /// body in all three languages (`<key>_subject`, `<key>_body`).
    public func staffMail(_ key: String, _ arguments: [String: String]) -> (subject: String, body: String) {
        (format(key + "_subject", .fi, arguments) + " / " + format(key + "_subject", .sv, arguments),
         Language.shipped.map { format(key + "_body", $0, arguments) }.joined(separator: "\n\n---\n\n"))
    }

    /// Replaces `{name}` placeholders.
    public func format(_ key: String, _ language: Language, _ arguments: [String: String]) -> String {
        var text = text(key, language)
        for (name, value) in arguments { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// Keys present in some language but missing from another, by language.
    public func missingKeys() -> [Language: [String]] {
        let all = Set(strings.values.flatMap(\.keys))
        var missing: [Language: [String]] = [:]
        for language in Language.shipped {
            let gaps = all.subtracting(strings[language]?.keys ?? [:].keys).sorted()
            if !gaps.isEmpty { missing[language] = gaps }
        }
        return missing
    }
}
