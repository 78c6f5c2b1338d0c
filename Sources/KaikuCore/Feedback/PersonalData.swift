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
            found.append(matches(of: addressPattern, in: text).map { Finding(kind: .address, text: String(text[$0]), range: $0) })
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

    /// Capitalised words the detector calls names, a following capitalised word (a surname) joined to them.
    static func nameRanges(in text: String, _ names: any NameDetector) -> [Range<String.Index>] {
        guard text.unicodeScalars.contains(where: CharacterSet.uppercaseLetters.contains) else { return [] }
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
        var current: (start: Int, end: Int)?
        for token in tokens {
            defer { previous = token }
            let sentenceInitial = previous.map { $0.kind == .punctuation && [".", "!", "?", ":"].contains($0.text) } ?? true
            if token.kind == .word, token.isCapitalised {
                if let open = current, previous?.end == token.start - 1 || previous?.end == token.start, previous?.kind == .word {
                    current = (open.start, token.end)
                    continue
                }
                if names.isName(token.text, sentenceInitial: sentenceInitial) {
                    if let open = current { ranges.append(index(open.start)..<index(open.end)) }
                    current = (token.start, token.end)
                    continue
                }
            }
            if let open = current { ranges.append(index(open.start)..<index(open.end)) }
            current = nil
        }
        if let open = current { ranges.append(index(open.start)..<index(open.end)) }
        return ranges
    }

    /// Personal identity codes, email addresses and phone numbers, in that order of precedence.
    /// A number of more than 15 digits is not taken for a phone number, but masking hides it all
    /// the same: it may be a phone number run into other digits ("040-123 4567-131052"), which
    /// the pattern reads as one longer number, and which would show once its neighbour was masked.
    static func identifiers(in text: String, forMasking: Bool = false) -> [[Finding]] {
        let hetus = matches(of: hetuPattern, in: text).filter { isValidHetu(String(text[$0])) }
            .map { Finding(kind: .personalIdentityCode, text: String(text[$0]), range: $0) }
        let emails = matches(of: emailPattern, in: text).map { Finding(kind: .email, text: String(text[$0]), range: $0) }
        let phones = matches(of: phonePattern, in: text).filter { (7...(forMasking ? .max : 15)).contains(text[$0].count(where: \.isNumber)) }
            .map { Finding(kind: .phone, text: String(text[$0]), range: $0) }
        return [hetus, emails, phones]
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

    /// A street name (Finnish or Swedish street words, also inflected: "Hämeenkadulla") and a house number.
    /// The street word is bounded (no street name is 40 letters before its ending): unbounded, a
    /// run like "A-A-A-…" was scanned to its end from every capital.
    static let addressPattern = try! NSRegularExpression(
        pattern: #"\b\p{Lu}[\p{L}\-]{0,40}(katu|kadu|tie|polku|polu|kuja|väylä|raitti|rinne|gatan|vägen|stigen|gränd|street|road|avenue)[\p{L}]{0,6} [0-9]{1,4}( ?[A-Za-z]( ?[0-9]{1,3})?)?\b"#)

    // DDMMYY, century sign, 3-digit individual number, check character.
    static let hetuPattern = try! NSRegularExpression(pattern: #"(?<![0-9A-Za-z])[0-9]{6}[-+ABCDEFUVWXY][0-9]{3}[0-9A-Ya-y](?![0-9A-Za-z])"#)
    // Starts only where a run of local-part characters starts, and never gives any back: otherwise
    // a long run without an "@" is scanned again from each of its characters.
    static let emailPattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#)
    // +358 40 123 4567, 040-123 4567, (09) 1234 567, 0401234567. Only a number starting with 0
    // must not follow a digit (it would be the middle of a longer number): one starting with +
    // may follow another number directly, and is otherwise seen only once that one is masked.
    static let phonePattern = try! NSRegularExpression(pattern: #"(\+[0-9]{1,3}[ \-]?|(?<![0-9])\(?0)[0-9]{1,4}\)?([ \-]?[0-9]{2,4}){2,4}(?![0-9])"#)

    static let checkCharacters = Array("0123456789ABCDEFHJKLMNPRSTUVWXY")

    /// Checks the date, the individual number and the check character of a personal identity code.
    public static func isValidHetu(_ code: String) -> Bool {
        let chars = Array(code.uppercased())
        guard chars.count == 11, let day = Int(String(chars[0...1])), let month = Int(String(chars[2...3])),
              let yy = Int(String(chars[4...5])), let individual = Int(String(chars[7...9])) else { return false }
        let century: Int
        switch chars[6] {
        case "+": century = 1800
        case "-", "Y", "X", "W", "V", "U": century = 1900
        case "A", "B", "C", "D", "E", "F": century = 2000
        default: return false
        }
        guard (1...12).contains(month), (1...CalendarDay.daysIn(month: month, year: century + yy)).contains(day), individual >= 2 else { return false }
        guard let number = Int(String(chars[0...5]) + String(chars[7...9])) else { return false }
        return checkCharacters[number % 31] == chars[10]
    }

    static func matches(of pattern: NSRegularExpression, in text: String) -> [Range<String.Index>] {
        pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text) }
    }
}
