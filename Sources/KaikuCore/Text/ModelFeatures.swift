import Foundation

/// The part of the learned models' input that is the rules' verdict on a whole text (the words'
/// own features are gathered as `TextAnalyser.analyse` reads them): the praise and criticism
/// weights, the rules' label, the text's length, what it opens and ends on, and the label beside
/// each marker that often turns it.
enum ModelFeatures {
    static func addVerdict(to input: inout [String: Double], positive: Double, negative: Double, rules: Sentiment, words: Int,
                           clauseScores: [Double]) {
        input["r:positive"] = log1p(positive)
        input["r:negative"] = log1p(negative)
        input["r:balance"] = tanh((positive - negative) / 3)
        input["r:rule=" + rules.rawValue] = 1
        input[words <= 3 ? "r:short" : words > 25 ? "r:long" : "r:medium"] = 1
        // Where praise and criticism stand: what a text ends on tells a concession from a mixed text.
        let weighing = clauseScores.filter { $0 != 0 }
        if let first = weighing.first, let last = weighing.last {
            input[first > 0 ? "r:opens+" : "r:opens-"] = 1
            input[last > 0 ? "r:ends+" : "r:ends-"] = 1
        }
        // The rules' label with what often turns it (a number in an ironic "great, 3 hours", a question).
        for marker in ["r:number", "r:exclaim", "r:question", "r:unmet", "r:short"] where input[marker] != nil {
            input["x:" + rules.rawValue + "&" + marker.dropFirst(2)] = 1
        }
    }
}
