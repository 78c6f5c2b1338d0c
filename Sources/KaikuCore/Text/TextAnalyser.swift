import Foundation

/// Reads Finnish, Swedish and English feedback: language, sentiment (with `mixed` where praise and
/// criticism both weigh), topics and personal data. Pure: the lexicons, topic rules and morphology
/// are handed in, and corrections from handlers come in as a `CorrectionModel`.
///
/// Sentiment is a sum over the text's words of their lexicon weights, where a negator ("ei",
/// "inte", "not", "-n't") turns the next sentiment words within three words around and softens them,
/// an intensifier or downtoner scales the next one, a contrast word ("mutta", "men", "but") makes the
/// clause after it weigh more and a concession ("vaikka", "även om", "although") the clause it opens
/// weigh less. Positive and negative weight are kept apart, so that a text with much of both is `mixed`.
public struct TextAnalyser: Sendable {
    /// Stored with each analysis: texts analysed by an older version are analysed again.
    public static let version = 1

    let lexicons: [Language: TextLexicon]
    let emoticons: Emoticons
    public var topicIndex: TopicIndex
    /// A county's own topic rules: their topics are named whatever the learned topic model says.
    public var countyTopics: TopicIndex?
    let morphology: any Morphology
    let tokenizer: TextTokenizer
    public var corrections: CorrectionModel
    /// The learned models per language; a language without one is labelled by the rules alone.
    public var models: [Language: SentimentModel]
    public var topicModels: [Language: TopicModel]

    public init(lexicons: [TextLexicon], emoticons: Emoticons, topics: TopicIndex, morphology: any Morphology,
                models: [Language: SentimentModel] = [:], topicModels: [Language: TopicModel] = [:],
                corrections: CorrectionModel = CorrectionModel()) {
        self.lexicons = Dictionary(lexicons.map { ($0.language, $0) }, uniquingKeysWith: { a, _ in a })
        self.emoticons = emoticons
        self.topicIndex = topics
        self.morphology = morphology
        self.tokenizer = TextTokenizer(emoticons: emoticons.weights.keys)
        self.corrections = corrections
        self.models = models
        self.topicModels = topicModels
    }

    // The weights of the decision, set on the development split of the evaluation set.
    static let negationScope = 3
    static let negationFactor = -0.85
    static let intensifierScope = 2
    static let ratingWeight = 1.5
    static let neutralBelow = 0.9
    static let mixedAtLeast = 1.2
    static let mixedRatio = 0.2
    static let unmetNegation = -1.0
    static let turnWords = 2
    static let turnWeight = 1.5

    /// `language` is the language the text is known to be in; without it the text's own words
    /// decide, with `hint` (the language of the page it was written on) as the tie-breaker.
    public func analyse(_ text: String, language known: Language? = nil, hint: Language? = nil, rating: Rating? = nil) -> TextAnalysis {
        let tokens = tokenizer.tokens(text)
        let language = known ?? detectLanguage(tokens, hint: hint)
        let lexicon = lexicons[language]
        let words = self.words(tokens, language, lexicon)

        var positive = 0.0, negative = 0.0
        var clauseWeight = 1.0, sentenceWeight = 1.0
        var negation = 0, negationMet = true, intensity = 1.0, intensityLeft = 0
        var clause = 0
        var clauseScores: [Double] = [0]
        var topicClauses: [Topic: [Int]] = [:]
        var shippedTopics: Set<Topic> = [], countyFound: Set<Topic> = []
        var features: [String] = []
        // What the learned model reads: words, negated words, word pairs, compound parts and the rules' own counts.
        var input: [String: Double] = [:]
        var previous: String?
        var wordCount = 0
        // After "mutta"/"men"/"but": the direction of what came before, the clause the turn
        // starts at, and the words since (a turn with no weighing word of its own still turns).
        var turn: (sign: Double, clause: Int, words: Int)?
        // A question or a wish ("Voisiko…?", "It would be good to…") weighs less than a statement.
        let sentenceWeights = self.sentenceWeights(words, lexicon)
        var sentence = 0, wordsInSentence = 0
        func add(_ value: Double) {
            let value = value * sentenceWeights[min(sentence, sentenceWeights.count - 1)]
            if value > 0 { positive += value } else { negative -= value }
            clauseScores[clause] += value
        }
        // A negation that met no weighing word ("ei ole kuulunut mitään", "nobody called") is a
        // complaint of its own in feedback.
        func closeNegation() {
            if negation > 0 || !negationMet {
                if !negationMet {
                    add(Self.unmetNegation * sentenceWeight * clauseWeight)
                    input["r:unmet", default: 0] += 1
                }
                negation = 0
                negationMet = true
            }
        }
        func closeTurn() {
            guard let open = turn else { return }
            turn = nil
            let since = clauseScores[open.clause...].reduce(0, +)
            if since == 0 && open.words >= Self.turnWords {
                add(-open.sign * Self.turnWeight)
                input["r:turn"] = 1
            }
        }
        func endClause(sentence: Bool) {
            closeNegation()
            intensityLeft = 0
            clauseWeight = 1
            if sentence {
                sentenceWeight = 1
                closeTurn()
            }
            clause += 1
            clauseScores.append(0)
        }
        var index = 0
        while index < words.count {
            let word = words[index]
            switch word.kind {
            case .punctuation:
                let ends = Self.sentenceEnds.contains(word.surface)
                endClause(sentence: ends)
                previous = nil
                if word.surface == "?" { input["r:question"] = 1 }
                if word.surface == "!" { input["r:exclaim"] = 1 }
                if ends {
                    sentence += 1
                    wordsInSentence = 0
                }
                index += 1
                continue
            case .emoticon:
                // Emoticons are tokens only as listed (with and without the variation selector).
                if let weight = emoticons.weights[word.surface] {
                    add(weight * sentenceWeight * clauseWeight)
                    features.append(weight > 0 ? "emoticon+" : "emoticon-")
                    input[weight > 0 ? "r:emoticon+" : "r:emoticon-"] = 1
                }
                input["e:" + word.surface] = 1
                index += 1
                continue
            case .number:
                // "3 hours", "kolmen viikon": a number before a word is a duration or a date, often a bare-fact complaint.
                input["r:number"] = 1
                previous = "#"
                index += 1
                continue
            case .word:
                break
            }
            for topic in topics(words, at: index, language, topicIndex) {
                topicClauses[topic, default: []].append(clause)
                shippedTopics.insert(topic)
            }
            if let countyTopics {
                for topic in topics(words, at: index, language, countyTopics) {
                    topicClauses[topic, default: []].append(clause)
                    countyFound.insert(topic)
                }
            }
            wordCount += 1
            input["w:" + word.base] = 1
            if let previous { input["b:" + previous + "_" + word.base] = 1 }
            previous = word.base
            if word.parts.count > 1 { for part in word.parts { input["p:" + part] = 1 } }
            guard let lexicon else {
                index += 1
                continue
            }
            if turn != nil { turn!.words += 1 }
            defer { wordsInSentence += 1 }
            var (weight, length) = sentimentWeight(words, at: index, lexicon, phrasesOnly: true)
            if weight == nil {
                // A modifier as written, two words first ("även om", "a bit"), then one; the negation
                // verb also by its base form ("en", "emme" → "ei").
                let pair = lexicon.longestModifier > 1 && index + 1 < words.count && words[index + 1].kind == .word
                    ? word.surface + " " + words[index + 1].surface : nil
                let written = [pair, word.surface].compactMap { $0 }
                if let key = written.first(where: { lexicon.clauseWeights[$0] != nil }), let weight = lexicon.clauseWeights[key] {
                    endClause(sentence: false)
                    input[weight > 1 ? "r:contrast" : "r:concession"] = 1
                    if weight > 1 {
                        closeTurn()
                        let before = clauseScores[..<clause].reduce(0, +)
                        if before != 0 { turn = (before > 0 ? 1 : -1, clause, 0) }
                        sentenceWeight = weight
                    } else if wordsInSentence == 0 {
                        // "Vaikka jonotin, hoitaja oli ihana": the fronted concession weighs less; one
                        // added after the main clause ("…, vaikka jonotin tunnin") is a criticism of its own.
                        clauseWeight = weight
                    }
                    index += key == pair ? 2 : 1
                    continue
                }
                if word.isNegator || written.contains(where: lexicon.negators.contains) || (language == .fi && lexicon.negators.contains(word.base)) {
                    closeNegation()
                    negation = Self.negationScope
                    negationMet = false
                    index += pair.map { lexicon.negators.contains($0) } == true ? 2 : 1
                    continue
                }
                // An intensifier adverb may be listed by its base ("erityisen" → erityinen), unless
                // that base weighs on its own ("kauhean" → kauhea, terrible).
                let baseIntensifier = word.keys.dropFirst().first { lexicon.intensifiers[$0] != nil && lexicon.weights[$0] == nil }
                if let key = written.first(where: { lexicon.intensifiers[$0] != nil }) ?? baseIntensifier, let multiplier = lexicon.intensifiers[key] {
                    intensity = multiplier
                    intensityLeft = Self.intensifierScope
                    index += key == pair ? 2 : 1
                    continue
                }
                (weight, length) = sentimentWeight(words, at: index, lexicon, phrasesOnly: false)
            }
            let negated = negation > 0
            features.append((negated ? "not_" : "") + word.base)
            if negated { input["n:" + word.base] = 1 }
            if let weight {
                var value = weight * sentenceWeight * clauseWeight
                if intensityLeft > 0 { value *= intensity }
                if negated {
                    value *= Self.negationFactor
                    negationMet = true
                }
                add(value)
                intensityLeft = 0
            }
            if negation > 0 {
                negation -= length
                if negation <= 0 { closeNegation() }
            }
            if intensityLeft > 0 { intensityLeft -= 1 }
            index += length
        }
        closeNegation()
        closeTurn()

        // The models' input is the text's own reading: the texts they learned from came without a score.
        ModelFeatures.addVerdict(to: &input, positive: positive, negative: negative, rules: Self.label(positive: positive, negative: negative),
                                 words: wordCount, clauseScores: clauseScores)

        if let rating {
            add(rating.evidence * Self.ratingWeight)
            features.append("rating\(rating.evidence > 0.3 ? "+" : rating.evidence < -0.3 ? "-" : "0")")
        }
        let rules = Self.label(positive: positive, negative: negative)
        var sentiment = rules
        if let model = models[language] {
            sentiment = model.label(input, rules: rules)
            // The model read the text alone (it learned from texts without a score): where the text
            // says nothing either way, the score the same response gave decides, as in the rules.
            if rating != nil && sentiment == .neutral && (rules == .positive || rules == .negative) { sentiment = rules }
        }
        if let learned = corrections.sentiment(features: features, lexicon: sentiment) { sentiment = learned }
        var topics = Set(topicClauses.keys)
        if let topicModel = topicModels[language] {
            topics = topicModel.topics(TopicModel.input(input, rules: shippedTopics)).union(countyFound)
        }
        corrections.adjust(&topics, features: features)
        var topicSentiments: [Topic: Sentiment] = [:]
        for topic in topics {
            let score = (topicClauses[topic] ?? []).map { clauseScores[$0] }.reduce(0, +)
            topicSentiments[topic] = score > 0.3 ? .positive : score < -0.3 ? .negative : sentiment == .mixed ? .neutral : sentiment
        }
        let findings = PersonalData.find(in: text)
        return TextAnalysis(language: language, sentiment: sentiment, score: (tanh((positive - negative) / 3) * 100).rounded() / 100,
                            topics: Topic.allCases.filter(topics.contains), topicSentiments: topicSentiments,
                            personalData: findings, positiveWeight: positive, negativeWeight: negative, features: features,
                            ruleSentiment: rules, modelInput: input)
    }

    static let sentenceEnds: Set<String> = [".", "!", "?", ";"]
    static let questionWeight = 0.5

    /// The weight of each sentence: a question's words count half, a wish's or suggestion's as
    /// its hedge word says (the sentences as the loop above counts them, by their ending marks).
    func sentenceWeights(_ words: [Word], _ lexicon: TextLexicon?) -> [Double] {
        var weights: [Double] = []
        var current = 1.0
        for word in words {
            if word.kind == .punctuation && Self.sentenceEnds.contains(word.surface) {
                weights.append(word.surface == "?" ? min(current, Self.questionWeight) : current)
                current = 1
            } else if word.kind == .word, let lexicon, let hedge = lexicon.hedges[word.surface] ?? lexicon.hedges[word.base] {
                current = min(current, hedge)
            }
        }
        weights.append(current)
        return weights
    }

    static func label(positive: Double, negative: Double) -> Sentiment {
        if positive + negative < neutralBelow { return .neutral }
        if min(positive, negative) >= mixedAtLeast && min(positive, negative) / max(positive, negative) >= mixedRatio { return .mixed }
        if abs(positive - negative) < neutralBelow / 2 { return .mixed }
        return positive > negative ? .positive : .negative
    }
}
