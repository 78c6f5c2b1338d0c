import Foundation
import KaikuApp
import KaikuCore
@testable import KaikuLanguage
import Testing

@Suite struct LanguageToolsTests {
    static let tools = try! LanguageTools(givenNames: ["Liisa", "Johan"])

    @Test(arguments: [("ajanvaraukseen", "ajanvaraus"), ("lääkärille", "lääkäri"), ("jonotin", "jonottaa"), ("en", "ei"),
                      ("hoitajat", "hoitaja"), ("kuunneltiin", "kuunnella")])
    func voikkoGivesBaseFormsOfInflectedWords(word: String, base: String) {
        #expect(Self.tools.readings(of: word, in: .fi).map(\.base).contains(base))
    }

    @Test func voikkoGivesTheCompoundsParts() {
        let reading = Self.tools.readings(of: "hammaslääkäripelkoinen", in: .fi).first
        #expect(reading?.parts == ["hammas", "lääkäri", "pelko"])
    }

    @Test func wordsTypedWithoutDiacriticsAreRestored() {
        #expect(Self.tools.readings(of: "ystavallinen", in: .fi).first?.base == "ystävällinen")
        #expect(Self.tools.readings(of: "tyytyvainen", in: .fi).first?.base == "tyytyväinen")
        #expect(Self.tools.readings(of: "qwxzzy", in: .fi).isEmpty)
    }

    @Test(arguments: [(Language.sv, "sjuksköterskorna", "sjukskötersk"), (.sv, "väntetiden", "väntetid"), (.sv, "avgifterna", "avgift"),
                      (.en, "appointments", "appoint"), (.en, "waiting", "wait"), (.en, "listened", "listen")])
    func snowballStems(language: Language, word: String, stem: String) {
        #expect(Self.tools.readings(of: word, in: language) == [WordReading(base: stem)])
    }

    @Test func namesByVoikkoClassAndTheGivenNamesList() {
        #expect(Self.tools.isName("Virtaselle", sentenceInitial: false))
        #expect(Self.tools.isName("Liisa", sentenceInitial: false) && Self.tools.isName("Johan", sentenceInitial: false))
        #expect(!Self.tools.isName("Hoitaja", sentenceInitial: true))
        // "Anna" opening a sentence is also the verb "give".
        #expect(!Self.tools.isName("Anna", sentenceInitial: true) && Self.tools.isName("Anna", sentenceInitial: false))
    }

    @Test func readingFromManyThreadsAtOnce() async {
        await withTaskGroup(of: Bool.self) { group in
            for n in 0..<8 {
                group.addTask { (0..<200).allSatisfy { i in !Self.tools.readings(of: ["talossa", "lääkärille", "jonossa"][(n + i) % 3], in: .fi).isEmpty } }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
