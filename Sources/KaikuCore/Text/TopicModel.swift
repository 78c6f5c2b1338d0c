import Foundation

/// A learned topic classifier beside the topic rules: a logistic regression per topic over what the
/// rules read (as for `SentimentModel`) and the topics the rules named (`t:` features), so it keeps
/// what the rules find and learns the wordings they miss ("kukaan ei vastannut" is about the phone
/// when the text is). A topic is named when its probability reaches `threshold`. Shipped as
/// `topics-model-{lang}.tsv`; a county's own topic rules still add their topics after it.
public struct TopicModel: Sendable, Equatable {
    public static let topics = Topic.allCases

    public private(set) var linear: LinearModel

    public init(_ linear: LinearModel) { self.linear = linear }

    public var threshold: Double {
        get { linear.settings["threshold"] ?? 0.5 }
        set { linear.settings["threshold"] = newValue }
    }

    /// The model's input: the rules' reading and the topics they named.
    public static func input(_ reading: [String: Double], rules: some Sequence<Topic>) -> [String: Double] {
        var input = reading
        for topic in rules { input["t:" + topic.rawValue] = 1 }
        return input
    }

    public func topics(_ input: [String: Double]) -> Set<Topic> {
        let probabilities = linear.probabilities(input)
        return Set(Self.topics.indices.filter { probabilities[$0] >= threshold }.map { Self.topics[$0] })
    }

    public static func train(_ examples: [(input: [String: Double], topics: Set<Topic>)], l2: Double, threshold: Double, epochs: Int = 30) -> TopicModel {
        var model = TopicModel(LinearModel.train(
            inputs: examples.map(\.input), targets: examples.map { example in topics.map { example.topics.contains($0) ? 1 : 0 } },
            outputs: topics.count, link: .sigmoid, l2: l2, epochs: epochs))
        model.threshold = threshold
        return model
    }

    public func file(comment: String) -> String { linear.file(comment: comment, columns: Self.topics.map(\.rawValue)) }

    public init(file text: String, name: String) throws {
        linear = try LinearModel(file: text, name: name, columns: Self.topics.map(\.rawValue), link: .sigmoid, settings: ["threshold": 0.05...0.95])
    }
}
