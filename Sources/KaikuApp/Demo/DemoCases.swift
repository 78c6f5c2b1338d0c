import Foundation
import KaikuCore

/// A year of free-form feedback for the demo county, the same on every run: about three cases a
/// day across the units, most answered within the week's promise, some late, the last days' still
/// open, and for most handled ones what the feedback led to, as handlers record it.
public enum DemoCases {
    public struct Case: Sendable {
        public let unitCode: String
        /// The service area of the public form (`DemoCounty.serviceAreas`).
        public let areaCode: String
        public let kind: FeedbackKind
        public let language: Language
        public let body: String
        public let receivedAt: Date
        /// The customer asked for a reply (and left a phone number for it).
        public let wantsReply: Bool
        /// When the case was handled (answered by phone when a reply was asked); nil while it is open.
        public let answeredAt: Date?
        /// A reply was asked for, but the case was closed without one (the promise was not kept).
        public let closedUnanswered: Bool
        public let effects: [FeedbackEffect]
        public let effectDescription: String
    }

    /// The 365 days before `today`, received in the order they arrived.
    public static func generate(today: CalendarDay) -> [Case] {
        var random = SplitMix64(seed: 2027)
        // A stream of its own, so that the cases themselves stay what they were before replies were asked for.
        var replies = SplitMix64(seed: 2028)
        let specs = DemoCounty.nodes()
        let units = specs.filter { $0.level == .unit }.map { unit -> (code: String, area: String) in
            let resultArea = unit.parentCode!
            let division = specs.first { $0.code == resultArea }!.parentCode!
            return (unit.code, serviceArea(division: division, resultArea: resultArea))
        }
        var cases: [Case] = []
        for offset in (0..<365).reversed() {
            let day = today.adding(days: -offset - 1)
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let unit = units[Int.random(in: 0..<units.count, using: &random)]
                let kind = DemoAnswers.pick([(FeedbackKind.praise, 35), (.criticism, 40), (.idea, 13), (.question, 12)], &random)
                let language = DemoAnswers.pick([(Language.fi, 91), (.sv, 7), (.en, 2)], &random)
                let receivedAt = day.start.addingTimeInterval(Double(Int.random(in: 7 * 60...21 * 60, using: &random)) * 60)
                // The last week's cases are still being handled; one in twenty older ones is forgotten.
                let open = offset < 5 ? Double.random(in: 0..<1, using: &random) < 0.7 : Double.random(in: 0..<1, using: &random) < 0.03
                let days = kind == .praise ? Double.random(in: 0.2...4, using: &random)
                    : Double.random(in: 0..<1, using: &random) < 0.12 ? Double.random(in: 7.5...20, using: &random) : Double.random(in: 0.3...6.5, using: &random)
                let answeredAt = open ? nil : receivedAt.addingTimeInterval(days * 86_400)
                var effects: [FeedbackEffect] = []
                var description = ""
                if !open && Double.random(in: 0..<1, using: &random) < 0.75 {
                    let outcome = outcomes(kind)[Int.random(in: 0..<outcomes(kind).count, using: &random)]
                    effects = outcome.effects
                    description = outcome.description
                }
                let texts = bodies[kind]![language]!
                let wantsReply = Double.random(in: 0..<1, using: &replies) < (kind == .praise ? 0.25 : 0.65)
                let closedUnanswered = wantsReply && !open && Double.random(in: 0..<1, using: &replies) < 0.04
                cases.append(Case(unitCode: unit.code, areaCode: unit.area, kind: kind, language: language,
                                  body: texts[Int.random(in: 0..<texts.count, using: &random)], receivedAt: receivedAt,
                                  wantsReply: wantsReply, answeredAt: answeredAt, closedUnanswered: closedUnanswered, effects: effects,
                                  effectDescription: description))
            }
        }
        return cases
    }

    static func serviceArea(division: String, resultArea: String) -> String {
        switch (division.split(separator: "-").last!, resultArea.split(separator: "-").last!) {
        case ("TER", "SUU"): "suun-terveys"
        case ("TER", "SAI"): "sairaala"
        case ("TER", _): "terveysasemat"
        case ("SOS", _): "sosiaalipalvelut"
        case ("IKA", _): "ikaihmiset"
        default: "perheet"
        }
    }

    static func outcomes(_ kind: FeedbackKind) -> [(effects: [FeedbackEffect], description: String)] {
        switch kind {
        case .praise:
            [([.strengthenedPractice], "Kiitos käsiteltiin tiimipalaverissa ja välitettiin koko henkilökunnalle."),
             ([.strengthenedPractice], "Palaute luettiin viikkoinfossa; hyvä käytäntö kirjattiin perehdytysmateriaaliin."),
             ([.strengthenedPractice, .supportedDevelopment], "Kiitos tuki kotikäyntien uutta toimintamallia, jota jatketaan.")]
        case .criticism:
            [([.revisitedInstruction], "Takaisinsoittojen ohje kerrattiin henkilökunnan kanssa: soitto luvattuna päivänä."),
             ([.revisitedInstruction], "Asiakkaalle annettavat jatkohoito-ohjeet tarkennettiin ja kerrattiin tiimissä."),
             ([.changedPractice], "Ajanvarauksen puhelinjonoon lisättiin takaisinsoittomahdollisuus aamun ruuhkatunneille."),
             ([.changedPractice], "Odotustilaan hankittiin lisää istuimia ja opasteet uusittiin selkokielisiksi."),
             ([.fixedError], "Tekstiviestimuistutukseen korjattiin väärä osoite; virhe ilmoitettiin järjestelmätoimittajalle."),
             ([.training], "Henkilökunnalle järjestettiin koulutus asiakkaan kohtaamisesta kiireessä."),
             ([.furtherHandling], "Asiakasta ohjattiin tekemään muistutus; asia käsitellään muistutusmenettelyssä."),
             ([.noAction], "Asia selvitettiin asiakkaan kanssa puhelimitse; ei vaatinut muutoksia.")]
        case .idea:
            [([.supportedDevelopment], "Idea liitettiin jo käynnissä olevaan sähköisen ajanvarauksen kehityshankkeeseen."),
             ([.changedPractice], "Iltavastaanottoa kokeillaan ehdotuksen pohjalta kahtena päivänä viikossa."),
             ([.noAction], "Ehdotus arvioitiin, mutta sitä ei voida toteuttaa nykyisillä resursseilla.")]
        case .question:
            [([.revisitedInstruction], "Verkkosivujen ohjetta laskun maksamisesta selkeytettiin kysymyksen perusteella."),
             ([.noAction], "Kysymykseen vastattiin; ei vaatinut toimenpiteitä."),
             ([.other], "Kysymys välitettiin asiakasmaksujen yhteyshenkilölle vastattavaksi.")]
        }
    }

    static let bodies: [FeedbackKind: [Language: [String]]] = [
        .praise: [
            .fi: ["Haluan kiittää hoitajaa, joka jaksoi kuunnella ja selitti kaiken rauhallisesti.",
                  "Kotihoidon työntekijät ovat aina ystävällisiä ja ammattitaitoisia. Kiitos!",
                  "Pääsin nopeasti hammaslääkäriin ja hoito oli kivutonta. Iso kiitos koko tiimille."],
            .sv: ["Tack till skötaren som lyssnade och förklarade allt lugnt.", "Mycket vänlig personal på avdelningen."],
            .en: ["Thank you to the nurse who listened and explained everything calmly."],
        ],
        .criticism: [
            .fi: ["Takaisinsoittoa ei tullut luvattuna päivänä, ja jouduin soittamaan uudelleen ja jonottamaan tunnin.",
                  "Vastaanotolla tuntui, ettei minua kuunneltu. Asiat hoidettiin kiireessä eikä jatkosta kerrottu.",
                  "Aika peruttiin kaksi kertaa lyhyellä varoitusajalla, eikä uutta aikaa saanut kuukauteen.",
                  "Ohjeet toimenpiteen jälkeen olivat epäselvät, enkä tiennyt kehen ottaa yhteyttä."],
            .sv: ["Ingen ringde tillbaka på den utlovade dagen.", "Jag fick vänta en timme i väntrummet utan information."],
            .en: ["Nobody called back on the promised day and I had to queue again."],
        ],
        .idea: [
            .fi: ["Olisi hienoa, jos ajan voisi varata myös illaksi, kun olen päivät töissä.",
                  "Odotustilaan voisi laittaa näytön, josta näkee oman vuoronumeron."],
            .sv: ["Det vore bra att kunna boka tid via nätet även till tandvården."],
            .en: ["It would help to book evening appointments online."],
        ],
        .question: [
            .fi: ["Miten voin maksaa laskun, jos en pääse verkkopankkiin?", "Voiko kotihoidon käyntiaikoja muuttaa kesäksi?"],
            .sv: ["Hur kan jag betala fakturan om jag inte har nätbank?"],
            .en: ["How can I change my home care visit times for the summer?"],
        ],
    ]
}
