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
        if serviceAreaID.isEmpty { problems.append(.noServiceArea) }
        if kind == nil { problems.append(.noKind) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { problems.append(.emptyText) }
        if text.count > Self.maxTextLength { problems.append(.textTooLong) }
        if !PersonalData.find(in: text).isEmpty { problems.append(.personalDataInText) }
        if !email.isEmpty && !EmailAddress.isValid(email) { problems.append(.badEmail) }
        if !phone.isEmpty && PhoneNumber.normalise(phone) == nil { problems.append(.badPhone) }
        if wantsReply && email.isEmpty && phone.isEmpty { problems.append(.noContact) }
        return problems
    }
}

public enum PhoneNumber {
    /// "+358401234567" from Finnish and international forms; nil when it is not a phone number.
    public static func normalise(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.allSatisfy({ $0.isNumber || " -()+".contains($0) }) else { return nil }
        var digits = trimmed.filter(\.isNumber)
        if trimmed.hasPrefix("+") {
            guard (8...15).contains(digits.count) else { return nil }
            return "+" + digits
        }
        if digits.hasPrefix("00") { digits.removeFirst(2); return (8...15).contains(digits.count) ? "+" + digits : nil }
        guard digits.hasPrefix("0"), (6...12).contains(digits.count) else { return nil }
        return "+358" + digits.dropFirst()
    }
}
