/// Background variables of an answer, defined once: the codes are the same in the API,
/// imports, exports and the command line.
public enum Channel: String, CaseIterable, Sendable, Codable {
    case sms, email, qr, kiosk, widget, web, paper, interview, phone
}

public enum AgeBand: String, CaseIterable, Sendable, Codable {
    case age7to12 = "7-12", age13to17 = "13-17", age18to29 = "18-29", age30to39 = "30-39"
    case age40to49 = "40-49", age50to64 = "50-64", age65to74 = "65-74", age75to84 = "75-84", age85plus = "85+"

    /// The band for an age in whole years; nil under seven.
    public init?(age: Int) {
        switch age {
        case 7...12: self = .age7to12
        case 13...17: self = .age13to17
        case 18...29: self = .age18to29
        case 30...39: self = .age30to39
        case 40...49: self = .age40to49
        case 50...64: self = .age50to64
        case 65...74: self = .age65to74
        case 75...84: self = .age75to84
        case 85...: self = .age85plus
        default: return nil
        }
    }
}

public enum ContactType: String, CaseIterable, Sendable, Codable {
    case visit, phone, remote
    case homeVisit = "home_visit"
}

/// Gender as THL's customer-experience questions ask it.
public enum Gender: String, CaseIterable, Sendable, Codable {
    case female, male, other
    /// "En halua sanoa" / prefers not to say.
    case undisclosed
}

public enum CallType: String, CaseIterable, Sendable, Codable {
    case direct, callback
}

/// Who filled in the answer ("answering as"): the background question every survey form ends
/// with (issue 28). Relatives, guardians and staff answering on a customer's behalf see the same
/// service differently, so reports break figures down by it.
public enum Respondent: String, CaseIterable, Sendable, Codable {
    case customer, relative, guardian
    /// A staff member answering on the customer's behalf (the customer told them what to say).
    case staff
}

/// The version of a form the answer was given in. The easy-to-read (selkokieli, lättläst) and
/// children's (7–12) versions ask the same questions under the same keys, so their answers count
/// in the standard figures; the variant is kept as a background value.
public enum SurveyVariant: String, CaseIterable, Sendable, Codable {
    case standard, easy, child

    /// Easy-to-read and children's versions show scales as large pictures.
    public var showsPictures: Bool { self != .standard }
}

/// Whether someone (staff, on a kiosk or their own device) helped the customer answer. The
/// helper is never recorded, only that help was given.
public enum Assistance: String, CaseIterable, Sendable, Codable {
    case independent, assisted
}

/// The pictures a picture scale shows: faces, or weather from storm to sunshine (seed 004's
/// smiley and weather cards).
public enum PictureStyle: String, CaseIterable, Sendable, Codable {
    case smiley, weather
}
