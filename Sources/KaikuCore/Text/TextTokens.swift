import Foundation

/// A piece of a text: a word, a number, an emoticon or punctuation, with its place in Unicode
/// scalars (the offsets `kaiku text analyze` reports).
public struct TextToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case word, number, emoticon, punctuation }
    public let kind: Kind
    public let text: String
    public let start: Int
    public let end: Int
    /// Starts with a capital letter (names are told apart by it).
    public var isCapitalised: Bool { text.unicodeScalars.first.map(CharacterSet.uppercaseLetters.contains) ?? false }
}

/// Splits a text into tokens: letter runs (with inner hyphens and apostrophes: "hammaslääkäri-
/// aika", "don't"), digit runs, the emoticons it is given (longest first), and other visible marks.
public struct TextTokenizer: Sendable {
    let emoticons: [[Unicode.Scalar]]

    public init(emoticons: some Sequence<String>) {
        self.emoticons = emoticons.map { Array($0.unicodeScalars) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    public func tokens(_ text: String) -> [TextToken] {
        let view = text.unicodeScalars
        let scalars = Array(view)
        // Where each scalar starts, to cut tokens out of the text without rebuilding them.
        let starts = Array(view.indices) + [view.endIndex]
        var tokens: [TextToken] = []
        var i = 0
        // Most text is ASCII and Finnish/Swedish letters: those are told without Unicode's tables.
        func isLetter(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0xFF: true
            case 0..<0x80: false
            default: s.properties.isAlphabetic
            }
        }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        func token(_ kind: TextToken.Kind, _ from: Int, _ to: Int) {
            tokens.append(TextToken(kind: kind, text: String(view[starts[from]..<starts[to]]), start: from, end: to))
        }
        scanning: while i < scalars.count {
            let s = scalars[i]
            if isLetter(s) {
                let start = i
                i += 1
                while i < scalars.count {
                    if isLetter(scalars[i]) || isDigit(scalars[i]) {
                        i += 1
                    } else if ["-", "'", "’"].contains(scalars[i]), i + 1 < scalars.count, isLetter(scalars[i + 1]) {
                        i += 2
                    } else {
                        break
                    }
                }
                token(.word, start, i)
                continue
            }
            if isDigit(s) {
                let start = i
                while i < scalars.count, isDigit(scalars[i]) { i += 1 }
                token(.number, start, i)
                continue
            }
            if s.value == 0x20 || (s.value >= 0x80 && s.properties.isWhitespace) || (0x09...0x0D).contains(s.value) {
                i += 1
                continue
            }
            for emoticon in emoticons where i + emoticon.count <= scalars.count && Array(scalars[i..<i + emoticon.count]) == emoticon {
                token(.emoticon, i, i + emoticon.count)
                i += emoticon.count
                continue scanning
            }
            // Variation selectors and joiners belong to the emoji before them.
            if s.value == 0xFE0F || s.value == 0x200D {
                i += 1
                continue
            }
            token(s.properties.isEmojiPresentation ? .emoticon : .punctuation, i, i + 1)
            i += 1
        }
        return tokens
    }
}
