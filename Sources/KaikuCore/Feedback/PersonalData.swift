import Foundation

/// Finds personal data a customer should not put in free text: Finnish personal identity codes
/// (henkilötunnus, checksum-checked, every century sign including those added in 2023), phone
/// numbers and email addresses. Also masks them for public display.
public enum PersonalData {
    public enum Kind: String, Sendable, CaseIterable {
        case personalIdentityCode = "hetu"
        case phone
        case email
    }

    public struct Finding: Sendable, Equatable {
        public let kind: Kind
        public let text: String
        public let range: Range<String.Index>
    }

    public static func find(in text: String) -> [Finding] {
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
    public static func kinds(in text: String) -> [Kind] {
        let found = Set(find(in: text).map(\.kind))
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
