import Foundation
import KaikuApp
import KaikuCore
import Testing

/// The analyser with the shipped lexicons, topic rules and Voikko/Snowball.
@Suite struct TextAnalyserTests {
    static let analyser = try! TextTools.analyser()

    static func sentiment(_ text: String, _ language: Language) -> Sentiment { analyser.analyse(text, language: language).sentiment }

    @Test(arguments: [
        ("Hoitaja oli ystävällinen.", Language.fi, Sentiment.positive),
        ("Hoitaja ei ollut ystävällinen.", .fi, .negative),
        ("Ei mitään valittamista.", .fi, .positive),
        ("Lääkäri oli todella osaava mutta jonotin kaksi tuntia.", .fi, .mixed),
        ("Personalen var trevlig.", .sv, .positive),
        ("Personalen var inte trevlig.", .sv, .negative),
        ("Inget att klaga på.", .sv, .positive),
        ("Läkaren var kunnig men väntetiden var alldeles för lång.", .sv, .mixed),
        ("The nurse was friendly.", .en, .positive),
        ("The nurse wasn't friendly at all.", .en, .negative),
        ("No complaints.", .en, .positive),
        ("The doctor was excellent but I waited for three hours.", .en, .mixed),
    ])
    func negationAndContrast(text: String, language: Language, expected: Sentiment) {
        #expect(Self.sentiment(text, language) == expected, "\(text)")
    }

    /// The shipped learned models are loaded for every language and decide where the rules alone
    /// would not: the rules' label is kept beside the model's, and analysing without the models
    /// gives the rules' label.
    @Test func theShippedModelsAreLoadedForEveryLanguage() throws {
        for language in Language.shipped {
            #expect(Self.analyser.models[language] != nil && Self.analyser.topicModels[language] != nil, "\(language)")
        }
        let rulesOnly = try TextTools.analyser(withModels: false)
        #expect(rulesOnly.models.isEmpty && rulesOnly.topicModels.isEmpty)
        let text = "Hoitaja oli ystävällinen, mutta jonotin kaksi tuntia."
        #expect(Self.analyser.analyse(text, language: .fi).ruleSentiment == rulesOnly.analyse(text, language: .fi).sentiment)
    }

    @Test(arguments: [("Kiitos hyvästä palvelusta", Language.fi), ("Tack för bra bemötande", .sv), ("Thank you, very kind staff", .en),
                      ("Jonotin tunnin", .fi), ("Läkaren lyssnade", .sv), ("Nobody called me back", .en)])
    func languageOfShortTexts(text: String, language: Language) {
        #expect(Self.analyser.analyse(text).language == language, "\(text)")
    }

    @Test func aScoreOfTheSameResponseIsEvidence() {
        #expect(Self.analyser.analyse("Käynti", language: .fi).sentiment == .neutral)
        #expect(Self.analyser.analyse("Käynti", language: .fi, rating: .zeroToTen(10)).sentiment == .positive)
        #expect(Self.analyser.analyse("Käynti", language: .fi, rating: .oneToFive(1)).sentiment == .negative)
    }

    @Test func theSeedsExamplesLandWhereAReaderWouldPutThem() {
        let listened = Self.analyser.analyse("Lääkäri kuunteli ja otti vakavasti, todella ammattitaitoinen.", language: .fi)
        #expect(listened.sentiment == .positive && listened.topics.contains(.listening) && listened.topics.contains(.competence))
        let rude = Self.analyser.analyse("Hoitaja oli tyly ja aikataulut eivät pitäneet.", language: .fi)
        #expect(rude.sentiment == .negative && rude.topics.contains(.encounter))
        let noTimes = Self.analyser.analyse("Ajanvaraukseen ei saanut aikaa kuukauteen.", language: .fi)
        #expect(noTimes.sentiment == .negative && noTimes.topics.contains(.availability))
    }

    @Test func aHandlersCorrectionChangesALaterPrediction() throws {
        let text = "Sain ajan vasta kolmen viikon päähän, kiva."
        let before = Self.analyser.analyse(text, language: .fi)
        let corrected: Sentiment = before.sentiment == .negative ? .positive : .negative
        let model = CorrectionModel([CorrectionModel.Example(features: before.features, sentiment: corrected, addedTopics: [.waiting]),
                                     CorrectionModel.Example(features: before.features, sentiment: corrected, addedTopics: [.waiting])])
        let after = try TextTools.analyser(corrections: model).analyse("Sain ajan vasta kolmen viikon päähän.", language: .fi)
        #expect(after.sentiment == corrected)
        #expect(after.topics.contains(.waiting))
    }

    @Test func personalDataWithOffsetsInUnicodeScalars() {
        let text = "Hei 😊 Liisa Virtanen, hetu 131052-308T, soita 040 123 4567. Osoite Hämeenkatu 12 B 5."
        let findings = Self.analyser.analyse(text, language: .fi).personalData
        #expect(findings.map(\.kind) == [.name, .personalIdentityCode, .phone, .address])
        #expect(findings.map(\.text) == ["Liisa Virtanen", "131052-308T", "040 123 4567", "Hämeenkatu 12 B 5"])
        #expect(PersonalData.mask(text) == "Hei 😊 […], hetu […], soita […]. Osoite […].")
    }
}
