import Foundation
import KaikuCore
import KaikuLanguage

/// The text analyser with the shipped data files (Resources/text) over Voikko and Snowball, made
/// once per process; also installs the name detector for `PersonalData` (masking names wherever a
/// text leaves its case).
public enum TextTools {
    /// The shipped analyser, with a county's own topic rules added and its handlers' corrections.
    public static func analyser(extraRules: [TopicRule] = [], corrections: CorrectionModel = CorrectionModel(),
                                withModels: Bool = true) throws -> TextAnalyser {
        let shipped = try shared.get()
        var analyser = shipped.analyser
        if !withModels {
            analyser.models = [:]
            analyser.topicModels = [:]
        }
        if !extraRules.isEmpty { analyser.countyTopics = TopicIndex(extraRules, morphology: shipped.tools) }
        analyser.corrections = corrections
        return analyser
    }

    struct Shipped: Sendable {
        let analyser: TextAnalyser
        let tools: LanguageTools
        /// Of every data file: texts are analysed again when a lexicon changes.
        let digest: String
    }

    /// A digest of the shipped data files and the analyser's version.
    public static func version() throws -> String { "\(TextAnalyser.version).\(try shared.get().digest)" }

    /// KAIKU_TEXT_DATA names a directory of data files to use instead of the shipped ones (a
    /// county trying out its own lexicon, a developer tuning on the development split).
    static let shared: Result<Shipped, any Error> = Result {
        if let directory = ProcessInfo.processInfo.environment["KAIKU_TEXT_DATA"], !directory.isEmpty {
            return try load(from: URL(fileURLWithPath: directory))
        }
        return try load()
    }

    /// The analyser over the data files in `directory` (default: the shipped ones).
    static func load(from directory: URL = Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent("text"))
        throws -> Shipped {
        var contents = ""
        func file(_ name: String) throws -> String {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            contents += name + "\n" + text
            return text
        }
        let names = Set(try file("names.txt").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
        let tools = try LanguageTools(givenNames: names)
        PersonalData.use(names: tools)
        let lexicons = try Language.shipped.map { language in
            try TextLexicon(language: language, sentiment: file("sentiment-\(language.rawValue).tsv"),
                            modifiers: file("modifiers-\(language.rawValue).tsv"), spoken: file("spoken-\(language.rawValue).tsv"),
                            morphology: tools)
        }
        let rules = try TopicRule.parse(file("topics.tsv"))
        // A language without a trained model (a county's own data directory may have none) is read by the rules alone.
        var models: [Language: SentimentModel] = [:], topicModels: [Language: TopicModel] = [:]
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) }
        for language in Language.shipped {
            let sentiment = "model-\(language.rawValue).tsv", topics = "topics-model-\(language.rawValue).tsv"
            if exists(sentiment) { models[language] = try SentimentModel(file: file(sentiment), name: sentiment) }
            if exists(topics) { topicModels[language] = try TopicModel(file: file(topics), name: topics) }
        }
        let analyser = TextAnalyser(lexicons: lexicons, emoticons: try Emoticons(file("emoticons.tsv")),
                                    topics: TopicIndex(rules, morphology: tools), morphology: tools, models: models, topicModels: topicModels)
        return Shipped(analyser: analyser, tools: tools, digest: String(FNV.hash(contents), radix: 36))
    }

    /// Installs the name detector (for masking) without failing the process when the libraries are missing.
    public static func installNames() {
        _ = try? shared.get()
    }
}
