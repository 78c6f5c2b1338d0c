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
