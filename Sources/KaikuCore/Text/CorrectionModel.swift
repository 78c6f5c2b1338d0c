import Foundation

/// What handlers taught the analyser by correcting it: a layer over the lexicon that moves later
/// predictions for texts with the same words. For sentiment, each word seen in corrected texts
/// carries a distribution over the four labels (how often texts with it were corrected to each,
/// smoothed); a text's known words add their log-odds to a prior that favours the lexicon's label.
/// For topics, a word that handlers added a topic for (or removed it) at least twice over votes
/// adds (or removes) that topic.
public struct CorrectionModel: Sendable {
    public struct Example: Sendable {
        public var features: [String]
        public var sentiment: Sentiment?
        public var addedTopics: [Topic]
        public var removedTopics: [Topic]

        public init(features: [String], sentiment: Sentiment? = nil, addedTopics: [Topic] = [], removedTopics: [Topic] = []) {
            self.features = features
            self.sentiment = sentiment
            self.addedTopics = addedTopics
            self.removedTopics = removedTopics
        }
    }

    var labelCounts: [String: [Sentiment: Double]] = [:]
    var topicVotes: [String: [Topic: Int]] = [:]
    public private(set) var examples = 0

    static let smoothing = 0.5
    static let lexiconPrior = 0.55
    static let topicVotesNeeded = 2

    public init(_ examples: [Example] = []) {
        for example in examples {
            let features = Set(example.features.filter(Self.isContentFeature))
            if let sentiment = example.sentiment {
                for feature in features { labelCounts[feature, default: [:]][sentiment, default: 0] += 1 }
            }
            for feature in features where !feature.hasPrefix("not_") {
                for topic in example.addedTopics { topicVotes[feature, default: [:]][topic, default: 0] += 1 }
                for topic in example.removedTopics { topicVotes[feature, default: [:]][topic, default: 0] -= 1 }
            }
            self.examples += 1
        }
    }

    /// Function words say nothing about a text's tone or topic, and are in every text.
    static func isContentFeature(_ feature: String) -> Bool {
        let word = feature.hasPrefix("not_") ? String(feature.dropFirst(4)) : feature
        return word.count > 2 && !TextAnalyser.functionWords.values.contains { $0.contains(word) }
    }

    /// The label the corrections point to, when it differs from the lexicon's; nil otherwise.
    func sentiment(features: [String], lexicon: Sentiment) -> Sentiment? {
        guard !labelCounts.isEmpty else { return nil }
        let known = Set(features.filter(Self.isContentFeature)).compactMap { labelCounts[$0] }
        guard !known.isEmpty else { return nil }
        let labels = Sentiment.allCases
        let other = (1 - Self.lexiconPrior) / Double(labels.count - 1)
        var best = lexicon, bestScore = -Double.infinity
        for label in labels {
            var score = log(label == lexicon ? Self.lexiconPrior : other)
            for counts in known {
                let total = counts.values.reduce(0, +)
                score += log((counts[label, default: 0] + Self.smoothing) / (total + Self.smoothing * Double(labels.count))) - log(1 / Double(labels.count))
            }
            if score > bestScore {
                best = label
                bestScore = score
            }
        }
        return best == lexicon ? nil : best
    }

    func adjust(_ topics: inout Set<Topic>, features: [String]) {
        guard !topicVotes.isEmpty else { return }
        var votes: [Topic: Int] = [:]
        for feature in Set(features) { for (topic, count) in topicVotes[feature] ?? [:] { votes[topic, default: 0] += count } }
        for (topic, count) in votes {
            if count >= Self.topicVotesNeeded { topics.insert(topic) }
            if count <= -Self.topicVotesNeeded { topics.remove(topic) }
        }
    }
}
