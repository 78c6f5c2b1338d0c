import Foundation
import KaikuCore

/// Translations, one JSON file per language (`Resources/locales/fi.json` …, shipped with this target), flat keys,
/// for pages and for the messages use cases send. Keys use underscores because Mustache reads
/// dots as nesting.
public struct Catalog: Sendable {
    public let strings: [Language: [String: String]]

    public init(strings: [Language: [String: String]]) { self.strings = strings }

    /// The catalog this target ships.
    public static func bundled() throws -> Catalog {
        try load(from: Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent("locales"))
    }

    public static func load(from directory: URL) throws -> Catalog {
        var strings: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json"))
            strings[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Catalog(strings: strings)
    }

    /// The text for `key`; a missing key shows itself in brackets rather than failing the page.
    public func text(_ key: String, _ language: Language) -> String {
        strings[language]?[key] ?? strings[.fi]?[key] ?? "⟦\(key)⟧"
    }

    /// The text for `key` in a form's variant: `easy_<key>` or `child_<key>` where the catalog words
    /// it for that version, else the standard text.
    public func text(_ key: String, _ language: Language, variant: SurveyVariant) -> String {
        if variant != .standard, let worded = strings[language]?["\(variant.rawValue)_\(key)"] ?? strings[.fi]?["\(variant.rawValue)_\(key)"] {
            return worded
        }
        return text(key, language)
    }

    /// A notice to staff, whose language we do not know: the subject in Finnish and Swedish, the
    /// body in all three languages (`<key>_subject`, `<key>_body`).
    public func staffMail(_ key: String, _ arguments: [String: String]) -> (subject: String, body: String) {
        (format(key + "_subject", .fi, arguments) + " / " + format(key + "_subject", .sv, arguments),
         Language.allCases.map { format(key + "_body", $0, arguments) }.joined(separator: "\n\n---\n\n"))
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
        for language in Language.allCases {
            let gaps = all.subtracting(strings[language]?.keys ?? [:].keys).sorted()
            if !gaps.isEmpty { missing[language] = gaps }
        }
        return missing
    }
}
