import Foundation

/// Why a visit gets no SMS survey. Checked in this order; the first that applies is the reason.
public enum ExclusionReason: String, CaseIterable, Sendable, Codable {
    case nonDisclosure = "non_disclosure"
    /// Below the survey's minimum age on the visit's day, or no birth date to tell.
    case underAge = "under_age"
    case noEServiceConsent = "no_e_service_consent"
    case optedOut = "opted_out"
    case invalidPhone = "invalid_phone"
    case ambiguousPhone = "ambiguous_phone"
    case notLastVisitOfDay = "not_last_visit_of_day"
    case recentlySurveyed = "recently_surveyed"
    case noActiveSurvey = "no_active_survey"
}

/// The survey a visit would be asked about, and its audience's minimum age.
public struct SurveyChoice: Sendable, Equatable {
    public let code: String
    public let minimumAge: Int

    public init(code: String, minimumAge: Int = SurveyChoice.defaultMinimumAge) {
        self.code = code
        self.minimumAge = minimumAge
    }

    public static let defaultMinimumAge = 18
}

/// What happens to one visit.
public struct DispatchDecision: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// An invitation to `survey` on `day` (the next working day after the visit), in `language`, to `phone`.
        case send(survey: String, day: CalendarDay, language: Language, phone: String)
        /// An invitation that went out on `day`, of which nothing else is kept (not even the visit
        /// id), so that no answer can be joined to its visit.
        case sent(day: CalendarDay)
        case exclude(ExclusionReason)
    }

    public let visitID: String
    public let outcome: Outcome
    /// The day an invitation would go out (also for an excluded visit), to pick a run's visits.
    public let plannedDay: CalendarDay

    public init(visitID: String, outcome: Outcome, plannedDay: CalendarDay) {
        self.visitID = visitID
        self.outcome = outcome
        self.plannedDay = plannedDay
    }
}

/// The SMS eligibility rules, plain and in order (seeds 001 and 002): one survey per person per
/// day, about the visit that ended last; nobody twice within `recentDays` across all units; never
/// to a person with non-disclosure, a minor, someone without e-service consent or who refused;
/// only to one unambiguous Finnish mobile number; only where an SMS survey runs for the contact type.
public struct DispatchPlanner: Sendable {
    public var recentDays: Int
    /// A person's key (a one-way hash of `person_ref` in the database) → the day of their last invitation.
    public var lastInvited: [String: CalendarDay]
    /// Keys of refused phone numbers (one-way hashes of the normalised number in the database).
    public var refusedPhones: Set<String>
    let survey: @Sendable (Visit) -> SurveyChoice?
    let personKey: @Sendable (String) -> String
    let phoneKey: @Sendable (String) -> String

    public init(recentDays: Int = 30, lastInvited: [String: CalendarDay] = [:], refusedPhones: Set<String> = [],
                survey: @escaping @Sendable (Visit) -> SurveyChoice?,
                personKey: @escaping @Sendable (String) -> String = { $0 }, phoneKey: @escaping @Sendable (String) -> String = { $0 }) {
        self.recentDays = recentDays
        self.lastInvited = lastInvited
        self.refusedPhones = refusedPhones
        self.survey = survey
        self.personKey = personKey
        self.phoneKey = phoneKey
    }

    /// The invitation day for a visit: the next working day after the day it ended.
    public static func invitationDay(after visit: CalendarDay) -> CalendarDay {
        FinnishCalendar.workingDay(onOrAfter: visit.adding(days: 1))
    }

    /// Decides every visit, in the order the visits ended (ties by visit id), remembering who was
    /// invited so that the 30-day rule holds within the batch too (`lastInvited` is left as given).
    public func plan(_ visits: [Visit]) -> [DispatchDecision] {
        var decisions: [DispatchDecision] = []
        decisions.reserveCapacity(visits.count)
        decideInOrder(visits, visits.map(screen)) { decisions.append($0) }
        return decisions
    }

    /// The same, handing each decision to `emit` as it is made, with what needs only the visit
    /// itself worked out on two cores first (a national day is a quarter of a million visits).
    public func planInParallel(_ visits: [Visit], emit: (DispatchDecision) -> Void) async {
        let screener = self
        let middle = visits.count / 2
        async let first = visits[..<middle].map(screener.screen)
        async let second = visits[middle...].map(screener.screen)
        let screenings = await first + second
        decideInOrder(visits, screenings, emit: emit)
    }

    /// What a visit's own data decides, whatever the other visits: the first of the rules up to
    /// the phone number that fails, else the number to use; and the survey it would get.
    struct Screening: Sendable {
        let reason: ExclusionReason?
        let mobile: String
        let choice: SurveyChoice?
        let day: Int
        /// The person reference's hash, for the one-core table of people.
        let personHash: Int
    }

    func screen(_ visit: Visit) -> Screening {
        let day = visit.day
        let choice = survey(visit)
        let personHash = Self.hash(visit.personRef)
        func exclude(_ reason: ExclusionReason) -> Screening {
            Screening(reason: reason, mobile: "", choice: choice, day: day.ordinal, personHash: personHash)
        }
        if visit.nonDisclosure { return exclude(.nonDisclosure) }
        guard let age = visit.age(on: day), age >= (choice?.minimumAge ?? SurveyChoice.defaultMinimumAge) else { return exclude(.underAge) }
        if !visit.eServiceConsent { return exclude(.noEServiceConsent) }
        func refused(_ number: String) -> Bool { !refusedPhones.isEmpty && refusedPhones.contains(phoneKey(number)) }
        if !visit.phoneField.utf8.contains(UInt8(ascii: ";")) {
            // One number or none, the usual case: read without splitting the field into an array.
            let number = visit.phoneField.isEmpty ? nil : PhoneNumber.normalise(visit.phoneField)
            if visit.smsOptOut || number.map(refused) == true { return exclude(.optedOut) }
            guard let mobile = number, PhoneNumber.isFinnishMobile(normalised: mobile) else { return exclude(.invalidPhone) }
            return Screening(reason: nil, mobile: mobile, choice: choice, day: day.ordinal, personHash: personHash)
        }
        let phones = visit.phones
        let numbers = phones.compactMap(PhoneNumber.normalise)
        if visit.smsOptOut || numbers.contains(where: refused) { return exclude(.optedOut) }
        guard let mobile = numbers.first(where: { PhoneNumber.isFinnishMobile(normalised: $0) }) else { return exclude(.invalidPhone) }
        if numbers.count < phones.count || numbers.contains(where: { $0 != mobile }) { return exclude(.ambiguousPhone) }
        return Screening(reason: nil, mobile: mobile, choice: choice, day: day.ordinal, personHash: personHash)
    }

    /// Collisions are told apart by the text.
    static func hash(_ text: String) -> Int { Int(truncatingIfNeeded: FNV.hash(text)) }

    /// For each visit, the index of the first visit of the same person: an open-addressing table
    /// over the hashes worked out on two cores (string-keyed dictionaries were a fifth of the
    /// one-core time over a million visits).
    static func people(_ visits: [Visit], _ screenings: [Screening]) -> [Int32] {
        var capacity = 16
        while capacity < visits.count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var slots = [Int32](repeating: -1, count: capacity)
        var person = [Int32](repeating: 0, count: visits.count)
        for i in visits.indices {
            let hash = screenings[i].personHash
            var slot = Int(truncatingIfNeeded: UInt(bitPattern: hash) >> 7) & mask
            while true {
                let first = Int(slots[slot])
                if first < 0 {
                    slots[slot] = Int32(i)
                    person[i] = Int32(i)
                    break
                }
                if screenings[first].personHash == hash && visits[first].personRef == visits[i].personRef {
                    person[i] = Int32(first)
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        return person
    }

    /// The rules that depend on the other visits, in the order the visits ended. People are
    /// numbered by their first visit, and their days and invitations kept in arrays by that number.
    func decideInOrder(_ visits: [Visit], _ screenings: [Screening], emit: (DispatchDecision) -> Void) {
        let ends = visits.map(\.end.timeIntervalSince1970)
        let order = visits.indices.sorted { ends[$0] != ends[$1] ? ends[$0] < ends[$1] : visits[$0].visitID < visits[$1].visitID }
        let person = Self.people(visits, screenings)
        let none = Int32.min
        // The visit of each person and day that ended last: walking back from the end, the first
        // one met of each day (the latest in the order wins a tie; days only fall going back).
        var isLastOfDay = [Bool](repeating: false, count: visits.count)
        var laterDay = [Int32](repeating: none, count: visits.count)
        for i in order.reversed() {
            let p = Int(person[i]), day = Int32(screenings[i].day)
            if laterDay[p] != day {
                isLastOfDay[i] = true
                laterDay[p] = day
            }
        }
        // Each person's last invitation: from earlier runs, then from this one as it is decided.
        var invited = laterDay
        for i in visits.indices where Int(person[i]) == i {
            invited[i] = lastInvited.isEmpty ? none : lastInvited[personKey(visits[i].personRef)].map { Int32($0.ordinal) } ?? none
        }
        // In the order the visits ended, the day changes seldom: its invitation day is worked out once per run of it.
        var visitDay = Int.min, sendDay = CalendarDay(ordinal: 0)
        for i in order {
            let visit = visits[i], screening = screenings[i], p = Int(person[i])
            if screening.day != visitDay {
                visitDay = screening.day
                sendDay = Self.invitationDay(after: CalendarDay(ordinal: visitDay))
            }
            func exclude(_ reason: ExclusionReason) -> DispatchDecision {
                DispatchDecision(visitID: visit.visitID, outcome: .exclude(reason), plannedDay: sendDay)
            }
            if let reason = screening.reason {
                emit(exclude(reason))
            } else if !isLastOfDay[i] {
                emit(exclude(.notLastVisitOfDay))
            } else if invited[p] != none, Int(invited[p]) + recentDays > sendDay.ordinal {
                emit(exclude(.recentlySurveyed))
            } else if let choice = screening.choice {
                invited[p] = Int32(sendDay.ordinal)
                emit(DispatchDecision(visitID: visit.visitID,
                                      outcome: .send(survey: choice.code, day: sendDay, language: visit.surveyLanguage, phone: screening.mobile),
                                      plannedDay: sendDay))
            } else {
                emit(exclude(.noActiveSurvey))
            }
        }
    }
}
