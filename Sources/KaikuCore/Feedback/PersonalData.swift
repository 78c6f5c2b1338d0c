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

    /// Findings of the given kinds (all by default), in text order.
    public static func find(in text: String, kinds: Set<Kind> = Set(Kind.allCases)) -> [Finding] {
        var findings = identifiers(in: text).filter { kinds.contains($0.kind) }
        if kinds.contains(.address) {
            for range in matches(of: addressPattern, in: text) where !findings.contains(where: { $0.range.overlaps(range) }) {
                findings.append(Finding(kind: .address, text: String(text[range]), range: range))
            }
        }
        if kinds.contains(.name), let names {
            for range in nameRanges(in: text, names) where !findings.contains(where: { $0.range.overlaps(range) }) {
                findings.append(Finding(kind: .name, text: String(text[range]), range: range))
            }
        }
        return findings.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Capitalised words the detector calls names, a following capitalised word (a surname) joined to them.
    static func nameRanges(in text: String, _ names: any NameDetector) -> [Range<String.Index>] {
        guard text.unicodeScalars.contains(where: CharacterSet.uppercaseLetters.contains) else { return [] }
        let tokens = TextTokenizer(emoticons: []).tokens(text)
        let scalars = text.unicodeScalars
        func index(_ offset: Int) -> String.Index { scalars.index(scalars.startIndex, offsetBy: offset) }
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

    static func identifiers(in text: String) -> [Finding] {
        var findings: [Finding] = []
        findings += matches(of: hetuPattern, in: text).filter { isValidHetu(String(text[$0])) }
            .map { Finding(kind: .personalIdentityCode, text: String(text[$0]), range: $0) }
        findings += matches(of: emailPattern, in: text).map { Finding(kind: .email, text: String(text[$0]), range: $0) }
        for range in matches(of: phonePattern, in: text) {
            // A hetu's digits can look like a phone number; keep one finding per place.
            if findings.contains(where: { $0.range.overlaps(range) }) { continue }
            let digits = text[range].filter(\.isNumber)
            if (7...15).contains(digits.count) {
                findings.append(Finding(kind: .phone, text: String(text[range]), range: range))
            }
        }
        return findings.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The kinds found, in a stable order, for messages.
    public static func kinds(in text: String, among kinds: Set<Kind> = Set(Kind.allCases)) -> [Kind] {
        let found = Set(find(in: text, kinds: kinds).map(\.kind))
        return Kind.allCases.filter(found.contains)
    }

    /// Replaces each finding with a placeholder, for texts shown in public.
    public static func mask(_ text: String) -> String {
        var result = text
        for finding in find(in: text).reversed() {
            result.replaceSubrange(finding.range, with: "[…]")
        }
        return result
    }

    /// A street name (Finnish or Swedish street words, also inflected: "Hämeenkadulla") and a house number.
    static let addressPattern = try! NSRegularExpression(
        pattern: #"\b\p{Lu}[\p{L}\-]*(katu|kadu|tie|polku|polu|kuja|väylä|raitti|rinne|gatan|vägen|stigen|gränd|street|road|avenue)[\p{L}]{0,6} [0-9]{1,4}( ?[A-Za-z]( ?[0-9]{1,3})?)?\b"#)

    // DDMMYY, century sign, 3-digit individual number, check character.
    static let hetuPattern = try! NSRegularExpression(pattern: #"(?<![0-9A-Za-z])[0-9]{6}[-+ABCDEFUVWXY][0-9]{3}[0-9A-Ya-y](?![0-9A-Za-z])"#)
    static let emailPattern = try! NSRegularExpression(pattern: #"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#)
    // +358 40 123 4567, 040-123 4567, (09) 1234 567, 0401234567
    static let phonePattern = try! NSRegularExpression(pattern: #"(?<![0-9])(\+[0-9]{1,3}[ \-]?|\(?0)[0-9]{1,4}\)?([ \-]?[0-9]{2,4}){2,4}(?![0-9])"#)

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
