import Foundation

/// How the county sends survey SMS: inside a daily window of Helsinki time, at most so many a
/// minute, nobody twice within `recentDays`, links valid for `linkDays`, and raw visits kept for
/// `retentionDays` before they are purged.
public struct SMSPolicy: Sendable, Equatable {
    /// Minutes after local midnight.
    public var windowStart: Int
    public var windowEnd: Int
    public var perMinute: Int
    public var recentDays: Int
    public var linkDays: Int
    public var retentionDays: Int
    /// 1: invitations to a survey that opens with the 0–10 question ask for a reply with the
    /// number (for people without a smartphone); 0: the link alone.
    public var replyAnswers: Int

    public init(windowStart: Int = 10 * 60, windowEnd: Int = 18 * 60, perMinute: Int = 600, recentDays: Int = 30, linkDays: Int = 14,
                retentionDays: Int = 14, replyAnswers: Int = 0) {
        self.replyAnswers = replyAnswers
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.perMinute = perMinute
        self.recentDays = recentDays
        self.linkDays = linkDays
        self.retentionDays = retentionDays
    }

    public static let standard = SMSPolicy()

    public static let perMinuteRange = 1...100_000
    public static let recentDaysRange = 0...365
    public static let linkDaysRange = 1...60
    public static let retentionDaysRange = 1...365

    /// Catalog keys of what is wrong; empty when the policy can be saved.
    public var problems: [String] {
        var found: [String] = []
        if !(0..<24 * 60).contains(windowStart) || !(1...24 * 60).contains(windowEnd) || windowStart >= windowEnd { found.append("sms_error_window") }
        if !Self.perMinuteRange.contains(perMinute) { found.append("sms_error_rate") }
        if !Self.recentDaysRange.contains(recentDays) || !Self.linkDaysRange.contains(linkDays) || !Self.retentionDaysRange.contains(retentionDays) {
            found.append("sms_error_days")
        }
        if !(0...1).contains(replyAnswers) { found.append("sms_error_reply") }
        return found
    }

    /// Whether `date` is inside the sending window in Helsinki.
    public func isOpen(at date: Date) -> Bool {
        let minute = Self.minuteOfDay(date)
        return minute >= windowStart && minute < windowEnd
    }

    /// Minutes since local midnight in Helsinki.
    public static func minuteOfDay(_ date: Date) -> Int {
        Int(date.timeIntervalSince(CalendarDay(date).start) / 60)
    }

    /// "HH:MM" for a minute of the day, and back.
    public static func clock(_ minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    public static func minute(_ clock: String) -> Int? {
        let parts = clock.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 24 * 60 else { return nil }
        return h * 60 + m
    }
}

/// The invitation text: the county edits one per language; `{unit}` and `{link}` are filled in per
/// message. One message is one SMS part (seed 001: 12,000 invitations in five months; two parts
/// cost twice): the link is short and carries the refusal too (`SMSLink`), and the text says so
/// briefly. `{unit}` is the unit's name where the unit may be named and its name keeps the message
/// in one part, else the county's (`label`). A text saved before carries `{optout}`, still filled
/// with the refusal link alone.
public enum SMSTemplate {
    public static let defaults: [Language: String] = [
        .fi: "{unit}: kiitos käynnistä! Miten onnistuimme? {link} Kyselyt voi kieltää linkistä.",
        .sv: "{unit}: tack för besöket! Hur lyckades vi? {link} Avböj enkäter via länken.",
        .en: "{unit}: thanks for visiting! How did we do? {link} Opt out via the link.",
    ]

    /// Longest text an admin may save (four GSM-7 parts).
    public static let maxLength = 612

    public static func render(_ template: String, unit: String, link: String, optOut: String) -> String {
        template.replacingOccurrences(of: "{unit}", with: unit).replacingOccurrences(of: "{link}", with: link)
            .replacingOccurrences(of: "{optout}", with: optOut)
    }

    /// The message for one invitation: naming the unit when it may be named and the message stays
    /// one part with its name, else the county.
    /// `parts`: two for an invitation answered by reply (`replyDefaults`).
    public static func message(_ template: String, unit: String?, county: String, link: String, optOut: String, parts: Int = 1) -> String {
        if let unit {
            let named = render(template, unit: unit, link: link, optOut: optOut)
            if SMSLength(named).segments <= parts { return named }
        }
        return render(template, unit: county, link: link, optOut: optOut)
    }

    /// Catalog keys of what is wrong with a text: no link, too long to store, or more than one
    /// part even with the county's name (`county`) and links as long as real ones.
    public static func problems(_ template: String, county: String, linkBase: String) -> [String] {
        var found: [String] = []
        if !template.contains("{link}") { found.append("sms_error_placeholders") }
        if template.count > maxLength { found.append("sms_error_length") }
        if found.isEmpty && SMSLength(sample(template, unit: county, linkBase: linkBase)).segments > 1 { found.append("sms_error_parts") }
        return found
    }

    /// The text as a message would carry it, with links as long as real ones.
    public static func sample(_ template: String, unit: String, linkBase: String) -> String {
        render(template, unit: unit, link: linkBase + SMSLink.path(token: String(repeating: "x", count: SurveyToken.shortLength),
                                                                   optOutCode: String(repeating: "x", count: OptOutCode.length)),
               optOut: linkBase + "/o/" + String(repeating: "x", count: OptOutCode.length))
    }
}

/// An invitation's one link: `/s/` and the survey token followed by the refusal code, in one path
/// segment. The two are stored apart and never together (the token's hash for the survey, the
/// code's for the number), so refusing tells nothing about any answer; the survey page offers the
/// refusal from the code and posts the answers to the token alone.
public enum SMSLink {
    public static func path(token: String, optOutCode: String) -> String { "/s/" + token + optOutCode }

    /// The token and the code of an invitation's link segment; nil for any other token.
    public static func split(_ segment: String) -> (token: String, optOutCode: String)? {
        guard segment.count == SurveyToken.shortLength + OptOutCode.length else { return nil }
        let token = String(segment.prefix(SurveyToken.shortLength)), code = String(segment.suffix(OptOutCode.length))
        guard SurveyToken.isWellFormed(token), OptOutCode.isWellFormed(code) else { return nil }
        return (token, code)
    }
}

/// Units whose name on a locked phone's screen would tell others what the customer is being
/// treated for: mental health, substance abuse, child protection and social work. Their
/// invitations name the county instead unless the admin allows the name (`SMSNaming`).
public enum SensitiveService {
    /// Word stems in Finnish, Swedish and English, matched in lower case anywhere in a name.
    static let stems = [
        "mielenterv", "psykiatr", "päihde", "päihte", "riippuvuu", "a-klinik", "lastensuojel", "sosiaalityö", "sosiaalipäivy", "turvakot",
        "mentalvård", "psykisk", "psykiatri", "missbruk", "beroende", "barnskydd", "socialarbet", "socialt arbete", "socialjour", "skyddshem",
        "mental health", "psychiatr", "substance", "addiction", "child protection", "child welfare", "social work", "shelter",
    ]

    public static func matches(_ name: LocalizedText) -> Bool {
        Language.shipped.contains { language in
            let text = name[language].lowercased()
            return stems.contains { text.contains($0) }
        }
    }
}

/// Whether an invitation names its unit: the admin's choice set nearest the unit on its path,
/// else not when a node on the path (the county aside) is a sensitive service.
public enum SMSNaming {
    /// `path`: the nodes from the county down to the unit; `choices`: the admin's, by node id.
    public static func namesUnit(path: [OrgNode], choices: [String: Bool]) -> Bool {
        if let choice = path.reversed().lazy.compactMap({ choices[$0.id] }).first { return choice }
        return !path.dropFirst().contains { SensitiveService.matches($0.name) }
    }

    /// What the unit would be without the admin's choices.
    public static func namedByDefault(path: [OrgNode]) -> Bool { namesUnit(path: path, choices: [:]) }
}

/// The code in a message's refusal link (`/o/{code}`): short, since every character is paid for,
/// and unrelated to the survey link, so refusing tells nothing about any answer.
public enum OptOutCode {
    public static let length = 12
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")

    public static func make() -> String { random(length: length) }

    static func random(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    public static func isWellFormed(_ code: String) -> Bool {
        code.count == length && code.allSatisfy { alphabet.contains($0) }
    }
}
