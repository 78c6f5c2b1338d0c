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
        // Topics: each text named fees (right) and phone (wrong): precision 1/2, recall 1.
        #expect(scores.topicPrecision == 0.5 && scores.topicRecall == 1)
        #expect(scores.confusion[0] == [2, 0, 0, 0] && scores.confusion[1] == [1, 1, 0, 0])
    }

    @Test func evaluationCountsErrorsByKindAndSkipsUnlabelledTopics() throws {
        let line = try #require(try TextEvaluation.parse("en\tnegative\tWonderful, four hours.\t?\tsarcasm", number: 1))
        #expect(line.topics == nil && line.kind == "sarcasm")
        var evaluation = TextEvaluation()
        evaluation.add(language: .en, expected: line.label, predicted: .positive, expectedTopics: line.topics, predictedTopics: [.waiting], kind: line.kind)
        evaluation.add(language: .en, expected: .positive, predicted: .positive, expectedTopics: nil, predictedTopics: [], kind: "plain")
        let scores = evaluation.scores(for: .en)
        #expect(scores.kinds.map(\.kind) == ["plain", "sarcasm"] && scores.kinds.map(\.right) == [1, 0])
        #expect(scores.topicF1 == nil)
    }

    /// The learned model reads what the rules read: trained on texts the rules get wrong (an ironic
    /// "good" with "wait"), it labels them right, keeps what the rules get right, and defers to the
    /// rules where it is unsure.
    @Test func theLearnedModelLearnsWhereTheRulesAreWrong() throws {
        func example(_ text: String, _ label: Sentiment) -> SentimentModel.Example {
            let analysis = Self.analyser.analyse(text, language: .en)
            return SentimentModel.Example(input: analysis.modelInput, label: label, rules: analysis.ruleSentiment)
        }
        let training = (0..<6).flatMap { _ in
            [example("good, only hours of wait", .negative), example("oh good, another wait", .negative), example("good", .positive),
             example("very good", .positive), example("rude", .negative), example("not rude", .positive)]
        }
        #expect(Self.analyser.analyse("good, hours of wait", language: .en).sentiment != .negative)
        let model = SentimentModel.train(training, settings: .init(l2: 0.001, balance: 0.5, fallbackBelow: 0))
        var analyser = Self.analyser
        analyser.models = [.en: model]
        #expect(analyser.analyse("good, hours of wait", language: .en).sentiment == .negative)
        #expect(analyser.analyse("very good", language: .en).sentiment == .positive)
        #expect(analyser.analyse("rude", language: .en).sentiment == .negative)
        // Only the rules' label for a language without a model.
        #expect(analyser.analyse("good, hours of wait", language: .fi).sentiment == Self.analyser.analyse("good, hours of wait", language: .fi).sentiment)
        // Unsure everywhere (a threshold no probability reaches): the rules decide.
        analyser.models[.en]!.fallbackBelow = 1
        #expect(analyser.analyse("good, hours of wait", language: .en).sentiment == Self.analyser.analyse("good, hours of wait", language: .en).sentiment)

        // The data file keeps the model (to its four decimals) and names a bad line.
        let reloaded = try SentimentModel(file: model.file(comment: "test"), name: "model-en.tsv")
        #expect(reloaded.weights.keys.sorted() == model.weights.keys.sorted() && reloaded.fallbackBelow == model.fallbackBelow)
        let input = example("good, hours of wait", .negative).input
        #expect(abs(reloaded.probabilities(input)[1] - model.probabilities(input)[1]) < 0.01)
        #expect(throws: TextLexicon.Problem.self) { try SentimentModel(file: "@bias\t1\t2\n", name: "model-en.tsv") }
        #expect(throws: TextLexicon.Problem.self) { try SentimentModel(file: "@fallback\t2\n", name: "model-en.tsv") }
    }

    /// The topic model keeps what the rules find, learns a wording they miss, and a county's own
    /// rule still names its topic whatever the model says.
    @Test func theTopicModelLearnsWordingsTheRulesMiss() throws {
        func example(_ text: String, _ topics: Set<Topic>) -> (input: [String: Double], topics: Set<Topic>) {
            let analysis = Self.analyser.analyse(text, language: .en)
            return (TopicModel.input(analysis.modelInput, rules: analysis.topics), topics)
        }
        let training = (0..<8).flatMap { _ in
            [example("they did call back", [.phone]), example("nobody answered", [.phone]), example("rude", [.encounter]),
             example("good", []), example("very good", [])]
        }
        let model = TopicModel.train(training, l2: 0.001, threshold: 0.5)
        var analyser = Self.analyser
        analyser.topicModels = [.en: model]
        #expect(Self.analyser.analyse("nobody answered", language: .en).topics.isEmpty)
        #expect(analyser.analyse("nobody answered", language: .en).topics == [.phone])
        #expect(analyser.analyse("rude", language: .en).topics == [.encounter])
        #expect(analyser.analyse("good", language: .en).topics.isEmpty)
        analyser.countyTopics = TopicIndex([TopicRule(topic: .fees, language: .en, term: "good")], morphology: PlainMorphology())
        #expect(analyser.analyse("good", language: .en).topics == [.fees])

        let reloaded = try TopicModel(file: model.file(comment: "test"), name: "topics-model-en.tsv")
        #expect(reloaded.topics(example("nobody answered", []).input) == [.phone] && reloaded.threshold == 0.5)
        #expect(throws: TextLexicon.Problem.self) { try TopicModel(file: "@threshold\t0\n", name: "topics-model-en.tsv") }
        let results = TextModelTraining.crossValidate(training, folds: 4, grid: [.init(l2: 0.001, threshold: 0.5)])
        #expect(results.count == 1 && results[0].score > 0.9)
    }

    @Test func theByteSearchFindsEveryPlace() {
        func found(_ haystack: String, _ needle: String) -> Bool { PersonalData.contains(Array(haystack.utf8), Array(needle.utf8)) }
        #expect(found("sairaanhoitajalle", "hoitaja") && found("hoitaja", "hoitaja") && found("aab", "ab") && found("x", ""))
        #expect(!found("hoitaj", "hoitaja") && !found("", "a") && !found("abab", "abb"))
    }

    @Test func crossValidationRanksSettings() {
        let examples = (0..<20).map { index in
            SentimentModel.Example(input: ["w:x\(index % 2)": 1], label: index % 2 == 0 ? .positive : .negative, rules: .neutral)
        }
        let results = TextModelTraining.crossValidate(examples, folds: 4, grid: [.init(l2: 0.001, balance: 0, fallbackBelow: 0)])
        #expect(results.count == 1 && results[0].score == 1)
    }

    @Test func addressesAreFoundAndMaskedWithoutANameDetector() {
        #expect(PersonalData.find(in: "Asun Mannerheimintie 12 A 3, Helsinki").map(\.kind) == [.address])
        #expect(PersonalData.find(in: "Bor på Storgatan 5").map(\.text) == ["Storgatan 5"])
        #expect(PersonalData.find(in: "Tie oli liukas 5 päivää").isEmpty)
        // Forms refuse identifiers only; an address is masked on the way out.
        #expect(PersonalData.find(in: "Storgatan 5", kinds: PersonalData.Kind.identifiers).isEmpty)
    }
}
