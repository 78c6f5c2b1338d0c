import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore

extension TextCommand {
    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the learned sentiment and topic models (one of each per language) on labelled files.",
            discussion: """
                Writes model-{lang}.tsv and topics-model-{lang}.tsv. The rules read each text first (without any
                model); their reading and verdict are the models' input. Settings are chosen by cross-validation on
                the training texts; the figures are printed. Never train on the test split.
                """)
        @Argument(help: "The labelled training files (TSV, as for `text eval`).") var files: [String]
        @Option(help: "Where to write the model files.") var out = "Sources/KaikuApp/Resources/text"
        @Option(help: "Folds of the cross-validation.") var folds = 5

        func validate() throws {
            guard folds >= 2 else { throw ValidationError("--folds is at least 2") }
        }

        func run() async throws {
            let analyser = try TextTools.analyser(withModels: false)
            let lines = try TextFiles.lines(files).map(\.1)
            let sources = files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
            func figure(_ value: Double) -> String { String(format: "%.3f", value) }
            for language in Language.shipped {
                let read = lines.filter { $0.language == language }.map { ($0, analyser.analyse($0.text, language: language)) }
                guard !read.isEmpty else { continue }
                let examples = read.map { line, analysis in
                    SentimentModel.Example(input: analysis.modelInput, label: line.label, rules: analysis.ruleSentiment)
                }
                var rules = TextEvaluation()
                for example in examples {
                    rules.add(language: language, expected: example.label, predicted: example.rules, expectedTopics: nil, predictedTopics: [])
                }
                let results = TextModelTraining.crossValidate(examples, folds: folds)
                print("\(language.rawValue): \(examples.count) texts; the rules alone: macro-F1 \(figure(rules.scores(for: language).macroF1))")
                for result in results.prefix(3) { print("  \(result.settings)\tcross-validated macro-F1 \(figure(result.score))") }
                let model = SentimentModel.train(examples, settings: results[0].settings)
                let counts = Dictionary(grouping: examples, by: \.label).mapValues(\.count)
                try write(model.file(comment: """
                    Kaiku learned sentiment model, \(language.rawValue): written by `kaiku text train`, do not edit. See docs/TEXT.md.
                    Trained on \(examples.count) texts (\(SentimentModel.labels.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))) of \(sources).
                    Settings \(results[0].settings), \(folds)-fold cross-validated macro-F1 \(figure(results[0].score)).
                    w: base form, n: negated base form, b: word pair, p: compound part, e: emoticon, r: and x: the rules' reading.
                    """), "model-\(language.rawValue).tsv", features: model.weights.count)

                let labelled = read.filter { $0.0.topics != nil }
                guard !labelled.isEmpty else {
                    print("  topics: no text labels them; topics-model-\(language.rawValue).tsv is left as it was")
                    continue
                }
                let topicExamples = labelled.map { line, analysis in
                    (input: TopicModel.input(analysis.modelInput, rules: analysis.topics), topics: line.topics!)
                }
                var ruleTopics = TextEvaluation()
                for (line, analysis) in labelled {
                    ruleTopics.add(language: language, expected: line.label, predicted: line.label, expectedTopics: line.topics,
                                   predictedTopics: Set(analysis.topics))
                }
                let topicResults = TextModelTraining.crossValidate(topicExamples, folds: folds)
                print("  topics: \(topicExamples.count) texts; the rules alone: micro-F1 \(figure(ruleTopics.scores(for: language).topicF1 ?? 0))")
                for result in topicResults.prefix(3) { print("  \(result.settings)\tcross-validated micro-F1 \(figure(result.score))") }
                let best = topicResults[0].settings
                let topicModel = TopicModel.train(topicExamples, l2: best.l2, threshold: best.threshold)
                try write(topicModel.file(comment: """
                    Kaiku learned topic model, \(language.rawValue): written by `kaiku text train`, do not edit. See docs/TEXT.md.
                    Trained on \(topicExamples.count) texts of \(sources). Settings \(best), \(folds)-fold cross-validated micro-F1 \(figure(topicResults[0].score)).
                    Features as in model-\(language.rawValue).tsv; t: a topic the rules named.
                    """), "topics-model-\(language.rawValue).tsv", features: topicModel.linear.weights.count)
            }
        }

        func write(_ contents: String, _ name: String, features: Int) throws {
            let path = URL(fileURLWithPath: out).appendingPathComponent(name)
            try contents.write(to: path, atomically: true, encoding: .utf8)
            print("  wrote \(path.path): \(features) features")
        }
    }
}
