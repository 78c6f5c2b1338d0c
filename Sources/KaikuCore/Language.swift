import Foundation

/// A language, by its ISO 639 code. Kaiku ships Finnish, Swedish and English (`shipped`: staff
/// pages, messages, the text analyser); a county adds languages for its public pages and surveys as
/// data — North Sámi from a translator's file — with Finnish as the fallback of every text
/// (`LanguagePacks`, docs/LANGUAGES.md).
public struct Language: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// A well-formed code: two or three lowercase ASCII letters (ISO 639-1 or 639-3, e.g. "se",
    /// "smn", or "qaa"–"qtz" for local use).
    public init?(rawValue: String) {
        guard (2...3).contains(rawValue.utf8.count), rawValue.utf8.allSatisfy({ (97...122).contains($0) }) else { return nil }
        self.rawValue = rawValue
    }

    private init(_ code: StaticString) { rawValue = "\(code)" }

    public static let fi = Language("fi"), sv = Language("sv"), en = Language("en")

    /// The languages Kaiku ships catalogs and text analysis for.
    public static let shipped: [Language] = [.fi, .sv, .en]

    public static let fallback: Language = .fi

    /// Languages reports count apart besides the shipped ones: the Sámi languages of Finland (North,
    /// Inari, Skolt). Any other language a county adds is counted as "other" in the language
    /// breakdown, so that every report lists the same rows.
    public static let reportedApart: [Language] = [Language("se"), Language("smn"), Language("sms")]

    public var description: String { rawValue }

    /// The bucket of the language breakdown an answer in this language counts in: its own for the
    /// shipped and the Sámi languages, "" (other) for the rest.
    public var reportBucket: String { isShipped || Self.reportedApart.contains(self) ? rawValue : "" }

    public var isShipped: Bool { Self.shipped.contains(self) }

    /// One of the shipped languages, where only those are meant (the text analyser, the command line).
    public init?(shipped code: String) {
        guard let language = Language(rawValue: code), language.isShipped else { return nil }
        self = language
    }

    /// Picks the language for a request among `available`: an explicit `?lang=` first, then the
    /// remembered cookie, then the browser's Accept-Language preferences (by quality), then Finnish.
    public static func negotiate(query: String?, cookie: String?, acceptLanguage: String?, available: [Language] = shipped) -> Language {
        func offered(_ code: String?) -> Language? { code.flatMap(Language.init(code:)).flatMap { available.contains($0) ? $0 : nil } }
        if let language = offered(query) { return language }
        if let language = offered(cookie) { return language }
        if let acceptLanguage, let language = fromAcceptLanguage(acceptLanguage, available: available) { return language }
        return fallback
    }

    /// Accepts "sv", "SV", "sv-FI", "sv_FI".
    public init?(code: String) {
        let primary = code.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        guard let language = Language(rawValue: primary.lowercased()) else { return nil }
        self = language
    }

    static func fromAcceptLanguage(_ header: String, available: [Language] = shipped) -> Language? {
        var best: (language: Language, quality: Double, order: Int)?
        for (order, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, let language = Language(code: tag), available.contains(language) else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            guard quality > 0 else { continue }
            if best == nil || quality > best!.quality || (quality == best!.quality && order < best!.order) {
                best = (language, quality, order)
            }
        }
        return best?.language
    }
}

/// A text in the shipped languages, and in languages a county added (`others`, by code). Any may
/// be empty but Finnish; readers then get Finnish.
public struct LocalizedText: Sendable, Equatable, Codable {
    public var fi: String
    public var sv: String
    public var en: String
    /// Texts in the county's added languages (a translator's), by language code.
    public var others: [String: String]

    public init(fi: String, sv: String = "", en: String = "", others: [String: String] = [:]) {
        self.fi = fi
        self.sv = sv
        self.en = en
        self.others = others
    }

    public subscript(language: Language) -> String {
        let text = exact(language)
        return text.isEmpty ? fi : text
    }

    public func exact(_ language: Language) -> String {
        switch language {
        case .fi: fi
        case .sv: sv
        case .en: en
        default: others[language.rawValue] ?? ""
        }
    }

    enum CodingKeys: String, CodingKey { case fi, sv, en, others }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fi = try container.decode(String.self, forKey: .fi)
        sv = try container.decodeIfPresent(String.self, forKey: .sv) ?? ""
        en = try container.decodeIfPresent(String.self, forKey: .en) ?? ""
        others = try container.decodeIfPresent([String: String].self, forKey: .others) ?? [:]
    }

    /// Stored survey versions keep their exact JSON: `others` is written only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fi, forKey: .fi)
        try container.encode(sv, forKey: .sv)
        try container.encode(en, forKey: .en)
        if !others.isEmpty { try container.encode(others, forKey: .others) }
    }
}
