import Foundation

/// Accuracy, macro-F1 and the confusion matrix of predicted sentiment labels against a labelled set,
/// per language and overall, with accuracy by kind of text where the set names kinds (`kaiku text
/// eval`); topics as micro precision, recall and F1 where the set labels them.
public struct TextEvaluation: Sendable {
    public struct Kind: Sendable, Equatable {
        public let kind: String
        public let count: Int
        public let right: Int
    }

    public struct Scores: Sendable, Equatable {
        public var count = 0
        public var accuracy = 0.0
        public var macroF1 = 0.0
        public var topicF1: Double?
        public var topicPrecision: Double?
        public var topicRecall: Double?
        /// confusion[expected][predicted], in `Sentiment.allCases` order.
        public var confusion: [[Int]] = []
        /// Per kind of text: how many, how many labelled right.
        public var kinds: [Kind] = []
    }

    struct Pair {
        let language: Language
        let expected: Sentiment
        let predicted: Sentiment
        let expectedTopics: Set<Topic>?
        let predictedTopics: Set<Topic>
        let kind: String?
    }

    var pairs: [Pair] = []

    public init() {}

    public mutating func add(language: Language, expected: Sentiment, predicted: Sentiment, expectedTopics: Set<Topic>?, predictedTopics: Set<Topic>,
                             kind: String? = nil) {
        pairs.append(Pair(language: language, expected: expected, predicted: predicted, expectedTopics: expectedTopics,
                          predictedTopics: predictedTopics, kind: kind))
    }

    public func scores(for language: Language?) -> Scores {
        let chosen = pairs.filter { language == nil || $0.language == language }
        guard !chosen.isEmpty else { return Scores() }
        var scores = Scores()
        scores.count = chosen.count
        scores.accuracy = Double(chosen.filter { $0.expected == $0.predicted }.count) / Double(chosen.count)
        // Macro-F1 over the labels that occur in the set or the predictions.
        let labels = Sentiment.allCases.filter { label in chosen.contains { $0.expected == label || $0.predicted == label } }
        let f1s = labels.map { label -> Double in
            let truePositive = Double(chosen.filter { $0.expected == label && $0.predicted == label }.count)
            let predicted = Double(chosen.filter { $0.predicted == label }.count)
            let actual = Double(chosen.filter { $0.expected == label }.count)
            guard truePositive > 0 else { return 0 }
            let precision = truePositive / predicted, recall = truePositive / actual
            return 2 * precision * recall / (precision + recall)
        }
        scores.macroF1 = f1s.reduce(0, +) / Double(f1s.count)
        let all = Sentiment.allCases
        scores.confusion = all.map { expected in all.map { predicted in chosen.filter { $0.expected == expected && $0.predicted == predicted }.count } }
        let kinds = Set(chosen.compactMap(\.kind)).sorted()
        scores.kinds = kinds.map { kind in
            let ofKind = chosen.filter { $0.kind == kind }
            return Kind(kind: kind, count: ofKind.count, right: ofKind.filter { $0.expected == $0.predicted }.count)
        }
        let topicPairs = chosen.compactMap { pair in pair.expectedTopics.map { ($0, pair.predictedTopics) } }
        if !topicPairs.isEmpty {
            let hits = Double(topicPairs.map { $0.0.intersection($0.1).count }.reduce(0, +))
            let predicted = Double(topicPairs.map(\.1.count).reduce(0, +)), actual = Double(topicPairs.map(\.0.count).reduce(0, +))
            scores.topicPrecision = predicted == 0 ? 0 : hits / predicted
            scores.topicRecall = actual == 0 ? 0 : hits / actual
            scores.topicF1 = hits == 0 ? 0 : 2 * (hits / predicted) * (hits / actual) / (hits / predicted + hits / actual)
        }
        return scores
    }

    /// One labelled line: `lang<TAB>label<TAB>text[<TAB>topics[<TAB>kind]]` (topics comma-separated,
    /// possibly none, or `?` for not labelled; the kind of text, such as `sarcasm` or `bare_fact`, for the errors by kind).
    public struct Line: Sendable {
        public let language: Language
        public let label: Sentiment
        public let text: String
        public let topics: Set<Topic>?
        public let kind: String?
    }

    public static func parse(_ line: Substring, number: Int) throws -> Line? {
        if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { return nil }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 3, let language = Language(shipped: fields[0]), let label = Sentiment(rawValue: fields[1]) else {
            throw TextLexicon.Problem(file: "", line: number, message: "expected lang<TAB>label<TAB>text with lang fi|sv|en and a sentiment label")
        }
        var topics: Set<Topic>?
        // "?": the readers did not agree on the topics, so the line counts for sentiment only.
        if fields.count >= 4 && fields[3] != "?" {
            let codes = fields[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            topics = Set(try codes.map { code in
                guard let topic = Topic(rawValue: code) else { throw TextLexicon.Problem(file: "", line: number, message: "unknown topic \(code)") }
                return topic
            })
        }
        let kind = fields.count >= 5 && !fields[4].isEmpty ? fields[4] : nil
        return Line(language: language, label: label, text: fields[2], topics: topics, kind: kind)
    }
}
