import Foundation

/// Finds personal data in free text: Finnish personal identity codes (henkilötunnus,
/// checksum-checked, every century sign including those added in 2023), phone numbers, email
/// addresses, and — with a `NameDetector` installed at start-up — person names and street
/// addresses. Masks them wherever a text leaves its case: the one implementation for the wall,
/// exports, reports and mails.
public enum PersonalData {
    public enum Kind: String, Sendable, CaseIterable {
        case personalIdentityCode = "hetu"
        case phone
        case email
        case iban
        case name
        case address

        /// The kinds that identify a person by themselves: a form refuses them (a name may be a
        /// thank-you to a nurse, so names and addresses are masked on the way out instead).
        public static let identifiers: Set<Kind> = [.personalIdentityCode, .phone, .email]
    }

    public struct Finding: Sendable, Equatable {
        public let kind: Kind
        public let text: String
        public let range: Range<String.Index>
    }

    /// The process's name detector (Voikko and the shipped given names), installed once at start-up.
    public static func use(names detector: any NameDetector) {
        lock.withLock { installedNames = detector }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var installedNames: (any NameDetector)?
    static var names: (any NameDetector)? { lock.withLock { installedNames } }

    /// Findings of the given kinds (all by default), in text order, one per place: an identifier
    /// before an address before a name.
    public static func find(in text: String, kinds: Set<Kind> = Set(Kind.allCases)) -> [Finding] {
        // Identifiers settle their places among themselves whatever was asked for: a personal
        // identity code's digits are not a phone number.
        let identifiers = identifiers(in: text).reduce([], adding).filter { kinds.contains($0.kind) }
        return addressesAndNames(in: text, kinds: kinds).reduce(identifiers, adding)
    }

    /// Addresses, then names, as asked for, each kind's matches in text order; they may overlap
    /// each other and identifiers.
    static func addressesAndNames(in text: String, kinds: Set<Kind>) -> [[Finding]] {
        var found: [[Finding]] = []
        if kinds.contains(.address) {
            found.append(hasDigit(text) ? matches(of: addressPattern, in: text).map { Finding(kind: .address, text: String(text[$0]), range: $0) } : [])
        }
        if kinds.contains(.name), let names {
            found.append(nameRanges(in: text, names).map { Finding(kind: .name, text: String(text[$0]), range: $0) })
        }
        return found
    }

    /// `findings` and those of the `candidates` that overlap none of them, in text order. Both come
    /// in text order, so one sweep finds the overlaps: a check against every finding made a text
    /// of a thousand phone numbers take a million comparisons.
    static func adding(_ findings: [Finding], _ candidates: [Finding]) -> [Finding] {
        var added: [Finding] = []
        var next = findings.startIndex
        for candidate in candidates {
            while next < findings.endIndex && findings[next].range.upperBound <= candidate.range.lowerBound { next += 1 }
            if next < findings.endIndex && findings[next].range.lowerBound < candidate.range.upperBound { continue }
            added.append(candidate)
        }
        return (findings + added).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Capitalised words the detector calls names, a following capitalised word (a surname) joined
    /// to them; the word after a title ("hoitaja", "Dr", "sjuksköterskan") in either case when the
    /// detector takes it for a name there; and Finnish surnames written in lower case.
    static func nameRanges(in text: String, _ names: any NameDetector) -> [Range<String.Index>] {
        let tokens = TextTokenizer(emoticons: []).tokens(text)
        let scalars = text.unicodeScalars
        // Offsets come in text order: walking on from the last one keeps this one pass.
        var last = (offset: 0, index: scalars.startIndex)
        func index(_ offset: Int) -> String.Index {
            last = (offset, scalars.index(last.index, offsetBy: offset - last.offset))
            return last.index
        }
        var ranges: [Range<String.Index>] = []
        var previous: TextToken?
        var lastWord: TextToken?
        var current: (start: Int, end: Int)?
        var runFollowsTitle = false
        for token in tokens {
            defer {
                previous = token
                if token.kind == .word { lastWord = token } else if token.text != "." { lastWord = nil }
            }
            let sentenceInitial = previous.map { $0.kind == .punctuation && [".", "!", "?", ":"].contains($0.text) } ?? true
            if token.kind == .word {
                // After a title ("Dr." too), or after a name that followed one: "fysioterapeutti sari koivisto".
                let continuesTitledRun = current != nil && runFollowsTitle && previous?.kind == .word
                let afterTitle = continuesTitledRun || (lastWord.map { word in
                    isTitle(word.text) && (word.end == token.start - 1 || (previous?.text == "." && abbreviatedTitles.contains(word.text.lowercased())))
                } ?? false)
                if token.isCapitalised, let open = current, previous?.end == token.start - 1 || previous?.end == token.start, previous?.kind == .word {
                    current = (open.start, token.end)
                    continue
                }
                if (token.isCapitalised && names.isName(token.text, sentenceInitial: sentenceInitial))
                    || (afterTitle && names.isNameAfterTitle(token.text))
                    || (!token.isCapitalised && looksLikeASurname(token.text) && names.isLowerCaseSurname(token.text)) {
                    if continuesTitledRun, let open = current {
                        current = (open.start, token.end)
                        continue
                    }
                    if let open = current { ranges.append(index(open.start)..<index(open.end)) }
                    current = (token.start, token.end)
                    runFollowsTitle = afterTitle
                    continue
                }
            }
            if let open = current { ranges.append(index(open.start)..<index(open.end)) }
            current = nil
        }
        if let open = current { ranges.append(index(open.start)..<index(open.end)) }
        return ranges
    }

    /// Professions and forms of address a name follows, as parts of words (Finnish titles are
    /// inflected and compounded: "sairaanhoitajalle", "hammaslääkärin") or whole English words.
    static let titleParts = ["hoitaja", "lääkär", "tohtori", "kätilö", "terapeut", "psykolog", "työntekijä", "ohjaaja", "hygienist", "virkailija",
                             "farmaseut", "terkkari", "sköterska", "skötare", "läkare", "doktor", "barnmorska", "kurator", "vårdare",
                             "socialarbet", "handledare", "assistent", "avustaja"]
    static let titleWords: Set<String> = ["dr", "tri", "prof", "doctor", "nurse", "midwife", "therapist", "physiotherapist", "dentist", "physician", "surgeon",
                                          "mr", "mrs", "ms", "miss", "sister", "herr", "fru"]

    /// Titles written with a full stop, which then ends no sentence ("Dr. O'Brien").
    static let abbreviatedTitles: Set<String> = ["dr", "mr", "mrs", "ms", "tri", "prof"]

    static func isTitle(_ word: String) -> Bool {
        let lower = word.lowercased()
        guard !titleWords.contains(lower) else { return true }
        let bytes = Array(lower.utf8)
        // Bytes, not Foundation's String.contains, which is slow enough on Linux to show per word.
        return bytes.count < 32 && titlePartBytes.contains { part in contains(bytes, part) }
    }

    /// Whether `needle` occurs in `haystack`: a plain loop, since Foundation's generic
    /// `firstRange(of:)` took a quarter of the analyser's time (docs/BENCHMARKS.md).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var start = 0
                while start <= hay.count - pin.count {
                    if hay[start] == first {
                        var index = 1
                        while index < pin.count && hay[start + index] == pin[index] { index += 1 }
                        if index == pin.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }

    static let titlePartBytes = titleParts.map { Array($0.utf8) }

    /// The endings of Finnish "-nen" surnames in their cases: only such words are looked up, so
    /// that masking does not ask the dictionary about every lower-case word. (Plain suffix tests: a
    /// Swift Regex here, run for every word, made text analysis ten times slower.)
    static func looksLikeASurname(_ word: String) -> Bool {
        word.count > 4 && surnameEndings.contains { word.hasSuffix($0) }
    }

    static let surnameEndings = ["nen", "sen", "sta", "stä", "sella", "sellä", "selta", "seltä", "selle", "sessa", "sessä", "sesta", "sestä",
                                 "seksi", "sena", "senä", "seen", "sine", "sia", "siä", "sien"]

    /// Personal identity codes, email addresses and phone numbers, in that order of precedence.
    /// A number of more than 15 digits is not taken for a phone number, but masking hides it all
    /// the same: it may be a phone number run into other digits ("040-123 4567-131052"), which
    /// the pattern reads as one longer number, and which would show once its neighbour was masked.
    static func identifiers(in text: String, forMasking: Bool = false) -> [[Finding]] {
        // Most texts hold no digit and no "@": the patterns that need one are not run on them.
        let digits = hasDigit(text)
        func matches(of pattern: NSRegularExpression, in text: String, if needed: Bool) -> [Range<String.Index>] {
            needed ? PersonalData.matches(of: pattern, in: text) : []
        }
        let hetus = matches(of: hetuPattern, in: text, if: digits).filter { isValidHetu(String(text[$0])) }
            .map { Finding(kind: .personalIdentityCode, text: String(text[$0]), range: $0) }
        // The last group may be a short word that follows the number ("SE52 6000 … 6909 i"): without it then.
        let ibans = matches(of: ibanPattern, in: text, if: digits).compactMap { range -> Range<String.Index>? in
            if isValidIBAN(String(text[range])) { return range }
            guard let cut = text[range].lastIndex(where: { $0 == " " || $0 == "-" }) else { return nil }
            return isValidIBAN(String(text[range.lowerBound..<cut])) ? range.lowerBound..<cut : nil
        }.map { Finding(kind: .iban, text: String(text[$0]), range: $0) }
        func emails(_ pattern: NSRegularExpression, if needed: Bool) -> [Finding] {
            matches(of: pattern, in: text, if: needed).map { Finding(kind: .email, text: String(text[$0]), range: $0) }
        }
        let at = text.utf8.contains(UInt8(ascii: "@"))
        let emails = adding(emails(emailPattern, if: at), emails(spelledEmailPattern, if: at || maySpellAnEmail(text)))
        let phones = matches(of: phonePattern, in: text, if: digits)
            .filter { (7...(forMasking ? .max : 15)).contains(text[$0].count(where: \.isNumber)) && !looksLikeADate(text[$0]) }
            .map { Finding(kind: .phone, text: String(text[$0]), range: $0) }
        return [hetus, ibans, emails, phones]
    }

    static func hasDigit(_ text: String) -> Bool { text.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }

    /// Whether a text has one of the words an address is spelled out with ("(at)", " at ", "ät" …).
    static func maySpellAnEmail(_ text: String) -> Bool {
        let lower = Array(text.lowercased().utf8)
        return spelledAtBytes.contains { contains(lower, $0) }
    }

    static let spelledAtBytes = ["(a", "[a", "{a", " at ", " ät ", "miukumauku", "at-merkki", "snabel"].map { Array($0.utf8) }

    /// "01.03.2025" and "12/03/2026" have a phone number's digits.
    static func looksLikeADate(_ text: Substring) -> Bool {
        text.wholeMatch(of: /\(?0?[0-9]{1,2}[.\/][0-9]{1,2}[.\/]([0-9]{2}|[0-9]{4})/) != nil
    }

    /// The kinds found, in a stable order, for messages.
    public static func kinds(in text: String, among kinds: Set<Kind> = Set(Kind.allCases)) -> [Kind] {
        let found = Set(find(in: text, kinds: kinds).map(\.kind))
        return Kind.allCases.filter(found.contains)
    }

    /// Replaces each place where anything was found with a placeholder, for texts shown in public.
    /// Every match counts, also one that overlaps a finding of a kind that came first (a phone
    /// number that runs into an email address), so that no part of either is left showing.
    /// A pattern's boundaries can hide a finding behind its neighbour ("131052-308T0401234567": the
    /// code is followed by a digit until the number is masked), so masking goes again while it
    /// finds more, a few times at most, to stay linear on a hostile text.
    public static func mask(_ text: String) -> String {
        var masked = text
        for _ in 0..<4 {
            let again = maskOnce(masked)
            if again == masked { break }
            masked = again
        }
        return masked
    }

    static func maskOnce(_ text: String) -> String {
        let found = identifiers(in: text, forMasking: true) + addressesAndNames(in: text, kinds: Set(Kind.allCases))
        let ranges = found.joined().map(\.range).sorted { $0.lowerBound < $1.lowerBound }
        guard !ranges.isEmpty else { return text }
        var result = ""
        var shown = text.startIndex
        for range in ranges where range.upperBound > shown {
            if range.lowerBound >= shown {
                result += text[shown..<range.lowerBound]
                result += "[…]"
            }
            shown = range.upperBound
        }
        return result + text[shown...]
    }

    /// A street name (Finnish or Swedish street words, also inflected and in lower case:
    /// "Hämeenkadulla", "kauppakadulle") and a house number, with its staircase, flat, case ending
    /// ("7:ään") and postal code and town when they follow; or an English house number and street.
    /// The street word is bounded (no street name is 40 letters before its ending): unbounded, a
    /// run like "A-A-A-…" was scanned to its end from every capital. The lookahead first asks for a
    /// word followed by a number, so that the street words are tried at few places (tried at every
    /// word, they made text analysis ten times slower).
    static let addressPattern = try! NSRegularExpression(pattern:
        #"\b(?=[\p{L}\-]{3,47} [0-9])(\p{L}[\p{L}\-]{0,40})?(?i:katu|kadu|tie|polku|polu|kuja|väylä|raitti|rinne|kaari|kaarre|esplanadi|esplanad|bulevardi|gatan|vägen|stigen|gränd|backen|allén|street|road|avenue)[\p{L}]{0,6} [0-9]{1,4}"#
        + #"( ?[A-Za-z]( ?[0-9]{1,3})?)?(:[\p{L}]{1,4})?\b( (as\.?|lgh\.?|bst\.?) ?[0-9]{1,3}\b)?(,? [0-9]{5} \p{Lu}[\p{L}\-]+)?"#
        + #"|\b[0-9]{1,4}[A-Za-z]? ((?!(the|on|a|an|of|to|in|for|and|by|at|my|our|your|this|that|down|up|more|days|weeks|hours|times|miles|km)\b)[\p{L}']+ ){1,3}([Ss]treet|[Rr]oad|[Aa]venue|[Ll]ane|[Dd]rive|[Cc]lose|Way|[Cc]ourt|Place|[Cc]rescent|[Gg]ardens|[Tt]errace|[Gg]rove|Square|Row|St|Rd|Ave)\b"#)

    // DDMMYY, century sign, 3-digit individual number, check character; as people write it too:
    // the date in groups, a space, dash of any kind or nothing for the sign, a lower-case letter.
    static let hetuPattern = try! NSRegularExpression(
        pattern: #"(?<![0-9A-Za-z])[0-9]{2} ?[0-9]{2} ?[0-9]{2}(?: ?[-+ABCDEFUVWXYabcdefuvwxy\u2010-\u2015./] ?| )?[0-9]{3} ?[0-9A-Ya-y](?![0-9A-Za-z])"#)
    // An IBAN: country, check digits, then groups of up to four (spaces or hyphens between), mod-97 checked.
    static let ibanPattern = try! NSRegularExpression(
        pattern: #"(?<![0-9A-Za-z])[A-Za-z]{2}[0-9]{2}(?:[0-9A-Za-z]{11,30}|(?:[ \-][0-9A-Za-z]{4}){2,7}(?:[ \-][0-9A-Za-z]{1,3})?)(?![0-9A-Za-z])"#)
    // An address spelled out against harvesting: "matti(at)gmail.com", "anna [at] example dot fi",
    // "pekka.virtanen at elisanet piste fi". The domain must end in a real top-level domain.
    static let spelledEmailPattern = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}+\s*(?:@|[(\[{]\s*(?:at|ät|a)\s*[)\]}]|\s(?:at|AT|ät|miukumauku|at-merkki|snabel-a)\s)\s*[A-Za-z0-9\-]{1,63}+(?:\s*(?:\.|[(\[{]\s*(?:dot|piste|punkt|pkt)\s*[)\]}]|\s(?:dot|DOT|piste|punkt|pkt)\s)\s*[A-Za-z0-9\-]{1,63}+){0,3}\s*(?:\.|[(\[{]\s*(?:dot|piste|punkt|pkt)\s*[)\]}]|\s(?:dot|DOT|piste|punkt|pkt)\s)\s*(?:fi|com|net|org|se|eu|info|io|uk|de|nu|ax|dk|no|ee|me|biz)\b"#,
        options: [.caseInsensitive])
    // Starts only where a run of local-part characters starts, and never gives any back: otherwise
    // a long run without an "@" is scanned again from each of its characters.
    static let emailPattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#)
    // +358 40 123 4567, 040-123 4567, (09) 1234 567, 0401234567. Only a number starting with 0
    // must not follow a digit (it would be the middle of a longer number): one starting with +
    // may follow another number directly, and is otherwise seen only once that one is masked.
    // Also with dots, slashes or a "(0)": 040.123.4567, 040/123 4567, +358 (0)40 123 4567, 00358 50 1234567;
    // not a business id (Y-tunnus 0201256-6), whose check digit follows a hyphen.
    static let phonePattern = try! NSRegularExpression(
        pattern: #"(\+[0-9]{1,3}[ \-.]?(\(0\)[ ]?)?|(?<![0-9])\(?0)[0-9]{1,4}\)?( ?[\-.\/]? ?[0-9]{2,4}){2,4}(?![0-9])(?!-[0-9](?![0-9]))"#)

    static let checkCharacters = Array("0123456789ABCDEFHJKLMNPRSTUVWXY")

    /// Checks the date, the individual number and the check character of a personal identity code,
    /// as written properly or loosely (spaces, another dash or none for the century sign, lower case).
    public static func isValidHetu(_ code: String) -> Bool {
        let compact = Array(code.uppercased().filter { !$0.isWhitespace })
        let chars: [Character]
        switch compact.count {
        case 11: chars = compact
        case 10 where compact[0..<9].allSatisfy(\.isNumber): chars = Array(compact[0..<6]) + ["?"] + Array(compact[6...])
        default: return false
        }
        guard let day = Int(String(chars[0...1])), let month = Int(String(chars[2...3])),
              let yy = Int(String(chars[4...5])), let individual = Int(String(chars[7...9])) else { return false }
        let centuries: [Int]
        switch chars[6] {
        case "+": centuries = [1800]
        case "-", "Y", "X", "W", "V", "U": centuries = [1900]
        case "A", "B", "C", "D", "E", "F": centuries = [2000]
        // A dash of another kind, a full stop, a slash or nothing: the century is not written.
        case "?", ".", "/", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}": centuries = [1900, 2000]
        default: return false
        }
        guard (1...12).contains(month), centuries.contains(where: { (1...CalendarDay.daysIn(month: month, year: $0 + yy)).contains(day) }),
              individual >= 2 else { return false }
        guard let number = Int(String(chars[0...5]) + String(chars[7...9])) else { return false }
        return checkCharacters[number % 31] == chars[10]
    }

    /// An IBAN's ISO 7064 mod-97 check, with its country's length where known (FI 18, SE 24 …).
    public static func isValidIBAN(_ text: String) -> Bool {
        let compact = Array(text.uppercased().filter { $0.isLetter || $0.isNumber })
        let lengths: [String: Int] = ["FI": 18, "SE": 24, "DE": 22, "NO": 15, "DK": 18, "EE": 20, "GB": 22, "FR": 27, "ES": 24, "NL": 18, "AX": 18]
        guard compact.count >= 15, compact.count <= 34, compact[0].isLetter, compact[1].isLetter, compact[2].isNumber, compact[3].isNumber else { return false }
        if let length = lengths[String(compact[0...1])], length != compact.count { return false }
        var remainder = 0
        for character in compact[4...] + compact[0..<4] {
            let value = character.isNumber ? Int(String(character))! : Int(character.asciiValue ?? 0) - 55
            guard (0...35).contains(value) else { return false }
            remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97
        }
        return remainder == 1
    }

    static func matches(of pattern: NSRegularExpression, in text: String) -> [Range<String.Index>] {
        pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text) }
    }
}
