import Foundation
import KaikuCore
import Synchronization

/// The languages a county added for its public pages and surveys, with their translators' texts
/// (`kaiku translations import`, docs/LANGUAGES.md). Held by the catalog and shared by every
/// request; loaded from the database at start, after an import, and when another server imported
/// (checked at most once a minute).
public final class LanguagePacks: Sendable {
    public struct Pack: Sendable, Equatable {
        public let language: Language
        /// The language's own name ("Davvisámegiella"), shown on the language switch.
        public let name: String
        public let texts: [String: String]

        public init(language: Language, name: String, texts: [String: String]) {
            self.language = language
            self.name = name
            self.texts = texts
        }
    }

    /// The packs, their languages in code order (read on every public request), the database's
    /// version they were loaded at, and when that was last asked.
    private let state = Mutex<(packs: [Language: Pack], languages: [Language], version: String, checkedAt: Date)>(([:], [], "", .distantPast))

    public init() {}

    public func text(_ key: String, _ language: Language) -> String? {
        state.withLock { $0.packs[language]?.texts[key] }.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var languages: [Language] { state.withLock { $0.languages } }

    public func name(_ language: Language) -> String? { state.withLock { $0.packs[language]?.name } }

    public func replace(with packs: [Pack], version: String, at now: Date) {
        state.withLock {
            $0 = (Dictionary(uniqueKeysWithValues: packs.map { ($0.language, $0) }), packs.map(\.language).sorted { $0.rawValue < $1.rawValue },
                  version, now)
        }
    }

    public var version: String { state.withLock { $0.version } }

    /// Whether a minute has passed since the database was last asked for a newer version; marks it asked.
    public func isDue(now: Date) -> Bool {
        state.withLock { state in
            guard now.timeIntervalSince(state.checkedAt) >= 60 else { return false }
            state.checkedAt = now
            return true
        }
    }
}
