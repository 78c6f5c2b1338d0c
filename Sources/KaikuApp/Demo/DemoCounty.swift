import Foundation
import KaikuCore

/// A fictional county for demonstrations and tests: "Esimerkkilän hyvinvointialue" with
/// 4 divisions, 12 result areas, 60 units and two service points per unit.
public enum DemoCounty {
    public static let code = "ESIM"
    public static let password = "Kaiku-demo-2026"
    /// The director who reads the county's reports (and gets the monthly one).
    public static let director = "johto@esimerkkila.fi"

    struct Area {
        let code: String
        let name: LocalizedText
        /// Unit name patterns: {fi} / {sv} / {en} are replaced by the place name.
        let unit: (fi: String, sv: String, en: String)
    }

    static let places: [(fi: String, fiGenitive: String, sv: String)] = [
        ("Keskusta", "Keskustan", "Centrum"), ("Rantala", "Rantalan", "Strand"), ("Mäkelä", "Mäkelän", "Backa"),
        ("Kirkonkylä", "Kirkonkylän", "Kyrkby"), ("Järvelä", "Järvelän", "Sjöby"),
    ]

    static let divisions: [(code: String, name: LocalizedText, areas: [Area])] = [
        ("TER", LocalizedText(fi: "Terveyspalvelut", sv: "Hälsovårdstjänster", en: "Health services"), [
            Area(code: "TA", name: LocalizedText(fi: "Terveysasemapalvelut", sv: "Hälsostationstjänster", en: "Health centre services"),
                 unit: ("{g} terveysasema", "{sv} hälsostation", "{fi} health centre")),
            Area(code: "SUU", name: LocalizedText(fi: "Suun terveydenhuolto", sv: "Munhälsovård", en: "Oral health care"),
                 unit: ("{g} hammashoitola", "{sv} tandklinik", "{fi} dental clinic")),
            Area(code: "SAI", name: LocalizedText(fi: "Sairaalapalvelut", sv: "Sjukhustjänster", en: "Hospital services"),
                 unit: ("{g} sairaalan vuodeosasto", "{sv} sjukhus, vårdavdelning", "{fi} hospital ward")),
        ]),
        ("SOS", LocalizedText(fi: "Sosiaalipalvelut", sv: "Socialtjänster", en: "Social services"), [
            Area(code: "AIK", name: LocalizedText(fi: "Aikuissosiaalityö", sv: "Socialt arbete för vuxna", en: "Adult social work"),
                 unit: ("{g} aikuissosiaalityö", "{sv} socialt arbete för vuxna", "{fi} adult social work")),
            Area(code: "VAM", name: LocalizedText(fi: "Vammaispalvelut", sv: "Handikappservice", en: "Disability services"),
                 unit: ("{g} vammaispalvelut", "{sv} handikappservice", "{fi} disability services")),
            Area(code: "MTP", name: LocalizedText(fi: "Mielenterveys- ja päihdepalvelut", sv: "Mentalvårds- och missbrukartjänster", en: "Mental health and substance abuse services"),
                 unit: ("{g} mielenterveysasema", "{sv} mentalvårdsbyrå", "{fi} mental health clinic")),
        ]),
        ("IKA", LocalizedText(fi: "Ikääntyneiden palvelut", sv: "Tjänster för äldre", en: "Services for older people"), [
            Area(code: "KOT", name: LocalizedText(fi: "Kotihoito", sv: "Hemvård", en: "Home care"),
                 unit: ("{g} kotihoito", "{sv} hemvård", "{fi} home care")),
            Area(code: "ASU", name: LocalizedText(fi: "Asumispalvelut", sv: "Boendeservice", en: "Housing services"),
                 unit: ("{g} palvelukoti", "{sv} servicehem", "{fi} care home")),
            Area(code: "PAO", name: LocalizedText(fi: "Palveluohjaus", sv: "Servicehandledning", en: "Service guidance"),
                 unit: ("{g} seniorineuvonta", "{sv} seniorrådgivning", "{fi} senior advice")),
        ]),
        ("LNP", LocalizedText(fi: "Lasten, nuorten ja perheiden palvelut", sv: "Tjänster för barn, unga och familjer",
                              en: "Services for children, young people and families"), [
            Area(code: "NEU", name: LocalizedText(fi: "Neuvolapalvelut", sv: "Rådgivningstjänster", en: "Child health and maternity clinics"),
                 unit: ("{g} neuvola", "{sv} rådgivning", "{fi} child health clinic")),
            Area(code: "KOU", name: LocalizedText(fi: "Koulu- ja opiskeluterveydenhuolto", sv: "Skol- och studerandehälsovård", en: "School and student health care"),
                 unit: ("{g} kouluterveydenhuolto", "{sv} skolhälsovård", "{fi} school health care")),
            Area(code: "LAS", name: LocalizedText(fi: "Lastensuojelu", sv: "Barnskydd", en: "Child welfare"),
                 unit: ("{g} lastensuojelu", "{sv} barnskydd", "{fi} child welfare")),
        ]),
    ]

    static let servicePoints: [LocalizedText] = [
        LocalizedText(fi: "vastaanotto", sv: "mottagning", en: "appointments"),
        LocalizedText(fi: "puhelin- ja etäasiointi", sv: "telefon- och distanstjänster", en: "phone and remote services"),
    ]

    /// The whole tree, parents before children, as `org import` would read it.
    public static func nodes(validFrom: CalendarDay = CalendarDay(year: 2023, month: 1, day: 1)!) -> [OrgNodeSpec] {
        var nodes = [OrgNodeSpec(code: code, parentCode: nil, level: .county,
                                 name: LocalizedText(fi: "Esimerkkilän hyvinvointialue", sv: "Exempelby välfärdsområde",
                                                     en: "Esimerkkilä Wellbeing Services County"),
                                 validFrom: validFrom, oid: "1.2.246.10.99999999")]
        var unitNumber = 0
        for division in divisions {
            let divisionCode = "\(code)-\(division.code)"
            nodes.append(OrgNodeSpec(code: divisionCode, parentCode: code, level: .division, name: division.name, validFrom: validFrom))
            for area in division.areas {
                let areaCode = "\(divisionCode)-\(area.code)"
                nodes.append(OrgNodeSpec(code: areaCode, parentCode: divisionCode, level: .resultArea, name: area.name, validFrom: validFrom))
                for place in places {
                    unitNumber += 1
                    let unitCode = "\(code)-U\(String(format: "%03d", unitNumber))"
                    func fill(_ pattern: String) -> String {
                        pattern.replacingOccurrences(of: "{g}", with: place.fiGenitive)
                            .replacingOccurrences(of: "{fi}", with: place.fi).replacingOccurrences(of: "{sv}", with: place.sv)
                    }
                    let unitName = LocalizedText(fi: fill(area.unit.fi), sv: fill(area.unit.sv), en: fill(area.unit.en))
                    nodes.append(OrgNodeSpec(code: unitCode, parentCode: areaCode, level: .unit, name: unitName, validFrom: validFrom))
                    for (i, point) in servicePoints.enumerated() {
                        nodes.append(OrgNodeSpec(
                            code: "\(100_000 + unitNumber * 10 + i + 1)", parentCode: unitCode, level: .servicePoint,
                            name: LocalizedText(fi: "\(unitName.fi), \(point.fi)", sv: "\(unitName.sv), \(point.sv)", en: "\(unitName.en), \(point.en)"),
                            validFrom: validFrom))
                    }
                }
            }
        }
        return nodes
    }

    public struct DemoUser: Sendable {
        public let email: String
        public let name: String
        public let grants: [(Role, String)]
    }

    /// One login per role, scoped as the field uses them.
    public static let users: [DemoUser] = [
        DemoUser(email: "paakayttaja@esimerkkila.fi", name: "Pia Pääkäyttäjä", grants: [(.admin, code)]),
        DemoUser(email: "kasittelija@esimerkkila.fi", name: "Kalle Käsittelijä", grants: [(.handler, "\(code)-U002")]),
        DemoUser(email: "kasittelija2@esimerkkila.fi", name: "Kaisa Käsittelijä", grants: [(.handler, "\(code)-U002"), (.handler, "\(code)-U001")]),
        DemoUser(email: "raportoija@esimerkkila.fi", name: "Riikka Raportoija", grants: [(.reporter, "\(code)-TER-TA")]),
        DemoUser(email: director, name: "Jussi Johtaja", grants: [(.reporter, code)]),
        DemoUser(email: "henkilosto@esimerkkila.fi", name: "Helena Hoitaja", grants: [(.staff, "\(code)-U002")]),
    ]
}

extension DemoCounty {
    public struct DemoArea: Sendable {
        public let code: String
        public let name: LocalizedText
        public let help: LocalizedText
        public let nodeCodes: [String]
    }

    /// Service areas of the public feedback form, mapped to the demo organisation.
    public static let serviceAreas: [DemoArea] = [
        DemoArea(code: "terveysasemat", name: LocalizedText(fi: "Terveysasemat ja vastaanotot", sv: "Hälsostationer och mottagningar", en: "Health centres and appointments"),
                 help: LocalizedText(fi: "Lääkärin ja hoitajan vastaanotot, ajanvaraus, laboratorio, rokotukset.",
                                     sv: "Läkar- och skötarmottagningar, tidsbokning, laboratorium, vaccinationer.",
                                     en: "Doctor and nurse appointments, booking, laboratory, vaccinations."), nodeCodes: ["\(code)-TER-TA"]),
        DemoArea(code: "suun-terveys", name: LocalizedText(fi: "Suun terveydenhuolto", sv: "Munhälsovård", en: "Oral health care"),
                 help: LocalizedText(fi: "Hammaslääkärit, suuhygienistit ja hammashoitolat.", sv: "Tandläkare, munhygienister och tandkliniker.",
                                     en: "Dentists, dental hygienists and dental clinics."), nodeCodes: ["\(code)-TER-SUU"]),
        DemoArea(code: "sairaala", name: LocalizedText(fi: "Sairaalapalvelut", sv: "Sjukhustjänster", en: "Hospital services"),
                 help: LocalizedText(fi: "Vuodeosastot ja kuntoutus sairaalassa.", sv: "Vårdavdelningar och rehabilitering på sjukhus.",
                                     en: "Hospital wards and rehabilitation."), nodeCodes: ["\(code)-TER-SAI"]),
        DemoArea(code: "sosiaalipalvelut", name: LocalizedText(fi: "Sosiaalipalvelut", sv: "Socialtjänster", en: "Social services"),
                 help: LocalizedText(fi: "Aikuissosiaalityö, vammaispalvelut, mielenterveys- ja päihdepalvelut.",
                                     sv: "Socialt arbete för vuxna, handikappservice, mentalvårds- och missbrukartjänster.",
                                     en: "Adult social work, disability services, mental health and substance abuse services."), nodeCodes: ["\(code)-SOS"]),
        DemoArea(code: "ikaihmiset", name: LocalizedText(fi: "Ikäihmisten palvelut", sv: "Tjänster för äldre", en: "Services for older people"),
                 help: LocalizedText(fi: "Kotihoito, palvelukodit ja seniorineuvonta.", sv: "Hemvård, servicehem och seniorrådgivning.",
                                     en: "Home care, care homes and senior advice."), nodeCodes: ["\(code)-IKA"]),
        DemoArea(code: "perheet", name: LocalizedText(fi: "Lasten, nuorten ja perheiden palvelut", sv: "Tjänster för barn, unga och familjer",
                                                      en: "Services for children, young people and families"),
                 help: LocalizedText(fi: "Neuvolat, kouluterveydenhuolto ja lastensuojelu.", sv: "Rådgivningar, skolhälsovård och barnskydd.",
                                     en: "Child health clinics, school health care and child welfare."), nodeCodes: ["\(code)-LNP"]),
    ]

    /// A short-term survey request waiting for the admin, as a member of staff would write it.
    public static func surveyRequest(today: CalendarDay) -> (email: String, draft: SurveyRequestDraft) {
        ("henkilosto@esimerkkila.fi", SurveyRequestDraft(
            title: "Iltavastaanoton kokeilu", unitCode: "\(code)-U002",
            purpose: "Rantalan terveysasema kokeilee iltavastaanottoa tiistaisin ja torstaisin klo 16–20.",
            goal: "Selvittää, sopiko iltavastaanotto asiakkaille ja saivatko he ajan riittävän nopeasti.",
            audience: .adults, channels: [.sms, .qr], startsOn: today.adding(days: 14), endsOn: today.adding(days: 44),
            draftQuestions: "Sopiko iltavastaanoton aika sinulle? (kyllä / ei / en osaa sanoa)\nOlisitko muuten tullut päivällä? (kyllä / ei)\nMitä muuta haluat kertoa iltavastaanotosta? (avoin)",
            resultsUse: "Tulokset käsitellään tulosalueen johtoryhmässä, kun päätetään iltavastaanoton jatkosta."))
    }

    public static let phrases: [(title: String, body: LocalizedText)] = [
        ("Kiitos kiittävästä palautteesta", LocalizedText(
            fi: "Hei,\n\nkiitos lämpimästä palautteestasi! Välitimme sen koko työyhteisölle.\n\nYstävällisin terveisin",
            sv: "Hej,\n\ntack för din varma respons! Vi har förmedlat den till hela arbetsgemenskapen.\n\nMed vänliga hälsningar",
            en: "Hello,\n\nthank you for your kind feedback! We have passed it on to the whole team.\n\nBest regards")),
        ("Pahoittelu ja toimenpiteet", LocalizedText(
            fi: "Hei,\n\nkiitos, että kerroit kokemuksestasi. Olemme pahoillamme, ettei asiointi sujunut odotetulla tavalla. Käsittelimme asian työyhteisössä ja teemme seuraavat muutokset: \n\nYstävällisin terveisin",
            sv: "Hej,\n\ntack för att du berättade om din upplevelse. Vi beklagar att besöket inte gick som väntat. Vi har behandlat saken i arbetsgemenskapen och gör följande ändringar: \n\nMed vänliga hälsningar",
            en: "Hello,\n\nthank you for telling us about your experience. We are sorry that things did not go as expected. We have discussed the matter in the team and will make the following changes: \n\nBest regards")),
        ("Kehitysidea", LocalizedText(
            fi: "Hei,\n\nkiitos kehitysideastasi! Otamme sen mukaan toiminnan suunnitteluun.\n\nYstävällisin terveisin",
            sv: "Hej,\n\ntack för din utvecklingsidé! Vi tar med den i planeringen av verksamheten.\n\nMed vänliga hälsningar",
            en: "Hello,\n\nthank you for your idea! We will take it into account when planning our services.\n\nBest regards")),
    ]

    /// The county's registry (kirjaamo), where objections and complaints are handed over.
    public static let registry = "kirjaamo@esimerkkila.fi"

    /// Handles feedback whose unit the customer did not know (the county's triage queue).
    public static let triageHandler = DemoUser(email: "palautekoordinaattori@esimerkkila.fi", name: "Paula Palautekoordinaattori",
                                               grants: [(.handler, code)])
}
