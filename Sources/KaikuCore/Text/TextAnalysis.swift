import Foundation

public enum Sentiment: String, CaseIterable, Sendable, Codable {
    case positive, negative, neutral, mixed
}

/// A score the same response gave, used as evidence for the sentiment of its text.
public enum Rating: Sendable, Equatable {
    /// 0–10 (NPS).
    case zeroToTen(Int)
    /// 1–5.
    case oneToFive(Int)

    /// −1 (worst) … 1 (best); an NPS passive (7–8) is about neutral.
    var evidence: Double {
        switch self {
        case .zeroToTen(let value): max(-1, min(1, (Double(value) - 7.5) / 2.5))
        case .oneToFive(let value): max(-1, min(1, (Double(value) - 3) / 2))
        }
    }
}

/// What the analyser read in one text.
public struct TextAnalysis: Sendable, Equatable {
    public var language: Language
    public var sentiment: Sentiment
    /// −1 … 1: how negative or positive on the whole (`mixed` texts land near 0).
    public var score: Double
    public var topics: [Topic]
    /// Each topic's own sentiment: the clause it was named in (drives "negative texts about waiting").
    public var topicSentiments: [Topic: Sentiment]
    public var personalData: [PersonalData.Finding]
    /// The weight of praise and of criticism found (before the label is chosen from them).
    public var positiveWeight: Double
    public var negativeWeight: Double
    /// The words as the correction model sees them (base forms, `not_` before a negated one).
    public var features: [String]
    /// The rules' label before the learned model (and handlers' corrections) had their say.
    public var ruleSentiment: Sentiment
    /// What the learned model read (`SentimentModel`), for training it.
    public var modelInput: [String: Double]
}
