import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore

struct TextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text", abstract: "The text analyser: sentiment, topics and personal data in Finnish, Swedish and English.",
        subcommands: [Analyze.self, Eval.self, Train.self])

    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse one text per line of standard input; one JSON object per line on standard output.",
            discussion: """
                {"lang":"fi","sentiment":"positive|negative|neutral|mixed","score":0.8,"topics":["encounter"],"pii":[{"type":"hetu","start":10,"end":21}]}
                score runs from -1 (negative) to 1 (positive); pii offsets count Unicode scalars, end exclusive.
                """)
        @Option(help: "fi, sv, en, or auto (told by the text).") var lang: String = "auto"

        func run() async throws {
            let language: Language?
            if lang == "auto" { language = nil } else {
                guard let chosen = Language(shipped: lang) else { throw ValidationError("--lang is fi, sv, en or auto") }
                language = chosen
            }
            let analyser = try TextTools.analyser()
            var output = Data()
            while let line = readLine(strippingNewline: true) {
                output += AnalysisJSON(analyser.analyse(line, language: language), in: line).line.utf8
                output.append(10)
                if output.count > 1 << 16 {
                    FileHandle.standardOutput.write(output)
                    output.removeAll(keepingCapacity: true)
                }
            }
            FileHandle.standardOutput.write(output)
        }
    }

    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score the analyser on labelled files: sentiment per language and overall (accuracy, macro-F1, confusion matrix, errors by kind) and topics (precision, recall, F1).",
            discussion: "Lines: lang<TAB>label<TAB>text, optionally <TAB>topics (comma-separated codes, ? for unlabelled) and <TAB>kind; # starts a comment.")
        @Argument(help: "The labelled files (TSV).") var files: [String]
        @Flag(help: "The rules alone, without the learned models.") var rulesOnly = false
        @Option(help: "Exit with status 1 when a language's macro-F1 is below this.") var failBelow: Double?
        @Flag(help: "Print each text the analyser labelled differently.") var showErrors = false
        @Flag(help: .hidden) var weights = false

        func run() async throws {
            let analyser = try TextTools.analyser(withModels: !rulesOnly)
            var evaluation = TextEvaluation()
            for (index, line) in try TextFiles.lines(files) {
                let analysis = analyser.analyse(line.text, language: line.language)
                evaluation.add(language: line.language, expected: line.label, predicted: analysis.sentiment,
                               expectedTopics: line.topics, predictedTopics: Set(analysis.topics), kind: line.kind)
                if weights { print("W\t\(line.language.rawValue)\t\(line.label.rawValue)\t\(analysis.positiveWeight)\t\(analysis.negativeWeight)") }
                if showErrors && (analysis.sentiment != line.label || (line.topics.map { $0 != Set(analysis.topics) } ?? false)) {
                    let topics = analysis.topics.map(\.rawValue).joined(separator: ",")
                    let expected = line.topics.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? ""
                    print("\(index)\t\(line.label.rawValue)→\(analysis.sentiment.rawValue) (\(analysis.score))\t[\(expected)]→[\(topics)]\t\(line.text)")
                }
            }
            func figure(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
            let languages = [Language.fi, .sv, .en] as [Language?] + [nil]
            let scores = languages.map { evaluation.scores(for: $0) }
            print("language\ttexts\taccuracy\tmacro-F1\ttopic precision\ttopic recall\ttopic F1")
            var below = false
            for (language, scores) in zip(languages, scores) where scores.count > 0 {
                if language != nil, let failBelow, scores.macroF1 < failBelow { below = true }
                print([language?.rawValue ?? "all", "\(scores.count)", figure(scores.accuracy), figure(scores.macroF1),
                       figure(scores.topicPrecision), figure(scores.topicRecall), figure(scores.topicF1)].joined(separator: "\t"))
            }
            for (language, scores) in zip(languages, scores) where scores.count > 0 {
                print("\nconfusion, \(language?.rawValue ?? "all") (rows: labelled, columns: read as)")
                print((["labelled"] + Sentiment.allCases.map(\.rawValue)).joined(separator: "\t"))
                for (row, expected) in Sentiment.allCases.enumerated() {
                    print(([expected.rawValue] + scores.confusion[row].map(String.init)).joined(separator: "\t"))
                }
                if !scores.kinds.isEmpty {
                    print("kind\ttexts\tright\twrong")
                    for kind in scores.kinds { print("\(kind.kind)\t\(kind.count)\t\(kind.right)\t\(kind.count - kind.right)") }
                }
            }
            if below { throw ExitCode(1) }
        }
    }
}

/// The labelled lines of evaluation files, numbered by line within their file.
enum TextFiles {
    static func lines(_ files: [String]) throws -> [(Int, TextEvaluation.Line)] {
        try files.flatMap { file in
            try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .compactMap { index, raw in
                    do {
                        return try TextEvaluation.parse(raw, number: index + 1).map { (index + 1, $0) }
                    } catch let problem as TextLexicon.Problem {
                        throw ValidationError("\(file):\(problem.line): \(problem.message)")
                    }
                }
        }
    }
}

/// The JSON line of `kaiku text analyze`, its keys in the documented order.
struct AnalysisJSON {
    let line: String

    init(_ analysis: TextAnalysis, in text: String) {
        let scalars = text.unicodeScalars
        func offset(_ index: String.Index) -> Int { scalars.distance(from: scalars.startIndex, to: index) }
        let pii = analysis.personalData.map { finding in
            "{\"type\":\"\(finding.kind.rawValue)\",\"start\":\(offset(finding.range.lowerBound)),\"end\":\(offset(finding.range.upperBound))}"
        }
        let topics = analysis.topics.map { "\"\($0.rawValue)\"" }
        line = "{\"lang\":\"\(analysis.language.rawValue)\",\"sentiment\":\"\(analysis.sentiment.rawValue)\",\"score\":\(analysis.score),"
            + "\"topics\":[\(topics.joined(separator: ","))],\"pii\":[\(pii.joined(separator: ","))]}"
    }
}
