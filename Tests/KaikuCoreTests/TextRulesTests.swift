import Foundation
@testable import KaikuCore
import Testing

/// The analyser's rules over plain words (no Voikko): the lexicon, negation, intensifiers, contrast.
@Suite struct TextRulesTests {
    static let analyser: TextAnalyser = {
        let lexicon = try! TextLexicon(language: .en, sentiment: "good\t2\nrude\t-2\nwait\t-1\ncall back\t1\n",
                                       modifiers: "not\tnegator\t1\nvery\tintensifier\t1.5\nbit\tdowntoner\t0.5\nbut\tcontrast\t1.5\nalthough\tconcession\t0.5\n",
                                       spoken: "gud\tgood\n", morphology: PlainMorphology())
        let topics = TopicIndex([TopicRule(topic: .encounter, language: .en, term: "rude"), TopicRule(topic: .phone, language: .en, term: "call back")],
                                morphology: PlainMorphology())
        return TextAnalyser(lexicons: [lexicon], emoticons: try! Emoticons(":)\t2\n👍\t2\n"), topics: topics, morphology: PlainMorphology())
    }()

    static func score(_ text: String) -> Double { analyser.analyse(text, language: .en).score }

    @Test func negationTurnsAndSoftens() {
        #expect(Self.score("good") > 0 && Self.score("not good") < 0 && Self.score("not good") > -Self.score("good"))
        #expect(Self.score("not rude") > 0)
        // Punctuation ends the negation: "good" is not turned; the negation that met nothing is a
        // complaint of its own ("nobody called").
        #expect(Self.score("not. good") > 0 && Self.score("not. good") < Self.score("good"))
        #expect(Self.analyser.analyse("not called", language: .en).sentiment == .negative)
    }

    @Test func intensifiersAndDowntoners() {
        #expect(Self.score("very good") > Self.score("good") && Self.score("bit good") < Self.score("good"))
    }

    @Test func contrastAndConcession() {
        #expect(Self.analyser.analyse("good but rude", language: .en).sentiment == .mixed)
        #expect(Self.score("good but rude rude") < 0)
        #expect(Self.score("although rude, good") > 0)
    }

    @Test func phrasesSpokenFormsAndEmoticons() {
        let text = "They did call back, gud :) 👍"
        let analysis = Self.analyser.analyse(text, language: .en)
        #expect(analysis.sentiment == .positive && analysis.topics == [.phone])
        #expect(Self.analyser.analyse("nothing here", language: .en).sentiment == .neutral)
    }

    @Test func eachTopicCarriesTheSentimentOfItsClause() {
        let analysis = Self.analyser.analyse("They did call back, good. But the nurse was rude", language: .en)
        #expect(analysis.topicSentiments == [.phone: .positive, .encounter: .negative])
    }

    @Test func tokensCountUnicodeScalars() {
        let tokens = TextTokenizer(emoticons: [":)"]).tokens("Hyvä 👍🏽 :) don't, hammaslääkäri-aika 12")
        #expect(tokens.map(\.text) == ["Hyvä", "👍", "🏽", ":)", "don't", ",", "hammaslääkäri-aika", "12"])
        #expect(tokens.map(\.start) == [0, 5, 6, 8, 11, 16, 18, 37])
    }

    @Test func accuracyAndMacroF1() {
        var evaluation = TextEvaluation()
        // Truth: 2 positive, 2 negative; predicted: one negative read as positive.
        for (expected, predicted) in [(Sentiment.positive, Sentiment.positive), (.positive, .positive), (.negative, .negative), (.negative, .positive)] {
            evaluation.add(language: .fi, expected: expected, predicted: predicted, expectedTopics: [.fees], predictedTopics: [.fees, .phone])
        }
        let scores = evaluation.scores(for: .fi)
        // positive: P 2/3, R 1 → F1 0.8; negative: P 1, R 1/2 → F1 2/3; macro (0.8 + 0.667) / 2.
        #expect(scores.accuracy == 0.75 && abs(scores.macroF1 - (0.8 + 2.0 / 3) / 2) < 1e-9)
        #expect(abs(scores.topicF1! - 2.0 / 3) < 1e-9)
    }

    @Test func addressesAreFoundAndMaskedWithoutANameDetector() {
        #expect(PersonalData.find(in: "Asun Mannerheimintie 12 A 3, Helsinki").map(\.kind) == [.address])
        #expect(PersonalData.find(in: "Bor på Storgatan 5").map(\.text) == ["Storgatan 5"])
        #expect(PersonalData.find(in: "Tie oli liukas 5 päivää").isEmpty)
        // Forms refuse identifiers only; an address is masked on the way out.
        #expect(PersonalData.find(in: "Storgatan 5", kinds: PersonalData.Kind.identifiers).isEmpty)
    }
}
