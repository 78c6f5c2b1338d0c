import Foundation

/// What a customer (or staff on their behalf) sends, checked before anything is stored.
public struct FeedbackSubmission: Sendable, Equatable {
    public var serviceAreaID: String
    /// nil when the customer does not know the unit: the case goes to triage.
    public var unitID: String?
    public var kind: FeedbackKind?
    public var text: String
    public var wantsReply: Bool
    public var email: String
    public var phone: String
    public var language: Language
    /// "Do not publish my feedback": nothing of it goes on the public wall.
    public var forbidsPublication: Bool

    public init(serviceAreaID: String, unitID: String?, kind: FeedbackKind?, text: String, wantsReply: Bool,
                email: String, phone: String, language: Language, forbidsPublication: Bool = false) {
        self.forbidsPublication = forbidsPublication
        self.serviceAreaID = serviceAreaID
        self.unitID = unitID
        self.kind = kind
        self.text = text
        self.wantsReply = wantsReply
        self.email = email
        self.phone = phone
        self.language = language
    }

    public static let maxTextLength = 5000

    public enum Problem: String, Sendable, Equatable, CaseIterable {
        /// Neither a unit nor "I don't know" was chosen (`unitID` empty).
        case noUnit = "feedback_error_unit"
        case noServiceArea = "feedback_error_area"
        case noKind = "feedback_error_kind"
        case emptyText = "feedback_error_text_empty"
        case textTooLong = "feedback_error_text_long"
        case personalDataInText = "feedback_error_personal_data"
        case noContact = "feedback_error_contact_missing"
        case badEmail = "feedback_error_email"
        case badPhone = "feedback_error_phone"
    }

    public func problems() -> [Problem] {
        var problems: [Problem] = []
        if unitID?.isEmpty == true { problems.append(.noUnit) }
        if serviceAreaID.isEmpty { problems.append(.noServiceArea) }
        if kind == nil { problems.append(.noKind) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { problems.append(.emptyText) }
        if text.count > Self.maxTextLength { problems.append(.textTooLong) }
        if !PersonalData.find(in: text, kinds: PersonalData.Kind.identifiers).isEmpty { problems.append(.personalDataInText) }
        if !email.isEmpty && !EmailAddress.isValid(email) { problems.append(.badEmail) }
        if !phone.isEmpty && PhoneNumber.normalise(phone) == nil { problems.append(.badPhone) }
        if wantsReply && email.isEmpty && phone.isEmpty { problems.append(.noContact) }
        return problems
    }
}

public enum PhoneNumber {
    /// "+358401234567" from Finnish and international forms; nil when it is not a phone number.
    /// Spaces, hyphens and brackets may separate the digits; a leading "+" or "00" marks an
    /// international number. (Byte by byte: a visits file has a million of them.)
    public static func normalise(_ text: String) -> String? {
        // The digits go to a small buffer on the stack: a visits file has a million numbers.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer -> String? in
            var count = 0
            var international = false
            var started = false
            for byte in text.utf8 {
                switch byte {
                case 48...57:
                    guard count < 20 else { return nil }
                    buffer[count] = byte
                    count += 1
                    started = true
                case UInt8(ascii: "+"):
                    if !started && !international { international = true } else if !started { return nil }
                    started = true
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    continue
                case UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"):
                    started = true
                default:
                    return nil
                }
            }
            var digits = UnsafeBufferPointer(rebasing: buffer[0..<count])
            if international {
                guard (8...15).contains(digits.count) else { return nil }
                return "+" + String(decoding: digits, as: UTF8.self)
            }
            if digits.count >= 2 && digits[0] == 48 && digits[1] == 48 {
                digits = UnsafeBufferPointer(rebasing: digits[2...])
                return (8...15).contains(digits.count) ? "+" + String(decoding: digits, as: UTF8.self) : nil
            }
            guard digits.first == 48, (6...12).contains(digits.count) else { return nil }
            return "+358" + String(decoding: UnsafeBufferPointer(rebasing: digits[1...]), as: UTF8.self)
        }
    }
}
