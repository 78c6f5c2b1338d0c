import Foundation
@testable import KaikuCore
import Testing

@Suite struct DispatchTests {
    static func time(_ text: String) -> Date { VisitFile.timestamp(ArraySlice(text.utf8))! }

    static func visit(_ id: String, person: String = "P1", phones: [String] = ["040 123 4567"], born: String? = "1980-05-05",
                      language: String = "fi", end: String = "2026-11-20T14:00:00+02:00", consent: Bool = true, nonDisclosure: Bool = false,
                      optOut: Bool = false, contact: ContactType? = .visit) -> Visit {
        Visit(visitID: id, personRef: person, phones: phones, birthDate: born.flatMap(CalendarDay.init), language: language,
              servicePointCode: "100021", contactType: contact, callType: nil, start: time(end).addingTimeInterval(-1_800), end: time(end),
              eServiceConsent: consent, nonDisclosure: nonDisclosure, smsOptOut: optOut)
    }

    static func reasons(_ visits: [Visit], planner: DispatchPlanner = DispatchPlanner(survey: { _ in SurveyChoice(code: "thl-national") }))
        -> [String: String] {
        Dictionary(uniqueKeysWithValues: planner.plan(visits).map { decision in
            switch decision.outcome {
            case .send(_, let day, let language, _): (decision.visitID, "send \(day) \(language.rawValue)")
            case .sent(let day): (decision.visitID, "sent \(day)")
            case .exclude(let reason): (decision.visitID, reason.rawValue)
            }
        })
    }

    @Test func everyRuleInItsOrder() {
        let decided = Self.reasons([
            Self.visit("hidden", person: "A", born: "2015-01-01", consent: false, nonDisclosure: true),
            Self.visit("minor", person: "B", born: "2008-11-21", consent: false),
            Self.visit("no-birth-date", person: "B2", born: nil),
            Self.visit("adult-today", person: "B3", born: "2008-11-20"),
            Self.visit("no-consent", person: "C", phones: ["09 123 456"], consent: false),
            Self.visit("refused", person: "D", phones: ["09 123 456"], optOut: true),
            Self.visit("landline", person: "E", phones: ["09 123 4567"]),
            Self.visit("no-number", person: "E2", phones: []),
            Self.visit("two-numbers", person: "F", phones: ["040 111 2222", "050 333 4444"]),
            Self.visit("same-number-twice", person: "F2", phones: ["040 111 2222", "+358401112222"]),
            Self.visit("morning", person: "G", end: "2026-11-20T09:00:00+02:00"),
            Self.visit("afternoon", person: "G", end: "2026-11-20T16:00:00+02:00"),
            Self.visit("next-day", person: "G", end: "2026-11-21T10:00:00+02:00"),
        ])
        #expect(decided["hidden"] == "non_disclosure")
        #expect(decided["minor"] == "under_age" && decided["no-birth-date"] == "under_age")
        // Turned 18 on the visit's day: old enough. Friday 20 November → Monday 23 November.
        #expect(decided["adult-today"] == "send 2026-11-23 fi")
        #expect(decided["no-consent"] == "no_e_service_consent" && decided["refused"] == "opted_out")
        #expect(decided["landline"] == "invalid_phone" && decided["no-number"] == "invalid_phone")
        #expect(decided["two-numbers"] == "ambiguous_phone" && decided["same-number-twice"] == "send 2026-11-23 fi")
        // Two visits on one day: the one that ended last; the next day's visit falls in the 30 days.
        #expect(decided["morning"] == "not_last_visit_of_day" && decided["afternoon"] == "send 2026-11-23 fi")
        #expect(decided["next-day"] == "recently_surveyed")
    }

    @Test func noSurveyForTheContactTypeAndTheSurveysOwnMinimumAge() {
        let planner = DispatchPlanner(survey: { visit in
            visit.contactType == .phone ? SurveyChoice(code: "phone-service", minimumAge: 16) : nil
        })
        let decided = Self.reasons([Self.visit("visit", person: "A"), Self.visit("call", person: "B", born: "2009-01-01", contact: .phone)], planner: planner)
        #expect(decided["visit"] == "no_active_survey" && decided["call"] == "send 2026-11-23 fi")
    }

    @Test func theThirtyDayRuleAcrossRunsAndRefusalsByNumber() {
        var planner = DispatchPlanner(lastInvited: ["P1": CalendarDay("2026-10-26")!], refusedPhones: ["+358409998888"],
                                      survey: { _ in SurveyChoice(code: "thl-national") })
        // 26 October + 30 days = 25 November: an invitation on the 23rd is too soon, on the 25th not.
        #expect(Self.reasons([Self.visit("soon")], planner: planner)["soon"] == "recently_surveyed")
        #expect(Self.reasons([Self.visit("later", end: "2026-11-24T10:00:00+02:00")], planner: planner)["later"] == "send 2026-11-25 fi")
        #expect(Self.reasons([Self.visit("refused", person: "X", phones: ["040 999 8888"])], planner: planner)["refused"] == "opted_out")
        planner.recentDays = 0
        #expect(Self.reasons([Self.visit("now")], planner: planner)["now"] == "send 2026-11-23 fi")
    }

    @Test(arguments: [("sv", "sv"), ("SV", "sv"), ("en", "en"), ("fi", "fi"), ("ru", "fi"), ("", "fi")])
    func languageOfTheInvitation(recorded: String, expected: String) {
        #expect(Self.visit("v", language: recorded).surveyLanguage.rawValue == expected)
    }

    @Test func invitationsGoOutOnTheNextWorkingDay() {
        func next(_ day: String) -> String { DispatchPlanner.invitationDay(after: CalendarDay(day)!).description }
        #expect(next("2026-11-20") == "2026-11-23")  // Friday → Monday
        #expect(next("2026-04-01") == "2026-04-02")
        #expect(next("2026-04-02") == "2026-04-07")  // Maundy Thursday → the Tuesday after Easter
        #expect(next("2026-06-18") == "2026-06-22")  // before Midsummer Eve (Friday 19 June)
        #expect(next("2026-12-23") == "2026-12-28")
        #expect(next("2026-12-31") == "2027-01-04")
        #expect(next("2027-05-05") == "2027-05-07")  // Ascension Day, Thursday 6 May 2027
        #expect(next("2027-03-25") == "2027-03-30")  // Good Friday 26 March 2027, Easter Monday 29 March
    }

    @Test func finnishMobileNumbers() {
        #expect(PhoneNumber.finnishMobile("040 123 4567") == "+358401234567")
        #expect(PhoneNumber.finnishMobile("+358 50 123 4567") == "+358501234567")
        #expect(PhoneNumber.finnishMobile("00358451234567") == "+358451234567")
        #expect(PhoneNumber.finnishMobile("0457 1234 567") == "+3584571234567")
        #expect(PhoneNumber.finnishMobile("09 123 4567") == nil)
        #expect(PhoneNumber.finnishMobile("+46 70 123 4567") == nil)
        #expect(PhoneNumber.finnishMobile("040 12") == nil)
    }

    @Test func helsinkiDaysWithoutFoundationsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CalendarDay.timeZone
        var generator = SystemRandomNumberGenerator()
        // Random instants, and the minutes around each switch to and from summer time.
        var instants = (0..<2_000).map { _ in Date(timeIntervalSince1970: Double.random(in: 860_000_000...4_000_000_000, using: &generator)) }
        for text in ["2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-03-28T21:59:59Z", "2026-03-28T22:00:00Z",
                     "2026-10-25T00:59:59Z", "2026-10-25T01:00:00Z", "2026-10-24T20:59:59Z", "2026-10-24T21:00:00Z", "2026-10-25T21:59:59Z"] {
            instants.append(Self.time(text))
        }
        for instant in instants {
            let c = calendar.dateComponents([.year, .month, .day], from: instant)
            #expect(CalendarDay(instant) == CalendarDay(year: c.year!, month: c.month!, day: c.day!), "\(instant)")
        }
        #expect(CalendarDay(ordinal: CalendarDay("2026-02-28")!.ordinal + 1).description == "2026-03-01")
        #expect(CalendarDay("2026-11-24")!.weekday == 2 && CalendarDay("1970-01-01")!.ordinal == 0)
    }

    @Test func theVisitsFileReportsBadRowsByLineAndField() {
        let file = """
            \u{FEFF}visit_id,person_ref,phone,birth_date,language,service_point_code,contact_type,call_type,visit_start,visit_end,e_service_consent,non_disclosure,sms_opt_out\r
            V1,P1,040 123 4567;050 765 4321,1980-05-05,sv,100021,phone,callback,2026-11-20T13:00:00+02:00,2026-11-20T13:10:00+02:00,true,false,false\r
            V2,P2,0401234567,05.05.1980,fi,100021,visit,,2026-11-20T13:00,2026-11-20T13:10:00Z,yes,false,false\r
            "V,3",P3,0401234567,1980-05-05,fi,100021,hovi,,2026-11-20T13:00:00.5+0200,2026-11-20T12:00:00+02:00,TRUE,false,false\r

            V4,P4,0401234567,1980-05-05,,100021,,,2026-11-20T13:00:00Z,2026-11-20T14:00:00Z,true,false,false
            """
        let result = VisitFile.read(Array(file.utf8))
        #expect(result.visits.map(\.visitID) == ["V1", "V4"])
        #expect(result.lines == [2, 6])
        #expect(result.visits[0].phones == ["040 123 4567", "050 765 4321"] && result.visits[0].callType == .callback)
        #expect(result.visits[0].end == Self.time("2026-11-20T11:10:00Z") && result.visits[0].surveyLanguage == .sv)
        #expect(result.problems.map(\.description) == [
            "line 3, birth_date: must be a date YYYY-MM-DD",
            "line 3, visit_start: must be an ISO 8601 time with an offset, e.g. 2026-11-23T14:05:00+02:00",
            "line 3, e_service_consent: must be true or false",
            "line 4, contact_type: unknown code hovi (visit, phone, remote, home_visit)",
            "line 4, visit_end: is before visit_start",
        ])
        let missing = VisitFile.read(Array("visit_id,phone\nV1,040\n".utf8))
        #expect(missing.visits.isEmpty && missing.problems.first?.field == "header")
    }

    @Test func readingInTwoHalvesGivesTheSameVisitsLinesAndProblems() async {
        var file = VisitFile.columns.joined(separator: ",") + "\n"
        for n in 0..<12_000 {
            let consent = n == 9_000 ? "maybe" : "true"  // one bad row in the second half
            file += "V\(n),P\(n % 7_000),0401234567,1980-05-05,fi,100021,visit,,2026-11-20T13:00:00+02:00,2026-11-20T13:\(n % 60 < 10 ? "0" : "")\(n % 60):00+02:00,\(consent),false,false\n"
        }
        let bytes = Array(file.utf8)
        #expect(bytes.count > 1 << 20)
        let whole = VisitFile.read(bytes)
        let halves = await VisitFile.readInParallel(bytes)
        #expect(halves.visits == whole.visits && halves.lines == whole.lines && halves.problems == whole.problems)
        #expect(whole.problems.map(\.line) == [9_002] && whole.visits.count == 11_999)
    }

    @Test func planningOnTwoCoresDecidesTheSame() async {
        var generator = SystemRandomNumberGenerator()
        let visits = (0..<3_000).map { n in
            Self.visit("V\(n)", person: "P\(Int.random(in: 0..<800, using: &generator))",
                       phones: [["040 123 4567"], ["09 123 4567"], ["040 1", "050 2222 333"], []].randomElement(using: &generator)!,
                       born: ["1980-05-05", "2015-01-01", nil].randomElement(using: &generator)!,
                       end: "2026-11-\(Int.random(in: 16...20, using: &generator))T1\(Int.random(in: 0...9, using: &generator)):00:00+02:00",
                       consent: Int.random(in: 0..<10, using: &generator) > 0)
        }
        let planner = DispatchPlanner(lastInvited: ["P7": CalendarDay("2026-11-01")!, "P8": CalendarDay("2026-10-01")!],
                                      survey: { _ in SurveyChoice(code: "thl-national") })
        let sequential = planner.plan(visits)
        var parallel: [DispatchDecision] = []
        await planner.planInParallel(visits) { parallel.append($0) }
        #expect(parallel == sequential)
        #expect(sequential.map(\.visitID) == Self.plainlyOrdered(visits).map(\.visitID))
        let plain = Self.plainlyDecided(visits, planner)
        let differing = sequential.filter { plain[$0.visitID] != $0.outcome }.map(\.visitID)
        #expect(differing.isEmpty)
    }

    static func plainlyOrdered(_ visits: [Visit]) -> [Visit] {
        visits.sorted { $0.end != $1.end ? $0.end < $1.end : $0.visitID < $1.visitID }
    }

    /// The person-and-day and 30-day rules the plain way, with string-keyed dictionaries: the
    /// oracle for the planner's arrays of people.
    static func plainlyDecided(_ visits: [Visit], _ planner: DispatchPlanner) -> [String: DispatchDecision.Outcome] {
        struct PersonDay: Hashable { let person: String; let day: CalendarDay }
        var lastOfDay: [PersonDay: String] = [:]
        for visit in plainlyOrdered(visits) { lastOfDay[PersonDay(person: visit.personRef, day: visit.day)] = visit.visitID }
        var invited = planner.lastInvited
        // The visit's own rules, without the earlier invitations (those come after the person-and-day rule).
        var screener = planner
        screener.lastInvited = [:]
        var outcomes: [String: DispatchDecision.Outcome] = [:]
        for visit in plainlyOrdered(visits) {
            let alone = screener.plan([visit])[0]
            let sendDay = DispatchPlanner.invitationDay(after: visit.day)
            if case .exclude = alone.outcome {
                outcomes[visit.visitID] = alone.outcome
            } else if lastOfDay[PersonDay(person: visit.personRef, day: visit.day)] != visit.visitID {
                outcomes[visit.visitID] = .exclude(.notLastVisitOfDay)
            } else if let last = invited[visit.personRef], last.adding(days: planner.recentDays) > sendDay {
                outcomes[visit.visitID] = .exclude(.recentlySurveyed)
            } else {
                invited[visit.personRef] = sendDay
                outcomes[visit.visitID] = alone.outcome
            }
        }
        return outcomes
    }

    @Test func peopleWithTheSameHashAreToldApartByTheirReference() {
        let planner = DispatchPlanner(survey: { _ in SurveyChoice(code: "thl-national") })
        let visits = ["A", "B", "A", "C", "B"].enumerated().map { Self.visit("V\($0.offset)", person: $0.element) }
        let colliding = visits.map { planner.screen($0) }.map {
            DispatchPlanner.Screening(reason: $0.reason, mobile: $0.mobile, choice: $0.choice, day: $0.day, personHash: 42)
        }
        #expect(DispatchPlanner.people(visits, colliding) == [0, 1, 0, 3, 1])
    }

    @Test func smsLengthInGSM7AndUCS2() {
        let finnish = SMSLength("Hei! Kiitos käynnistä Rantalan terveysasemalla. Kerro kokemuksestasi: https://kaiku.fi/s/AbC123 Äö å.")
        #expect(finnish.encoding == .gsm7 && finnish.segments == 1)
        #expect(SMSLength(String(repeating: "ä", count: 160)).segments == 1)
        #expect(SMSLength(String(repeating: "a", count: 161)).segments == 2)
        #expect(SMSLength(String(repeating: "a", count: 306)).segments == 2 && SMSLength(String(repeating: "a", count: 307)).segments == 3)
        // The euro sign takes two places.
        let euro = SMSLength(String(repeating: "a", count: 159) + "€")
        #expect(euro.units == 161 && euro.segments == 2)
        // One character outside GSM-7 (a Russian letter, an emoji) turns the whole text into UCS-2.
        let russian = SMSLength("Спасибо")
        #expect(russian.encoding == .ucs2 && russian.units == 7 && russian.segments == 1)
        #expect(SMSLength(String(repeating: "a", count: 70) + "🙂").segments == 2)
        #expect(SMSLength(String(repeating: "ж", count: 134)).segments == 2 && SMSLength(String(repeating: "ж", count: 135)).segments == 3)
        #expect(SMSLength("").segments == 0)
    }
}

@Suite struct SMSSettingsTests {
    @Test func theSendingWindowIsHelsinkiTime() {
        let policy = SMSPolicy.standard
        // 2 March 2026 is winter time (UTC+2), 1 June summer time (UTC+3).
        #expect(!policy.isOpen(at: CalendarDay("2026-03-02")!.start.addingTimeInterval(9.99 * 3600)))
        #expect(policy.isOpen(at: CalendarDay("2026-03-02")!.start.addingTimeInterval(10 * 3600)))
        #expect(!policy.isOpen(at: CalendarDay("2026-03-02")!.start.addingTimeInterval(18 * 3600)))
        #expect(policy.isOpen(at: ISO8601DateFormatter().date(from: "2026-06-01T14:59:00Z")!))
        #expect(!policy.isOpen(at: ISO8601DateFormatter().date(from: "2026-06-01T15:00:00Z")!))
        #expect(SMSPolicy.minute("9:30") == 570 && SMSPolicy.minute("24:00") == 1440 && SMSPolicy.minute("24:01") == nil && SMSPolicy.minute("1030") == nil)
        #expect(SMSPolicy.clock(570) == "09:30")
        #expect(SMSPolicy(windowStart: 600, windowEnd: 600).problems == ["sms_error_window"])
        #expect(SMSPolicy(perMinute: 0, linkDays: 0).problems == ["sms_error_rate", "sms_error_days"])
    }

    /// Issue 27, item 6: an invitation is one SMS part in every language, with a link as long as a
    /// real one and the county's name (the longest the text says instead of a unit).
    @Test func anInvitationIsOneSMSPartInEveryLanguage() throws {
        #expect(SMSTemplate.problems("Vastaa", county: "X", linkBase: "https://k.fi") == ["sms_error_placeholders"])
        for (county, base) in [("Esimerkkilän hyvinvointialue", "https://palaute.esimerkkila.fi"),
                               ("Pohjois-Pohjanmaan hyvinvointialue", "https://palaute.pohde.fi"),
                               ("Mellersta Nylands välfärdsområde", "https://palaute.keusote.fi")] {
            for language in Language.shipped {
                let text = try #require(SMSTemplate.defaults[language])
                #expect(SMSTemplate.problems(text, county: county, linkBase: base).isEmpty, "\(language) \(county)")
                let sample = SMSLength(SMSTemplate.sample(text, unit: county, linkBase: base))
                // ä, ö and å are GSM-7: one part of 160, not 70 of UCS-2.
                #expect(sample.encoding == .gsm7 && sample.segments == 1, "\(language) \(county): \(sample.units)")
            }
        }
        let long = "Pääkaupunkiseudun erikoissairaanhoidon yhteispäivystyksen ensiapu"
        #expect(SMSTemplate.problems("{unit} " + String(repeating: "x", count: 100) + " {link}", county: "Esimerkkilän hyvinvointialue",
                                     linkBase: "https://k.fi") == ["sms_error_parts"])
        // A unit whose name would make two parts is not named; nor is one that may not be.
        let fi = SMSTemplate.defaults[.fi]!
        let link = "https://k.fi" + SMSLink.path(token: SurveyToken.makeShort(), optOutCode: OptOutCode.make())
        #expect(SMSTemplate.message(fi, unit: "Rantalan neuvola", county: "Esimerkkilän hyvinvointialue", link: link, optOut: "")
            .hasPrefix("Rantalan neuvola: kiitos käynnistä!"))
        #expect(SMSTemplate.message(fi, unit: long + " " + long, county: "Esimerkkilän hyvinvointialue", link: link, optOut: "")
            .hasPrefix("Esimerkkilän hyvinvointialue: "))
        #expect(SMSTemplate.message(fi, unit: nil, county: "Esimerkkilän hyvinvointialue", link: link, optOut: "").hasPrefix("Esimerkkilän"))
        // A text saved before still gets its refusal link.
        #expect(SMSTemplate.render("{unit}: {link} / {optout}", unit: "Neuvola", link: "https://k.fi/s/t", optOut: "https://k.fi/o/c")
            == "Neuvola: https://k.fi/s/t / https://k.fi/o/c")
        let code = OptOutCode.make()
        #expect(OptOutCode.isWellFormed(code) && !OptOutCode.isWellFormed(code + "x") && !OptOutCode.isWellFormed("ABCDEFGHJKMN"))
    }

    /// The link carries the survey token and the refusal code in one segment; each is taken apart.
    @Test func anInvitationsLinkSplitsIntoItsTokenAndItsRefusalCode() {
        let token = SurveyToken.makeShort(), code = OptOutCode.make()
        #expect(token.count == 16 && SurveyToken.isWellFormed(token) && SurveyToken.isWellFormed(SurveyToken.make()))
        let segment = String(SMSLink.path(token: token, optOutCode: code).dropFirst(3))
        #expect(SMSLink.split(segment)?.token == token && SMSLink.split(segment)?.optOutCode == code)
        #expect(SMSLink.split(SurveyToken.make()) == nil && SMSLink.split(token) == nil && SMSLink.split(segment.uppercased()) == nil)
    }

    /// Issue 27, item 7: no sensitive service named on a lock screen, unless the admin allows it.
    @Test func sensitiveServicesAreNotNamedUnlessTheAdminSaysSo() {
        func node(_ id: String, _ name: String, parent: String?) -> OrgNode {
            OrgNode(id: id, parentID: parent, path: "", spec: OrgNodeSpec(code: id, parentCode: parent, level: .unit, name: LocalizedText(fi: name)))
        }
        let county = node("c", "Esimerkkilän hyvinvointialue", parent: nil)
        let area = node("a", "Mielenterveys- ja päihdepalvelut", parent: "c")
        let unit = node("u", "Rantalan avopalvelu", parent: "a")
        let clinic = node("h", "Rantalan terveysasema", parent: "c")
        #expect(!SMSNaming.namesUnit(path: [county, area, unit], choices: [:]))
        #expect(SMSNaming.namesUnit(path: [county, clinic], choices: [:]))
        #expect(SMSNaming.namesUnit(path: [county, area, unit], choices: ["a": true]))
        #expect(!SMSNaming.namesUnit(path: [county, area, unit], choices: ["a": true, "u": false]))
        #expect(!SMSNaming.namesUnit(path: [county, clinic], choices: ["c": false]))
        for name in ["Lastensuojelun avohuolto", "Aikuissosiaalityö", "A-klinikka", "Psykiatrian poliklinikka", "Barnskyddet", "Social work services"] {
            #expect(SensitiveService.matches(LocalizedText(fi: name)), "\(name)")
        }
        #expect(!SensitiveService.matches(LocalizedText(fi: "Keskustan hammashoitola", sv: "Centrums tandklinik")))
    }

    @Test func jsonRecordsGoThroughTheFileRules() {
        let good: [String: VisitFile.Value] = [
            "visit_id": .text("1"), "person_ref": .text("p"), "phone": .list(["0401234567", "0501234567"]), "birth_date": .text("1970-01-01"),
            "language": .text("fi"), "service_point_code": .text("S"), "contact_type": .text("phone"), "call_type": .text("direct"),
            "visit_start": .text("2026-03-02T10:00:00+02:00"), "visit_end": .text("2026-03-02T10:10:00Z"),
            "e_service_consent": .flag(true), "non_disclosure": .flag(false), "sms_opt_out": .text("false"),
        ]
        var bad = good
        bad["birth_date"] = .text("1.1.1970")
        bad["e_service_consent"] = .other
        bad["extra"] = .text("x")
        let result = VisitFile.read(records: [good, bad])
        #expect(result.visits.count == 1 && result.visits[0].phones == ["0401234567", "0501234567"] && result.visits[0].callType == .direct)
        #expect(Set(result.problems.map(\.field)) == ["e_service_consent", "extra"] && result.problems.allSatisfy { $0.line == 2 })
    }

    @Test func aFHIRBundleNeedsItsPatientsAndSkipsCancelledEncounters() throws {
        #expect(throws: FHIRVisits.Failure.notABundle) { try FHIRVisits.read(Data(#"{"resourceType": "Patient"}"#.utf8)) }
        #expect(FHIRVisits.isFHIR(Data(#"{"resourceType": "Bundle"}"#.utf8)) && !FHIRVisits.isFHIR(Data("[]".utf8)))
        let bundle = """
            {"resourceType": "Bundle", "entry": [
              {"resource": {"resourceType": "Patient", "id": "a", "birthDate": "1990-01-01", "telecom": [{"system": "phone", "value": "0401", "use": "old"}],
               "extension": [{"url": "https://kaiku.fi/fhir/StructureDefinition/sms-opt-out", "valueBoolean": true}]}},
              {"resource": {"resourceType": "Encounter", "id": "x", "identifier": [{"value": "VISIT-9"}], "status": "finished",
               "class": {"code": "HH"}, "subject": {"reference": "Patient/a"}, "period": {"start": "2026-03-02T10:00:00+02:00", "end": "2026-03-02T11:00:00+02:00"},
               "serviceProvider": {"reference": "Organization/100021"}}},
              {"resource": {"resourceType": "Encounter", "id": "y", "status": "planned", "subject": {"reference": "Patient/a"}}},
              {"resource": {"resourceType": "Encounter", "id": "z", "status": "finished", "subject": {"reference": "Patient/a"}}}
            ]}
            """
        let result = try FHIRVisits.read(Data(bundle.utf8))
        let visit = try #require(result.visits.first)
        #expect(result.visits.count == 1 && visit.visitID == "VISIT-9" && visit.servicePointCode == "100021" && visit.contactType == .homeVisit)
        #expect(visit.phones.isEmpty && visit.smsOptOut && visit.language == "")
        #expect(result.lines == [2] && Set(result.problems.map(\.line)) == [4])
    }
}

@Suite struct SMSReplyReadingTests {
    @Test func scoresRefusalsAndWords() {
        for (text, score) in [("8", 8), (" 10 ", 10), ("0", 0), ("7.", 7), ("8/10", 8), ("9 / 10", 9)] {
            #expect(SMSReply.read(text) == .score(score), "\(text)")
        }
        for text in ["EI", "ei", "Ei kiitos", "NEJ", "nej tack", "STOP", "Stop.", "stopp"] {
            #expect(SMSReply.read(text) == .refusal, "\(text)")
        }
        for text in ["11", "-1", "8 tai 9", "Ei ollut hyvä", "Stop calling me please", "kahdeksan", "٨"] {
            #expect(SMSReply.read(text) == .text(text), "\(text)")
        }
    }
}
