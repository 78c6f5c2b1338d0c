import Foundation

/// The languages Kaiku speaks to customers. Staff pages use the same catalogs.
public enum Language: String, CaseIterable, Sendable, Codable {
    case fi, sv, en

    public static let fallback: Language = .fi

    /// Picks the language for a request: an explicit `?lang=` first, then the remembered cookie,
    /// then the browser's Accept-Language preferences (by quality), then Finnish.
    public static func negotiate(query: String?, cookie: String?, acceptLanguage: String?) -> Language {
        if let query, let language = Language(code: query) { return language }
        if let cookie, let language = Language(code: cookie) { return language }
        if let acceptLanguage, let language = fromAcceptLanguage(acceptLanguage) { return language }
        return fallback
    }

    /// Accepts "sv", "SV", "sv-FI", "sv_FI".
    public init?(code: String) {
        let primary = code.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        guard let language = Language(rawValue: primary.lowercased()) else { return nil }
        self = language
    }

    static func fromAcceptLanguage(_ header: String) -> Language? {
        var best: (language: Language, quality: Double, order: Int)?
        for (order, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, let language = Language(code: tag) else { continue }
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

/// A text in the three languages. Swedish and English may be empty; readers then get Finnish.
public struct LocalizedText: Sendable, Equatable, Codable {
    public var fi: String
    public var sv: String
    public var en: String

    public init(fi: String, sv: String = "", en: String = "") {
        self.fi = fi
        self.sv = sv
        self.en = en
    }

    public subscript(language: Language) -> String {
        get {
            switch language {
            case .fi: return fi
            case .sv: return sv.isEmpty ? fi : sv
            case .en: return en.isEmpty ? fi : en
            }
        }
    }

    public func exact(_ language: Language) -> String {
        switch language {
        case .fi: fi
        case .sv: sv
        case .en: en
        }
    }
}
