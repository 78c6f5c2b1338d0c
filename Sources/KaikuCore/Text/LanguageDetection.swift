import Foundation

extension TextAnalyser {
    /// Short words that say which language a text is in (a word in two lists counts for both:
    /// "en" is Finnish "not" and Swedish "a", "i" Swedish "in" and English "I").
    public static let functionWords: [Language: Set<String>] = [
        .fi: ["ja", "on", "ei", "oli", "se", "en", "et", "mutta", "kun", "niin", "että", "ole", "ollut", "olin", "olisi", "myös", "vaan",
              "nyt", "sitten", "jo", "vielä", "minä", "mä", "minun", "mun", "meni", "tosi", "ihan", "kiitos", "hyvä", "erittäin", "todella",
              "kaikki", "mitään", "koska", "vaikka", "siitä", "sen", "hän", "he", "me", "te", "sain", "saanut", "aikaa", "kanssa", "jälkeen",
              "oikein", "aina", "liian", "paljon", "vähän", "hoitaja", "lääkäri", "palvelu", "mut", "oo", "ku", "ollu", "tää", "toi"],
        .sv: ["och", "är", "inte", "jag", "det", "att", "en", "ett", "som", "på", "med", "var", "men", "för", "till", "av", "om", "har",
              "bra", "mycket", "tack", "kan", "ingen", "inget", "fick", "vi", "man", "den", "hade", "så", "blev", "väldigt", "mig", "min",
              "hon", "han", "de", "där", "här", "när", "efter", "också", "bara", "helt", "int", "sku", "nog", "trevlig", "läkaren", "tid", "i"],
        .en: ["the", "and", "is", "was", "not", "i", "to", "a", "of", "in", "it", "very", "but", "my", "for", "with", "had", "no", "they",
              "were", "good", "thank", "thanks", "you", "this", "that", "have", "be", "at", "me", "so", "really", "would", "nurse", "doctor",
              "great", "nice", "time", "get", "got", "could", "there", "about", "staff", "service", "wait", "appointment", "an", "are", "on",
              "nobody", "called", "back", "me", "we", "did", "didn't", "never", "again", "when", "what", "who", "please", "help"],
    ]

    /// Fi, sv or en by the text's function words, its letters (å is Swedish) and the words Voikko
    /// knows as Finnish; the page's language breaks ties and decides a text with no evidence.
    func detectLanguage(_ tokens: [TextToken], hint: Language?) -> Language {
        var scores: [Language: Double] = [.fi: 0, .sv: 0, .en: 0]
        for token in tokens where token.kind == .word {
            let word = token.text.lowercased()
            for language in [Language.fi, .sv, .en] where Self.functionWords[language]!.contains(word) { scores[language]! += 1 }
            if word.unicodeScalars.contains("å") { scores[.sv]! += 1 }
            if lexicons[.fi]?.spoken[word] != nil { scores[.fi]! += 0.5 }
            if word.count > 3 && !morphology.readings(of: word, in: .fi).isEmpty { scores[.fi]! += 0.4 }
            if word.unicodeScalars.contains(where: { $0 == "ä" || $0 == "ö" }) { scores[.en]! -= 1 }
        }
        if let hint { scores[hint]! += 0.3 }
        let best = scores.values.max()!
        if let hint, scores[hint] == best { return hint }
        return [Language.fi, .sv, .en].first { scores[$0] == best }!
    }
}
