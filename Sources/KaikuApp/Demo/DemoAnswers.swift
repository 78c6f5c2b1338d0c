import Foundation
import KaikuCore

/// A year of generated survey answers for the demo county, the same on every run: SMS
/// invitations after visits on working days and their answers, QR and kiosk answers, and the
/// phone service's two questions after calls. Levels follow the field reports (seed 000): NPS
/// 45–85 by service, dental care above 80; a quarter of SMS invitations answered, child-health
/// clinics about a tenth.
public enum DemoAnswers {
    public struct Response: Sendable {
        public let surveyCode: String
        public let nodeCode: String
        public let day: CalendarDay
        public let channel: Channel
        public let language: Language
        public let ageBand: AgeBand?
        public let contactType: ContactType?
        public let callType: CallType?
        public let answers: [String: AnswerValue]
        /// Who answered, the form's version, whether staff helped (drawn apart, see `background`).
        public var respondent: Respondent? = nil
        public var variant: SurveyVariant = .standard
        public var assistance: Assistance = .independent
    }

    public struct Invitation: Sendable, Hashable {
        public let surveyCode: String
        public let nodeCode: String
        public let day: CalendarDay
        public let language: Language
        public let ageBand: AgeBand?
    }

    /// The 365 days before `today`.
    public static func generate(today: CalendarDay) -> (responses: [Response], invitations: [Invitation: Int]) {
        var random = SplitMix64(seed: 2026)
        // Who answered and how come from a generator of their own, so that the answers and figures
        // above stay what they were before these were kept.
        var others = SplitMix64(seed: 28)
        var responses: [Response] = []
        var invitations: [Invitation: Int] = [:]
        let specs = DemoCounty.nodes()
        let parent = Dictionary(uniqueKeysWithValues: specs.map { ($0.code, $0.parentCode) })
        let points = specs.filter { $0.level == .servicePoint }
        // Invitations go out after visits on working days (Monday to Friday); worked out once.
        let calendar = Calendar(identifier: .gregorian)
        let workingDays = (1...365).reversed().map { ($0, today.adding(days: -$0)) }
            .filter { ![1, 7].contains(calendar.component(.weekday, from: $0.1.start)) }
        for (index, point) in points.enumerated() {
            let unit = parent[point.code]!!
            let area = String(parent[unit]!!.split(separator: "-").last!)
            let isPhone = index % 2 == 1
            // A unit's level, steady but for a small rise over the year and a summer dip.
            let base: Double = switch area {
            case "SUU": 82
            case "NEU", "KOU": 66
            case "LAS", "AIK", "MTP": 48
            default: 55 + Double((index * 7) % 25)
            }
            let answerRate = area == "NEU" ? 0.11 : (area == "SUU" ? 0.33 : 0.25)
            let visitsPerDay = isPhone ? 2 : 4
            for (offset, day) in workingDays {
                let level = base + 6 * Double(365 - offset) / 365 - (day.month == 7 ? 8 : 0)
                for _ in 0..<Int.random(in: 0...visitsPerDay, using: &random) {
                    let language = pick([(Language.fi, 90), (.sv, 7), (.en, 3)], &random)
                    let ageBand = pick([(AgeBand.age18to29, 14), (.age30to39, 16), (.age40to49, 16), (.age50to64, 24), (.age65to74, 18),
                                        (.age75to84, 10), (.age85plus, 2)], &random)
                    invitations[Invitation(surveyCode: NationalSurvey.code, nodeCode: point.code, day: day, language: language, ageBand: ageBand),
                                default: 0] += 1
                    if Double.random(in: 0..<1, using: &random) < answerRate {
                        var response = Response(
                            surveyCode: NationalSurvey.code, nodeCode: point.code, day: day, channel: .sms, language: language, ageBand: ageBand,
                            contactType: isPhone ? pick([(.phone, 80), (.remote, 20)], &random) : (area == "KOT" ? .homeVisit : .visit),
                            callType: nil, answers: national(level: level, language: language, &random))
                        background(&response, area: area, &others)
                        responses.append(response)
                    }
                }
                // Answers through the QR code on the waiting-room poster and the kiosk, without an invitation.
                if !isPhone && Double.random(in: 0..<1, using: &random) < 0.35 {
                    let language = pick([(Language.fi, 92), (.sv, 6), (.en, 2)], &random)
                    var response = Response(
                        surveyCode: NationalSurvey.code, nodeCode: point.code, day: day, channel: pick([(.qr, 60), (.kiosk, 40)], &random),
                        language: language, ageBand: nil, contactType: .visit, callType: nil,
                        answers: national(level: level - 4, language: language, &random))
                    background(&response, area: area, &others)
                    responses.append(response)
                }
                if isPhone && area == "TA" {
                    for _ in 0..<Int.random(in: 0...3, using: &random) {
                        let callType = pick([(CallType.direct, 60), (.callback, 40)], &random)
                        let resolved = Double.random(in: 0..<1, using: &random) < (callType == .direct ? 0.78 : 0.66)
                        responses.append(Response(
                            surveyCode: PhoneServiceSurvey.code, nodeCode: point.code, day: day, channel: .sms, language: .fi, ageBand: nil,
                            contactType: .phone, callType: callType,
                            answers: ["resolved_during_call": .number(resolved ? 1 : 0),
                                      "knows_next_steps": Double.random(in: 0..<1, using: &random) < 0.08
                                        ? .cantSay : .number(Double.random(in: 0..<1, using: &random) < (resolved ? 0.9 : 0.6) ? 1 : 0)]))
                    }
                }
            }
        }
        return (responses, invitations)
    }

    /// Who answered and how, by service: guardians at child-health clinics and school health care,
    /// relatives in home care and housing services, children's and easy-to-read forms on the
    /// waiting-room poster and kiosk where their clients are, and some kiosk answers helped by staff.
    static func background(_ response: inout Response, area: String, _ random: inout SplitMix64) {
        let onSite = response.channel == .qr || response.channel == .kiosk
        let respondent: Respondent? = switch area {
        case "NEU": pick([(Respondent.guardian, 70), (.customer, 25), (.relative, 5)], &random)
        case "KOU", "LAS": pick([(Respondent.customer, 55), (.guardian, 40), (.staff, 5)], &random)
        case "KOT", "ASU": pick([(Respondent.customer, 60), (.relative, 32), (.staff, 8)], &random)
        case "VAM": pick([(Respondent.customer, 60), (.relative, 25), (.guardian, 10), (.staff, 5)], &random)
        default: pick([(Respondent.customer, 88), (.relative, 8), (.guardian, 3), (.staff, 1)], &random)
        }
        // About one in twenty leaves "answering as" empty.
        response.respondent = Double.random(in: 0..<1, using: &random) < 0.05 ? nil : respondent
        if onSite {
            response.variant = switch area {
            case "KOU", "LAS": pick([(SurveyVariant.child, 45), (.standard, 55)], &random)
            case "VAM", "MTP", "ASU": pick([(SurveyVariant.easy, 25), (.standard, 75)], &random)
            default: pick([(SurveyVariant.easy, 3), (.standard, 97)], &random)
            }
            if response.channel == .kiosk && Double.random(in: 0..<1, using: &random) < 0.15 { response.assistance = .assisted }
        }
    }

    /// One answer to the national survey around a unit's NPS level.
    public static func national(level: Double, language: Language, _ random: inout SplitMix64) -> [String: AnswerValue] {
        let promoterShare = min(0.95, 0.5 + 0.45 * level / 100)
        let detractorShare = max(0.02, promoterShare - level / 100)
        let draw = Double.random(in: 0..<1, using: &random)
        let nps = draw < promoterShare ? Int.random(in: 9...10, using: &random)
            : draw < promoterShare + detractorShare ? Int.random(in: 0...6, using: &random) : Int.random(in: 7...8, using: &random)
        var answers: [String: AnswerValue] = ["thl.nps": .number(nps)]
        for key in ["thl.smooth", "thl.help_when_needed", "thl.safe", "thl.useful", "thl.understandable_information", "thl.decided_together"]
        where Double.random(in: 0..<1, using: &random) < 0.8 {
            let centre = nps >= 9 ? 4.6 : nps >= 7 ? 3.9 : 2.6
            let value = Int((centre + Double.random(in: -1.2...0.9, using: &random)).rounded())
            answers[key] = Double.random(in: 0..<1, using: &random) < 0.04 ? .cantSay : .number(min(5, max(1, value)))
        }
        if Double.random(in: 0..<1, using: &random) < 0.3 {
            let texts = nps >= 9 ? praise : nps <= 6 ? complaints : neutral
            answers["thl.nps_reason"] = .text(texts[language]![Int.random(in: 0..<texts[language]!.count, using: &random)])
        }
        return answers
    }

    static func pick<T>(_ weighted: [(T, Int)], _ random: inout SplitMix64) -> T {
        var draw = Int.random(in: 0..<weighted.reduce(0) { $0 + $1.1 }, using: &random)
        for (value, weight) in weighted {
            if draw < weight { return value }
            draw -= weight
        }
        return weighted[0].0
    }

    static let praise: [Language: [String]] = [
        .fi: ["Ystävällinen ja ammattitaitoinen hoitaja, kiitos!", "Pääsin vastaanotolle nopeasti ja asia hoitui kerralla.",
              "Lääkäri kuunteli ja selitti asiat selkeästi.", "Hyvä palvelu, aika pitävät hyvin.", "Erittäin asiallinen ja lämmin kohtaaminen."],
        .sv: ["Vänlig och kunnig personal, tack!", "Jag fick tid snabbt och ärendet sköttes på en gång."],
        .en: ["Friendly staff and a quick appointment, thank you.", "The nurse explained everything clearly."],
    ]
    static let complaints: [Language: [String]] = [
        .fi: ["Jonotin puhelimessa yli tunnin ennen kuin pääsin läpi.", "Odotusaika vastaanotolle oli liian pitkä.",
              "Takaisinsoittoa ei tullut luvattuna päivänä.", "Lääkäri ei ehtinyt kuunnella, tuntui kiireiseltä.",
              "Ajanvaraus oli hankala ja ohjeet epäselvät.", "Pysäköintipaikkoja ei ollut ja myöhästyin."],
        .sv: ["Jag väntade i telefon över en timme.", "Väntetiden till mottagningen var för lång."],
        .en: ["I waited on the phone for over an hour.", "Nobody called back on the promised day."],
    ]
    static let neutral: [Language: [String]] = [
        .fi: ["Asia hoitui, mutta odotin aulassa puoli tuntia.", "Ihan ok, tiedotus jatkosta olisi voinut olla parempaa."],
        .sv: ["Det gick bra, men jag fick vänta en halvtimme."],
        .en: ["It was fine, but information on next steps could be better."],
    ]
}
