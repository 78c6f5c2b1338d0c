import CVoikko
import KaikuCore
import Synchronization

/// Finnish morphology from libvoikko with the voikko-fi dictionary: base forms, word classes and
/// compound parts. A Voikko handle may not be used from two threads at once, so the handle and a
/// cache of the words already analysed (feedback repeats its words; an analysis takes ~20 µs,
/// a cache hit well under one) sit behind one lock.
final class Voikko: Sendable {
    struct State: ~Copyable {
        let handle: OpaquePointer
        var cache: [String: [WordReading]] = [:]
    }

    let state: Mutex<State>
    static let cacheLimit = 200_000

    /// The process's one handle: libvoikko's handles are documented as independent, but two used
    /// at once from different threads corrupted the heap in the test run, so every call goes
    /// through this one handle and its lock.
    static let shared = Voikko()

    /// Nil when libvoikko finds no Finnish dictionary (voikko-fi not installed).
    init?() {
        var error: UnsafePointer<CChar>?
        guard let handle = voikkoInit(&error, "fi", nil) else { return nil }
        state = Mutex(State(handle: handle))
    }

    deinit {
        state.withLock { voikkoTerminate($0.handle) }
    }

    func readings(of word: String) -> [WordReading] {
        state.withLock { state in
            if let known = state.cache[word] { return known }
            var readings = Self.analyse(word, state.handle)
            if readings.isEmpty { readings = Self.restoringDiacritics(word, state.handle) }
            if state.cache.count >= Self.cacheLimit { state.cache.removeAll(keepingCapacity: true) }
            state.cache[word] = readings
            return readings
        }
    }

    /// A word typed without ä and ö ("ystavallinen", "tyytyvainen"): the first spelling with the
    /// fewest a→ä and o→ö changes (of the first four) that Voikko knows.
    static func restoringDiacritics(_ word: String, _ handle: OpaquePointer) -> [WordReading] {
        var characters = Array(word)
        let places = characters.indices.filter { characters[$0] == "a" || characters[$0] == "o" }.prefix(4)
        guard !places.isEmpty, word.count > 2 else { return [] }
        let masks = (1..<(1 << places.count)).sorted { $0.nonzeroBitCount < $1.nonzeroBitCount }
        for mask in masks {
            for (bit, place) in places.enumerated() {
                let plain: Character = word[word.index(word.startIndex, offsetBy: place)]
                characters[place] = mask & (1 << bit) != 0 ? (plain == "a" ? "ä" : "ö") : plain
            }
            let readings = analyse(String(characters), handle)
            if !readings.isEmpty { return readings }
        }
        return []
    }

    static func analyse(_ word: String, _ handle: OpaquePointer) -> [WordReading] {
        guard let analyses = voikkoAnalyzeWordCstr(handle, word) else { return [] }
        defer { voikko_free_mor_analysis(analyses) }
        var readings: [WordReading] = []
        var index = 0
        while let analysis = analyses[index] {
            index += 1
            func value(_ key: String) -> String? {
                guard let raw = voikko_mor_analysis_value_cstr(analysis, key) else { return nil }
                defer { voikko_free_mor_analysis_value_cstr(raw) }
                return String(cString: raw)
            }
            guard let base = value("BASEFORM")?.lowercased() else { continue }
            let reading = WordReading(base: base, wordClass: value("CLASS"), parts: value("WORDBASES").map(Self.parts) ?? [])
            if !readings.contains(reading) { readings.append(reading) }
        }
        return readings
    }

    /// "+hammas(hammas)+lääkäri(lääkäri)+pelko(pelko)+inen(+inen)" → hammas, lääkäri, pelko: the
    /// base forms of the parts, without derivational suffixes; nothing for a simple word.
    static func parts(_ wordBases: String) -> [String] {
        let parts = wordBases.split(separator: "+", omittingEmptySubsequences: true).compactMap { part -> String? in
            guard let open = part.firstIndex(of: "("), part.last == ")" else { return nil }
            let base = part[part.index(after: open)..<part.index(before: part.endIndex)]
            return base.isEmpty ? String(part[..<open]).lowercased() : String(base).lowercased()
        }
        return parts.count > 1 ? parts : []
    }
}
