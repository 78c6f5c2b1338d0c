import Foundation
import KaikuCore
import KaikuApp
import KaikuStorage

/// A text's sentiment and topics as the handler sees them, with the correction form.
struct TextAnalysisView {
    struct TopicChip {
        let name: String
        let sentiment: String
        let sentimentCode: String
    }

    let url: String
    let sentiment: String
    let sentimentCode: String
    let score: String
    let topics: [TopicChip]
    let hasTopics: Bool
    let corrected: String?
    let canCorrect: Bool
    let sentimentOptions: [LevelOption]
    let topicOptions: [LevelOption]

    init(_ analysis: TextRepository.Analysis, url: String, canCorrect: Bool, correctedBy: String?, services: AppServices, context: AppContext) {
        func sentimentName(_ sentiment: Sentiment) -> String { services.text("sentiment_" + sentiment.rawValue, context) }
        self.url = url
        sentiment = sentimentName(analysis.sentiment)
        sentimentCode = analysis.sentiment.rawValue
        score = ReportNumbers(language: context.language).decimal(analysis.score, 2)
        topics = Topic.allCases.compactMap { topic in
            analysis.topics[topic].map { TopicChip(name: services.text("topic_" + topic.rawValue, context), sentiment: sentimentName($0),
                                                   sentimentCode: $0.rawValue) }
        }
        hasTopics = !topics.isEmpty
        corrected = analysis.correctedAt.map { at in
            services.catalog.format("text_corrected_by", context.language, ["who": correctedBy ?? "", "when": CaseRoutes.formatTime(at)])
        }
        self.canCorrect = canCorrect
        sentimentOptions = Sentiment.allCases.map { LevelOption(value: $0.rawValue, label: sentimentName($0), selected: $0 == analysis.sentiment) }
        topicOptions = Topic.allCases.map { LevelOption(value: $0.rawValue, label: services.text("topic_" + $0.rawValue, context),
                                                        selected: analysis.topics[$0] != nil) }
    }
}
