import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore

struct TextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text", abstract: "The text analyser: sentiment, topics and personal data in Finnish, Swedish and English.",
        subcommands: [Analyze.self, Eval.self])

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
                guard let chosen = Language(rawValue: lang) else { throw ValidationError("--lang is fi, sv, en or auto") }
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
            abstract: "Score the analyser on a labelled file: accuracy and macro-F1 of sentiment per language and overall.",
            discussion: "Lines: lang<TAB>label<TAB>text, optionally <TAB>topics (comma-separated codes); # starts a comment.")
        @Argument(help: "The labelled file (TSV).") var file: String
        @Option(help: "Exit with status 1 when a language's macro-F1 is below this.") var failBelow: Double?
        @Flag(help: "Print each text the analyser labelled differently.") var showErrors = false
        @Flag(help: .hidden) var weights = false

        func run() async throws {
            let analyser = try TextTools.analyser()
            var evaluation = TextEvaluation()
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let line = try TextEvaluation.parse(raw, number: index + 1) else { continue }
                let analysis = analyser.analyse(line.text, language: line.language)
                evaluation.add(language: line.language, expected: line.label, predicted: analysis.sentiment,
                               expectedTopics: line.topics, predictedTopics: Set(analysis.topics))
                if weights { print("W\t\(line.language.rawValue)\t\(line.label.rawValue)\t\(analysis.positiveWeight)\t\(analysis.negativeWeight)") }
                if showErrors && (analysis.sentiment != line.label || (line.topics.map { $0 != Set(analysis.topics) } ?? false)) {
                    let topics = analysis.topics.map(\.rawValue).joined(separator: ",")
                    let expected = line.topics.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? ""
                    print("\(index + 1)\t\(line.label.rawValue)→\(analysis.sentiment.rawValue) (\(analysis.score))\t[\(expected)]→[\(topics)]\t\(line.text)")
                }
            }
            print("language\ttexts\taccuracy\tmacro-F1\ttopics micro-F1")
            var below = false
            for language in [Language.fi, .sv, .en] as [Language?] + [nil] {
                let scores = evaluation.scores(for: language)
                guard scores.count > 0 else { continue }
                if language != nil, let failBelow, scores.macroF1 < failBelow { below = true }
                print("\(language?.rawValue ?? "all")\t\(scores.count)\t\(String(format: "%.3f", scores.accuracy))\t\(String(format: "%.3f", scores.macroF1))\t"
                      + (scores.topicF1.map { String(format: "%.3f", $0) } ?? "-"))
            }
            if below { throw ExitCode(1) }
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
