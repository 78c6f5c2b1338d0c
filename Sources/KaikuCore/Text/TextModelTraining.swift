import Foundation

/// Chooses the learned models' settings by k-fold cross-validation on the training texts: every
/// setting is trained on k−1 folds and reads the fold left out; each setting's readings of all
/// folds together are scored (sentiment by macro-F1, topics by micro-F1) and the best wins. Folds
/// are drawn with a fixed seed.
public enum TextModelTraining {
    public struct Result<Setting: Sendable>: Sendable {
        public let settings: Setting
        public let score: Double
    }

    public static let sentimentGrid: [SentimentModel.Settings] = [0.001, 0.003, 0.01, 0.03, 0.1].flatMap { l2 in
        [0.0, 0.5, 1.0].flatMap { balance in
            [0.0, 0.45].map { SentimentModel.Settings(l2: l2, balance: balance, fallbackBelow: $0) }
        }
    }

    public struct TopicSettings: Sendable, Hashable, CustomStringConvertible {
        public var l2: Double
        public var threshold: Double

        public init(l2: Double, threshold: Double) {
            self.l2 = l2
            self.threshold = threshold
        }

        public var description: String { "l2=\(l2) threshold=\(threshold)" }
    }

    public static let topicGrid: [TopicSettings] = [0.001, 0.003, 0.01, 0.03].flatMap { l2 in
        [0.2, 0.3, 0.4, 0.5].map { TopicSettings(l2: l2, threshold: $0) }
    }

    static func folds(_ count: Int, _ folds: Int) -> [Int] {
        var order = Array(0..<count)
        var random = SplitMix64(seed: 7)
        order.shuffle(using: &random)
        var fold = [Int](repeating: 0, count: count)
        for (position, index) in order.enumerated() { fold[index] = position % folds }
        return fold
    }

    /// Each setting's cross-validated macro-F1, best first.
    public static func crossValidate(_ examples: [SentimentModel.Example], folds: Int = 5,
                                     grid: [SentimentModel.Settings] = sentimentGrid) -> [Result<SentimentModel.Settings>] {
        let fold = Self.folds(examples.count, folds)
        // The fallback threshold does not change training: one model per (l2, balance) and fold.
        var evaluations: [SentimentModel.Settings: TextEvaluation] = [:]
        let trainings = Dictionary(grouping: grid) { SentimentModel.Settings(l2: $0.l2, balance: $0.balance, fallbackBelow: 0, epochs: $0.epochs) }
        for (training, settings) in trainings {
            for k in 0..<folds {
                let model = SentimentModel.train(examples.indices.filter { fold[$0] != k }.map { examples[$0] }, settings: training)
                for index in examples.indices where fold[index] == k {
                    for setting in settings {
                        var chosen = model
                        chosen.fallbackBelow = setting.fallbackBelow
                        evaluations[setting, default: TextEvaluation()].add(
                            language: .fi, expected: examples[index].label, predicted: chosen.label(examples[index].input, rules: examples[index].rules),
                            expectedTopics: nil, predictedTopics: [])
                    }
                }
            }
        }
        return grid.map { Result(settings: $0, score: evaluations[$0]?.scores(for: nil).macroF1 ?? 0) }.sorted { $0.score > $1.score }
    }

    /// Each topic setting's cross-validated micro-F1, best first.
    public static func crossValidate(_ examples: [(input: [String: Double], topics: Set<Topic>)], folds: Int = 5,
                                     grid: [TopicSettings] = topicGrid) -> [Result<TopicSettings>] {
        let fold = Self.folds(examples.count, folds)
        var evaluations: [TopicSettings: TextEvaluation] = [:]
        for (l2, settings) in Dictionary(grouping: grid, by: \.l2) {
            for k in 0..<folds {
                var model = TopicModel.train(examples.indices.filter { fold[$0] != k }.map { examples[$0] }, l2: l2, threshold: 0.5)
                for index in examples.indices where fold[index] == k {
                    for setting in settings {
                        model.threshold = setting.threshold
                        evaluations[setting, default: TextEvaluation()].add(
                            language: .fi, expected: .neutral, predicted: .neutral, expectedTopics: examples[index].topics,
                            predictedTopics: model.topics(examples[index].input))
                    }
                }
            }
        }
        return grid.map { Result(settings: $0, score: evaluations[$0]?.scores(for: nil).topicF1 ?? 0) }.sorted { $0.score > $1.score }
    }
}
