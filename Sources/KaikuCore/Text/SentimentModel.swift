import Foundation

/// A learned sentiment classifier beside the rules: multinomial logistic regression over what the
/// rules read in a text (base forms, negated base forms, word pairs, Finnish compound parts,
/// emoticons) and the rules' own verdict (their praise and criticism weights and label, questions,
/// turns, unmet negations). The rules' verdict is one of its inputs, so the model learns where the
/// rules are right and where words the lexicon does not weigh ("lupasivat soittaa… nyt on torstai")
/// or weighs the wrong way (an ironic "mahtavaa") say otherwise. Where the model is unsure (its
/// best label below `fallbackBelow`), the rules' label stands (cross-validation decides whether
/// that helps; for the shipped models it did not, and their threshold is 0). One model per
/// language, trained by `kaiku text train` and shipped as `model-{lang}.tsv`.
public struct SentimentModel: Sendable, Equatable {
    public static let labels: [Sentiment] = [.positive, .negative, .neutral, .mixed]

    public private(set) var linear: LinearModel

    public init(_ linear: LinearModel) { self.linear = linear }

    public var weights: [String: [Double]] { linear.weights }

    /// Below this probability of its best label the model defers to the rules.
    public var fallbackBelow: Double {
        get { linear.settings["fallback"] ?? 0 }
        set { linear.settings["fallback"] = newValue }
    }

    public func probabilities(_ input: [String: Double]) -> [Double] { linear.probabilities(input) }

    /// The model's label, or the rules' where the model is unsure.
    public func label(_ input: [String: Double], rules: Sentiment) -> Sentiment {
        let probabilities = probabilities(input)
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        return probabilities[best] < fallbackBelow ? rules : Self.labels[best]
    }

    public struct Settings: Sendable, Hashable, CustomStringConvertible {
        /// L2 penalty per example.
        public var l2: Double
        /// 0: every text weighs the same; 1: each label weighs the same in all (macro-F1 counts them alike).
        public var balance: Double
        public var fallbackBelow: Double
        public var epochs: Int

        public init(l2: Double, balance: Double, fallbackBelow: Double, epochs: Int = 30) {
            self.l2 = l2
            self.balance = balance
            self.fallbackBelow = fallbackBelow
            self.epochs = epochs
        }

        public var description: String { "l2=\(l2) balance=\(balance) fallback=\(fallbackBelow)" }
    }

    public struct Example: Sendable {
        public let input: [String: Double]
        public let label: Sentiment
        public let rules: Sentiment

        public init(input: [String: Double], label: Sentiment, rules: Sentiment) {
            self.input = input
            self.label = label
            self.rules = rules
        }
    }

    public static func train(_ examples: [Example], settings: Settings) -> SentimentModel {
        var counts = [Double](repeating: 0, count: labels.count)
        for example in examples { counts[labels.firstIndex(of: example.label)!] += 1 }
        let total = counts.reduce(0, +)
        let labelWeight = counts.map { $0 > 0 ? pow(total / (Double(labels.count) * $0), settings.balance) : 0 }
        let targets = examples.map { example in labels.map { $0 == example.label ? 1.0 : 0 } }
        var model = SentimentModel(LinearModel.train(
            inputs: examples.map(\.input), targets: targets, exampleWeights: examples.map { labelWeight[labels.firstIndex(of: $0.label)!] },
            outputs: labels.count, link: .softmax, l2: settings.l2, epochs: settings.epochs))
        model.fallbackBelow = settings.fallbackBelow
        return model
    }

    public func file(comment: String) -> String { linear.file(comment: comment, columns: Self.labels.map(\.rawValue)) }

    public init(file text: String, name: String) throws {
        linear = try LinearModel(file: text, name: name, columns: Self.labels.map(\.rawValue), link: .softmax, settings: ["fallback": 0...1])
    }
}
