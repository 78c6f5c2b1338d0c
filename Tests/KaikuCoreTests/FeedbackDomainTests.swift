import Foundation
import Testing
@testable import KaikuCore

@Suite struct PersonalDataTests {
    /// Builds a valid code for a date, century sign and individual number.
    static func hetu(_ ddmmyy: String, _ sign: Character, _ individual: String) -> String {
        let number = Int(ddmmyy + individual)!
        return ddmmyy + String(sign) + individual + String(PersonalData.checkCharacters[number % 31])
    }

    @Test(arguments: ["+", "-", "Y", "X", "W", "V", "U", "A", "B", "C", "D", "E", "F"])
    func everyCenturySignIsRecognised(_ sign: String) {
        let code = Self.hetu("131052", Character(sign), "308")
        #expect(PersonalData.isValidHetu(code), "\(code)")
        #expect(PersonalData.kinds(in: "Minun tunnukseni on \(code), soittakaa.") == [.personalIdentityCode])
    }

    @Test func knownExamplesAndBadChecksums() {
        #expect(PersonalData.isValidHetu("131052-308T"))
        #expect(!PersonalData.isValidHetu("131052-308U"))
        #expect(!PersonalData.isValidHetu("131052G308T"))
        #expect(!PersonalData.isValidHetu("310252-308T"))  // 31 February
        #expect(!PersonalData.isValidHetu("131052-001T"))  // individual numbers start at 002
        #expect(PersonalData.kinds(in: "Sain ajan 131052-308U kohdalla") == [])
    }

    @Test func phonesAndEmails() {
        let text = "Soita 040 123 4567 tai +358 9 876 5432, sähköposti matti.meikalainen@example.fi."
        let found = PersonalData.find(in: text)
        #expect(found.map(\.kind) == [.phone, .phone, .email])
        #expect(PersonalData.mask(text) == "Soita […] tai […], sähköposti […].")
        // Dates, times, years and small numbers are not phone numbers.
        #expect(PersonalData.find(in: "Kävin 12.3.2026 klo 14.30, odotin 45 minuuttia, vuonna 2025 parempi.").isEmpty)
    }

    /// The forms people write personal data in (disclosure control, finding 3), each found as its
    /// kind, and what only looks like it left alone.
    @Test(arguments: [
        ("hetu 131052 308T", PersonalData.Kind.personalIdentityCode), ("hetu 131052–308T", .personalIdentityCode),
        ("hetu 131052308T", .personalIdentityCode), ("hetu 131052-308t", .personalIdentityCode), ("hetu 13 10 52-308T", .personalIdentityCode),
        ("soita 040.123.4567", .phone), ("soita 040/123 4567", .phone), ("soita (09) 310 1234", .phone), ("ring 00358 50 1234567", .phone),
        ("call +358 (0)40 123 4567", .phone), ("numero 044 - 321 9087", .phone),
        ("matti.meikalainen(at)gmail.com", .email), ("anna [at] example.fi", .email), ("john dot smith at outlook dot com", .email),
        ("pekka.virtanen at elisanet piste fi", .email), ("liisa @ luukku.com", .email),
        ("tilille FI21 1234 5600 0007 85 kiitos", .iban), ("tilille fi2112345600000785", .iban), ("konto SE52 6000 5517 1607 9096 6909 i", .iban),
        ("asun Kauppakadulla 5 B 12", .address), ("asun kauppakadulla 5 B 12", .address), ("Koulukatu 7:ään", .address),
        ("Mannerheimintie 100 as 5", .address), ("Strandvägen 3 B 14", .address), ("send it to 12 Elm Road", .address),
    ])
    func unusualFormsAreFound(_ text: String, _ kind: PersonalData.Kind) {
        #expect(PersonalData.find(in: text).map(\.kind) == [kind], "\(text)")
        #expect(PersonalData.mask(text).contains("[…]"), "\(text)")
    }

    @Test(arguments: ["Kävin 01.03.2025 klo 8:15 ja maksoin 45,50 €.", "Huone 214, osasto 5B, 2 x 500 mg, 10 ml.", "Soitin 112 ja 116 117.",
                      "Palautteen tunnus 2026-K7QM2X.", "Y-tunnus 0201256-6 laskutti.", "Tilinumero FI21 1234 5600 0007 86 on väärin.",
                      "I was at home for 3 days on the road.", "Vi bor i Vasa, tel. nummer saknas."])
    func lookalikesAreLeftAlone(_ text: String) {
        #expect(PersonalData.find(in: text).isEmpty, "\(text)")
    }

    @Test func phoneNormalisation() {
        #expect(PhoneNumber.normalise("040 123 4567") == "+358401234567")
        #expect(PhoneNumber.normalise("+358 40 1234567") == "+358401234567")
        #expect(PhoneNumber.normalise("(09) 123 456") == "+3589123456")
        #expect(PhoneNumber.normalise("abc") == nil)
        #expect(PhoneNumber.normalise("123") == nil)
    }
}

@Suite struct FeedbackRuleTests {
    func submission(text: String = "Hyvä palvelu", kind: FeedbackKind? = .praise, wantsReply: Bool = false,
                    email: String = "", phone: String = "") -> FeedbackSubmission {
        FeedbackSubmission(serviceAreaID: "a", unitID: "u", kind: kind, text: text, wantsReply: wantsReply, email: email, phone: phone, language: .fi)
    }

    @Test func validation() {
        #expect(submission().problems() == [])
        #expect(submission(text: "  ").problems() == [.emptyText])
        #expect(submission(text: String(repeating: "a", count: 5001)).problems() == [.textTooLong])
        #expect(submission(kind: nil).problems() == [.noKind])
        #expect(submission(wantsReply: true).problems() == [.noContact])
        #expect(submission(email: "not-an-email").problems() == [.badEmail])
        #expect(submission(phone: "12").problems() == [.badPhone])
        #expect(submission(text: "Henkilötunnukseni 131052-308T").problems() == [.personalDataInText])
        #expect(submission(wantsReply: true, email: "a@b.fi").problems() == [])
    }

    @Test func routingGoesUpTheTreeToTheNearestHandlers() {
        let path = "/c/d/r/u/"
        #expect(FeedbackRouting.handlingNode(path: path, nodesWithHandlers: ["u", "c"]) == "u")
        #expect(FeedbackRouting.handlingNode(path: path, nodesWithHandlers: ["r", "c"]) == "r")
        #expect(FeedbackRouting.handlingNode(path: path, nodesWithHandlers: []) == nil)
        #expect(FeedbackRouting.escalationNode(path: path, handlingNodeID: "u", nodesWithHandlers: ["u", "c"]) == "c")
        #expect(FeedbackRouting.escalationNode(path: path, handlingNodeID: "c", nodesWithHandlers: ["u", "c"]) == nil)
    }

    @Test func servicePromise() {
        let received = Date(timeIntervalSince1970: 1_772_434_800)
        let promise = ServicePromise(days: 7)
        let due = promise.due(receivedAt: received)
        #expect(due.timeIntervalSince(received) == 7 * 86_400)
        #expect(promise.reminderAt(due: due) == received.addingTimeInterval(5 * 86_400))
        #expect(ServicePromise.isOverdue(due: due, status: .inProgress, now: due.addingTimeInterval(1)))
        #expect(!ServicePromise.isOverdue(due: due, status: .answered, now: due.addingTimeInterval(1)))
        #expect(ServicePromise.adherence(answeredOnTime: 3, missed: 1) == 0.75)
        #expect(ServicePromise.adherence(answeredOnTime: 0, missed: 0) == nil)
    }

    @Test func spamDefence() {
        let spam = SpamDefence()
        let t = Date(timeIntervalSince1970: 1_772_434_800)
        #expect(spam.verdict(honeypot: "", formShownAt: t, now: t.addingTimeInterval(30), submissionsThisHour: 0) == .accept)
        #expect(spam.verdict(honeypot: "http://spam", formShownAt: t, now: t.addingTimeInterval(30), submissionsThisHour: 0) == .bot)
        #expect(spam.verdict(honeypot: "", formShownAt: t, now: t.addingTimeInterval(1), submissionsThisHour: 0) == .tooFast)
        #expect(spam.verdict(honeypot: "", formShownAt: nil, now: t, submissionsThisHour: 0) == .expired)
        #expect(spam.verdict(honeypot: "", formShownAt: t, now: t.addingTimeInterval(30), submissionsThisHour: 10) == .rateLimited)
    }

    @Test func referenceNumbers() {
        let reference = ReferenceNumber.make(at: Date(timeIntervalSince1970: 1_772_434_800))
        #expect(reference.hasPrefix("2026-"))
        #expect(reference.count == 11)
    }
}

/// The case state machine, step by step: what each step changes, which events it writes, what it refuses.
@Suite struct CaseTransitionTests {
    static func newCase() -> FeedbackCase {
        FeedbackCase(id: "c", reference: "2026-ABCDEF", serviceAreaID: "a", targetNodeID: "u", handlingNodeID: "u", handlingPath: "/c/u/",
                     isTriage: true, kind: .criticism, status: .new, source: .web, recordingChannel: nil, recordedBy: nil, language: .fi,
                     body: "Jonotin tunnin.", wantsReply: true, hasContact: true, assigneeID: nil, receivedAt: TestClock.start,
                     dueAt: TestClock.start.addingTimeInterval(7 * 86_400))
    }

    @Test func handlingStepsChangeTheCaseAndWriteEvents() throws {
        var c = Self.newCase()
        let now = TestClock.start.addingTimeInterval(3600)
        #expect(try c.apply(.take, by: "h", at: now) == [.init(.taken)])
        #expect(c.status == .inProgress && c.assigneeID == "h")
        _ = try c.apply(.moveToUnit(code: "U2", targetNodeID: "u2", handlingNodeID: "a", handlingPath: "/c/a/", note: "Väärä yksikkö"), by: "h", at: now)
        #expect(c.status == .new && c.assigneeID == nil && !c.isTriage && c.handlingPath == "/c/a/")
        #expect(try c.apply(.reply(text: "Pahoittelemme.", hasEmail: true), by: "h", at: now) == [.init(.replied, note: "Pahoittelemme.")])
        #expect(c.status == .answered && c.answeredAt == now)
        _ = try c.apply(.close, by: "h", at: now.addingTimeInterval(60))
        #expect(c.status == .closed && c.answeredAt == now && c.closedAt == now.addingTimeInterval(60))
        _ = try c.apply(.publish(youSaid: "Jonot olivat pitkiä.", weDid: "Lisäsimme aikoja."), by: "h", at: now)
        _ = try c.apply(.reopen, by: "h", at: now)
        #expect(c.status == .inProgress && c.closedAt == nil)
        var met = Self.newCase()
        #expect(try met.apply(.contacted(.meeting, note: "Tapasimme vastaanotolla."), by: "h", at: now) == [.init(.met, note: "Tapasimme vastaanotolla.")])
        #expect(met.status == .answered && met.answeredAt == now)
    }

    /// Issue 27, item 2: an objection or a complaint is handed over only with the customer's
    /// agreement, once, to the objection handlers when they are set, and tracked to its decision.
    @Test func aFormalProcessIsHandedOverWithConsentAndDecided() throws {
        let original = Self.newCase()
        var c = original
        let now = TestClock.start
        #expect(throws: FeedbackCase.Refusal("case_error_formal_consent")) {
            try c.apply(.escalate(.objection, note: "Asiakas haluaa muistutuksen.", customerAgreed: false), by: "h", at: now)
        }
        #expect(c == original)
        #expect(throws: FeedbackCase.Refusal("case_error_formal_not_open")) { try c.apply(.formalDecision(note: "Ratkaistu."), by: "h", at: now) }
        let events = try c.apply(.escalate(.objection, note: "Asiakas haluaa muistutuksen.", customerAgreed: true,
                                          to: .init(nodeID: "reg", path: "/c/reg/")), by: "h", at: now)
        #expect(events == [.init(.escalated, note: "Asiakas haluaa muistutuksen.", data: "objection")])
        #expect(c.formalProcess == .objection && c.formalStatus == .handedOver && c.handlingNodeID == "reg" && c.assigneeID == nil)
        #expect(throws: FeedbackCase.Refusal("case_error_formal_already")) {
            try c.apply(.escalate(.complaint, note: "x", customerAgreed: true), by: "h", at: now)
        }
        _ = try c.apply(.formalDecision(note: "Muistutukseen vastattiin 12.3."), by: "h", at: now.addingTimeInterval(86_400))
        #expect(c.formalStatus == .decided && c.formalDecidedAt == now.addingTimeInterval(86_400))
    }

    @Test func refusedStepsChangeNothing() throws {
        let original = Self.newCase()
        let refusals: [(FeedbackCase.Change, String)] = [
            (.comment("  "), "case_error_note"),
            (.reply(text: "Vastaus", hasEmail: false), "case_error_no_email"),
            (.reply(text: String(repeating: "x", count: 10_001), hasEmail: true), "case_error_reply"),
            (.recordEffects([], description: ""), "case_error_effect"),
            (.reopen, "case_error_not_closed"),
            (.publish(youSaid: "a", weDid: "b"), "case_error_not_closed"),
            (.moveToUnit(code: "U2", targetNodeID: "u2", handlingNodeID: "u2", handlingPath: "/c/u2/", note: ""), "case_error_note"),
        ]
        for (change, key) in refusals {
            var c = original
            #expect(throws: FeedbackCase.Refusal(key)) { try c.apply(change, by: "h", at: TestClock.start) }
            #expect(c == original)
        }
        var closed = original
        _ = try closed.apply(.close, by: "h", at: TestClock.start)
        // Closing is not answering: the promise is met only by a reply or a recorded contact.
        #expect(closed.status == .closed && closed.answeredAt == nil)
        #expect(throws: FeedbackCase.Refusal("case_error_closed")) { try closed.apply(.close, by: "h", at: TestClock.start) }
        #expect(throws: FeedbackCase.Refusal("case_error_publish_personal")) {
            try closed.apply(.publish(youSaid: "Soita 040 123 4567", weDid: "x"), by: "h", at: TestClock.start)
        }
        closed.forbidsPublication = true
        #expect(throws: FeedbackCase.Refusal("case_error_publication_forbidden")) {
            try closed.apply(.publish(youSaid: "a", weDid: "b"), by: "h", at: TestClock.start)
        }
    }
}
