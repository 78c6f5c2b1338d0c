import Foundation

/// A visit (or phone contact) exported by a patient or client system, as `kaiku visits import`
/// and `POST /api/v1/visits` take it. The phone numbers and the person reference are needed only
/// until the invitation is sent or the visit excluded.
public struct Visit: Sendable, Equatable {
    public var visitID: String
    /// A pseudonymous id of the person (never a personal identity code).
    public var personRef: String
    /// Every number on record; more than one cannot be used (`ambiguous_phone`).
    public var phones: [String]
    public var birthDate: CalendarDay?
    /// ISO 639-1 as recorded: fi, sv, en or any other.
    public var language: String
    public var servicePointCode: String
    public var contactType: ContactType?
    public var callType: CallType?
    public var start: Date
    public var end: Date
    public var eServiceConsent: Bool
    /// Turvakielto: never an SMS.
    public var nonDisclosure: Bool
    public var smsOptOut: Bool

    public init(visitID: String, personRef: String, phones: [String], birthDate: CalendarDay?, language: String, servicePointCode: String,
                contactType: ContactType?, callType: CallType?, start: Date, end: Date, eServiceConsent: Bool, nonDisclosure: Bool,
                smsOptOut: Bool) {
        self.visitID = visitID
        self.personRef = personRef
        self.phones = phones
        self.birthDate = birthDate
        self.language = language
        self.servicePointCode = servicePointCode
        self.contactType = contactType
        self.callType = callType
        self.start = start
        self.end = end
        self.eServiceConsent = eServiceConsent
        self.nonDisclosure = nonDisclosure
        self.smsOptOut = smsOptOut
    }

    /// The survey's language: Swedish for sv, English for en, Finnish for everything else.
    public var surveyLanguage: Language {
        switch language.lowercased() {
        case "sv": .sv
        case "en": .en
        default: .fi
        }
    }

    /// The day the visit ended, in Helsinki.
    public var day: CalendarDay { CalendarDay(end) }

    /// Whole years of age on `day`; nil without a birth date.
    public func age(on day: CalendarDay) -> Int? {
        guard let birth = birthDate else { return nil }
        var years = day.year - birth.year
        if (day.month, day.day) < (birth.month, birth.day) { years -= 1 }
        return years
    }
}

extension PhoneNumber {
    /// "+358401234567" when `text` is a Finnish mobile number (040…049, 050, in national,
    /// +358 or 00358 form); nil otherwise.
    public static func finnishMobile(_ text: String) -> String? {
        guard let number = normalise(text), number.hasPrefix("+358") else { return nil }
        let national = number.dropFirst(4)
        guard (7...10).contains(national.count), national.hasPrefix("4") || national.hasPrefix("50") else { return nil }
        return number
    }
}
