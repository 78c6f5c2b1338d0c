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

    public init(windowStart: Int = 10 * 60, windowEnd: Int = 18 * 60, perMinute: Int = 600, recentDays: Int = 30, linkDays: Int = 14,
                retentionDays: Int = 14) {
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

/// The invitation text: the county edits one per language; `{unit}`, `{link}` and `{optout}` are
/// filled in per message. Both links are required, so no message goes out without the survey or
/// the way to refuse future ones.
public enum SMSTemplate {
    public static let defaults: [Language: String] = [
        .fi: "Kiitos asioinnista: {unit}. Kerro kokemuksesi, vastaaminen vie pari minuuttia: {link} Et halua enää kyselyjä? {optout}",
        .sv: "Tack för ditt besök: {unit}. Berätta om din upplevelse, det tar ett par minuter: {link} Vill du inte få fler enkäter? {optout}",
        .en: "Thank you for visiting {unit}. Tell us how it went, it takes a couple of minutes: {link} No more surveys? {optout}",
    ]

    /// Longest text an admin may save (four GSM-7 parts).
    public static let maxLength = 612

    public static func render(_ template: String, unit: String, link: String, optOut: String) -> String {
        template.replacingOccurrences(of: "{unit}", with: unit).replacingOccurrences(of: "{link}", with: link)
            .replacingOccurrences(of: "{optout}", with: optOut)
    }

    /// Catalog keys of what is wrong with a text.
    public static func problems(_ template: String) -> [String] {
        var found: [String] = []
        if !template.contains("{link}") || !template.contains("{optout}") { found.append("sms_error_placeholders") }
        if template.count > maxLength { found.append("sms_error_length") }
        return found
    }

    /// The text as a message would carry it, with links as long as real ones, for the length shown to the admin.
    public static func sample(_ template: String, unit: String, publicURL: String) -> String {
        render(template, unit: unit, link: publicURL + "/s/" + String(repeating: "x", count: 43),
               optOut: publicURL + "/o/" + String(repeating: "x", count: OptOutCode.length))
    }
}

/// The code in a message's refusal link (`/o/{code}`): short, since every character is paid for,
/// and unrelated to the survey link, so refusing tells nothing about any answer.
public enum OptOutCode {
    public static let length = 12
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    public static func isWellFormed(_ code: String) -> Bool {
        code.count == length && code.allSatisfy { alphabet.contains($0) }
    }
}
