import Dispatch
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

    /// Invitation days already worked out, by the visit day's ordinal (a file spans a few days).
    var invitationDays: [Int: CalendarDay] = [:]

    /// Decides every visit, in the order the visits ended (ties by visit id), remembering who was
    /// invited so that the 30-day rule holds within the batch too.
    public mutating func plan(_ visits: [Visit]) -> [DispatchDecision] {
        var decisions: [DispatchDecision] = []
        decisions.reserveCapacity(visits.count)
        let screenings = visits.map(screen)
        decideInOrder(visits, screenings) { decisions.append($0) }
        return decisions
    }

    /// The same, handing each decision to `emit` as it is made, with the rules that need only the
    /// visit itself checked on two cores first (a national day is a quarter of a million visits).
    public mutating func planInParallel(_ visits: [Visit], emit: (DispatchDecision) -> Void) async {
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
    }

    func screen(_ visit: Visit) -> Screening {
        let day = visit.day
        let choice = survey(visit)
        func exclude(_ reason: ExclusionReason) -> Screening { Screening(reason: reason, mobile: "", choice: choice, day: day.ordinal) }
        if visit.nonDisclosure { return exclude(.nonDisclosure) }
        guard let age = visit.age(on: day), age >= (choice?.minimumAge ?? SurveyChoice.defaultMinimumAge) else { return exclude(.underAge) }
        if !visit.eServiceConsent { return exclude(.noEServiceConsent) }
        let phones = visit.phones
        let numbers = phones.compactMap(PhoneNumber.normalise)
        if visit.smsOptOut || numbers.contains(where: { refusedPhones.contains(phoneKey($0)) }) { return exclude(.optedOut) }
        guard let mobile = numbers.first(where: { PhoneNumber.isFinnishMobile(normalised: $0) }) else { return exclude(.invalidPhone) }
        if numbers.count < phones.count || numbers.contains(where: { $0 != mobile }) { return exclude(.ambiguousPhone) }
        return Screening(reason: nil, mobile: mobile, choice: choice, day: day.ordinal)
    }

    /// The rules that depend on the other visits, in the order the visits ended. They look only at
    /// the same person's visits (the same day, the last 30 days), so the people are split in two by
    /// a hash of their reference, each half is decided on its own core, and the decisions are handed
    /// to `emit` in time order (ties by visit id).
    mutating func decideInOrder(_ visits: [Visit], _ screenings: [Screening], emit: (DispatchDecision) -> Void) {
        let ends = visits.map(\.end.timeIntervalSince1970)
        @Sendable func before(_ a: Int, _ b: Int) -> Bool { ends[a] != ends[b] ? ends[a] < ends[b] : visits[a].visitID < visits[b].visitID }
        var people: [[Int]] = [[], []]
        for k in 0..<2 { people[k].reserveCapacity(visits.count / 2 + 1_024) }
        for i in visits.indices { people[visits[i].personRef.hashValue & 1].append(i) }
        let parts = people
        people = []
        let earlier = lastInvited, recentDays = self.recentDays, personKey = self.personKey
        let shared = HalvesOutput(count: visits.count)
        defer { shared.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            let order = parts[k].sorted(by: before)
            let invited = Self.decide(order, visits, screenings, into: shared.results, earlier: earlier, recentDays: recentDays, personKey: personKey)
            (shared.halves.baseAddress! + k).initialize(to: (order, invited))
        }
        let halves = [shared.halves[0], shared.halves[1]]
        let results = shared.results
        let invited = halves.map(\.1)
        let (first, second) = (halves[0].0, halves[1].0)
        var a = 0, b = 0
        while a < first.count || b < second.count {
            let i: Int
            if b == second.count || (a < first.count && before(first[a], second[b])) {
                i = first[a]
                a += 1
            } else {
                i = second[b]
                b += 1
            }
            let visit = visits[i], screening = screenings[i]
            let sendDay = invitationDay(ordinal: screening.day)
            if results[i] == 0, let choice = screening.choice {
                emit(DispatchDecision(visitID: visit.visitID,
                                      outcome: .send(survey: choice.code, day: sendDay, language: visit.surveyLanguage, phone: screening.mobile),
                                      plannedDay: sendDay))
            } else {
                emit(DispatchDecision(visitID: visit.visitID, outcome: .exclude(ExclusionReason.allCases[Int(results[i]) - 1]), plannedDay: sendDay))
            }
        }
        for part in invited { lastInvited.merge(part) { _, new in new } }
    }

    /// One half of the people, its visits in time order: each visit's result (0 to send, else the
    /// reason's place in `ExclusionReason.allCases` plus one); returns who was invited when.
    static func decide(_ order: [Int], _ visits: [Visit], _ screenings: [Screening], into results: UnsafeMutableBufferPointer<UInt8>,
                       earlier: [String: CalendarDay], recentDays: Int, personKey: (String) -> String) -> [String: CalendarDay] {
        struct PersonDay: Hashable { let person: String; let day: Int }
        func code(_ reason: ExclusionReason) -> UInt8 { UInt8(ExclusionReason.allCases.firstIndex(of: reason)! + 1) }
        // The visit of each person and day that ended last (the latest in the order wins a tie).
        var lastOfDay: [PersonDay: Int] = [:]
        lastOfDay.reserveCapacity(order.count)
        for i in order { lastOfDay[PersonDay(person: visits[i].personRef, day: screenings[i].day)] = i }
        var invited: [String: CalendarDay] = [:]
        invited.reserveCapacity(order.count / 2)
        var days: [Int: CalendarDay] = [:]
        for i in order {
            let screening = screenings[i]
            if let reason = screening.reason {
                results[i] = code(reason)
            } else if lastOfDay[PersonDay(person: visits[i].personRef, day: screening.day)] != i {
                results[i] = code(.notLastVisitOfDay)
            } else {
                let sendDay = days[screening.day] ?? invitationDay(after: CalendarDay(ordinal: screening.day))
                days[screening.day] = sendDay
                let key = personKey(visits[i].personRef)
                if let last = invited[key] ?? earlier[key], last.adding(days: recentDays) > sendDay {
                    results[i] = code(.recentlySurveyed)
                } else if screening.choice != nil {
                    invited[key] = sendDay
                    results[i] = 0
                } else {
                    results[i] = code(.noActiveSurvey)
                }
            }
        }
        return invited
    }

    /// Where the two halves leave their results: each writes its own visits' places and its own
    /// slot, so the threads never touch the same memory (hence unchecked).
    final class HalvesOutput: @unchecked Sendable {
        let results: UnsafeMutableBufferPointer<UInt8>
        let halves: UnsafeMutableBufferPointer<([Int], [String: CalendarDay])>

        init(count: Int) {
            results = .allocate(capacity: count)
            results.initialize(repeating: 0)
            halves = .allocate(capacity: 2)
        }

        func deallocate() {
            results.deallocate()
            _ = halves.baseAddress!.deinitialize(count: 2)
            halves.deallocate()
        }
    }

    mutating func invitationDay(ordinal: Int) -> CalendarDay {
        if let known = invitationDays[ordinal] { return known }
        let day = Self.invitationDay(after: CalendarDay(ordinal: ordinal))
        invitationDays[ordinal] = day
        return day
    }
}
