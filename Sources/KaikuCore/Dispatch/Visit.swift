import Foundation

/// A visit (or phone contact) exported by a patient or client system, as `kaiku visits import`
/// and `POST /api/v1/visits` take it. The phone numbers and the person reference are needed only
/// until the invitation is sent or the visit excluded.
public struct Visit: Sendable, Equatable {
    public var visitID: String
    /// A pseudonymous id of the person (never a personal identity code).
    public var personRef: String
    /// Every number on record; more than one cannot be used (`ambiguous_phone`). Kept as the
    /// file has it (";" between numbers), and the birth date as a day number: a visits file is a
    /// million of these, and an array and a date each per visit would double its memory.
    public var phones: [String] {
        get { phoneField.isEmpty ? [] : phoneField.split(separator: ";").map(String.init) }
        set { phoneField = newValue.joined(separator: ";") }
    }
    var phoneField: String
    public var birthDate: CalendarDay? {
        get { birthOrdinal.map { CalendarDay(ordinal: Int($0)) } }
        set { birthOrdinal = newValue.map { Int32($0.ordinal) } }
    }
    var birthOrdinal: Int32?
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
        self.phoneField = phones.joined(separator: ";")
        self.birthOrdinal = birthDate.map { Int32($0.ordinal) }
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
        normalise(text).flatMap { isFinnishMobile(normalised: $0) ? $0 : nil }
    }

    /// Whether a normalised number ("+358…") is a Finnish mobile number.
    public static func isFinnishMobile(normalised number: String) -> Bool {
        let bytes = number.utf8
        guard bytes.count >= 11, bytes.count <= 14, bytes.starts(with: "+358".utf8) else { return false }
        let operatorCode = bytes.dropFirst(4).prefix(2)
        return operatorCode.first == UInt8(ascii: "4") || operatorCode.elementsEqual("50".utf8)
    }
}
