import Foundation

/// A text message a customer sent back to an invitation (issue 28): a score 0–10, a refusal of
/// further surveys, or words (the open question's answer, or something we cannot read).
public enum SMSReply: Equatable, Sendable {
    case score(Int)
    case refusal
    case text(String)

    /// Words that refuse further surveys, alone or with a thank-you ("EI", "ei kiitos", "NEJ TACK",
    /// "STOP"). A longer message that starts with "ei" is an answer ("Ei ollut hyvä palvelu").
    static let refusals: Set<String> = ["ei", "nej", "stop", "stopp", "lopeta", "no"]
    static let courtesies: Set<String> = ["kiitos", "tack", "thanks", "thank you", "kiitti"]

    public static func read(_ message: String) -> SMSReply {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        var folded = text.lowercased()
        while let last = folded.last, last == "." || last == "!" || last.isWhitespace { folded.removeLast() }
        if let score = Self.score(folded) { return .score(score) }
        let words = folded.split(whereSeparator: { !$0.isLetter }).map(String.init)
        if let first = words.first, refusals.contains(first),
           words.count == 1 || courtesies.contains(words.dropFirst().joined(separator: " ")) {
            return .refusal
        }
        return .text(text)
    }

    /// "8", "8.", " 10 ", "8/10", "8 / 10": a whole number 0–10 and nothing else.
    static func score(_ folded: String) -> Int? {
        var text = Substring(folded)
        if let slash = text.firstIndex(of: "/") {
            guard text[text.index(after: slash)...].trimmingCharacters(in: .whitespaces) == "10" else { return nil }
            text = text[..<slash]
        }
        let digits = text.trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.count <= 2, digits.allSatisfy(\.isASCII), let n = Int(digits), (0...10).contains(n) else { return nil }
        return n
    }
}

extension SMSTemplate {
    /// An invitation that may be answered by replying with a number. Two parts: the question, the
    /// scale's ends and how to refuse do not fit in one beside a link.
    public static let replyDefaults: [Language: String] = [
        .fi: "{unit}: kiitos käynnistä! Kuinka todennäköisesti suosittelisit palvelua läheisellesi? Vastaa tähän viestiin numerolla 0-10 "
            + "(0 = en lainkaan, 10 = erittäin todennäköisesti) tai linkistä {link} Jos et halua kyselyjä, vastaa EI.",
        .sv: "{unit}: tack för besöket! Hur sannolikt är det att du skulle rekommendera tjänsten till en närstående? Svara på detta "
            + "meddelande med en siffra 0-10 (0 = inte alls, 10 = mycket sannolikt) eller via länken {link} Om du inte vill ha enkäter, svara NEJ.",
        .en: "{unit}: thanks for visiting! How likely would you be to recommend the service to a family member or friend? Reply with a "
            + "number 0-10 (0 = not at all, 10 = extremely likely) or use the link {link} If you want no surveys, reply STOP.",
    ]
}
