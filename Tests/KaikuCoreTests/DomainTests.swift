import Foundation
import Testing
import KaikuApp
@testable import KaikuCore

@Suite struct LanguageTests {
    @Test func queryBeatsCookieBeatsAcceptLanguage() {
        #expect(Language.negotiate(query: "sv", cookie: "en", acceptLanguage: "fi") == .sv)
        #expect(Language.negotiate(query: nil, cookie: "en", acceptLanguage: "sv") == .en)
        #expect(Language.negotiate(query: "xx", cookie: nil, acceptLanguage: "sv-FI,sv;q=0.9,en;q=0.8") == .sv)
        #expect(Language.negotiate(query: nil, cookie: nil, acceptLanguage: "de-DE,en;q=0.5,sv;q=0.7") == .sv)
        #expect(Language.negotiate(query: nil, cookie: nil, acceptLanguage: "de") == .fi)
        #expect(Language.negotiate(query: nil, cookie: nil, acceptLanguage: nil) == .fi)
        #expect(Language.negotiate(query: nil, cookie: nil, acceptLanguage: "sv;q=0, en") == .en)
    }

    @Test func missingTranslationsFallBackToFinnish() {
        let text = LocalizedText(fi: "Yksikkö", sv: "", en: "Unit")
        #expect(text[.sv] == "Yksikkö")
        #expect(text[.en] == "Unit")
        #expect(text.exact(.sv) == "")
    }
}

@Suite struct CalendarDayTests {
    @Test func parsesOnlyRealDates() {
        #expect(CalendarDay("2024-02-29") != nil)
        #expect(CalendarDay("2023-02-29") == nil)
        #expect(CalendarDay("2100-02-29") == nil)
        #expect(CalendarDay("2000-02-29") != nil)
        #expect(CalendarDay("2024-13-01") == nil)
        #expect(CalendarDay("2024-1-01") == nil)
        #expect(CalendarDay("01.02.2024") == nil)
        #expect(CalendarDay("2024-04-31") == nil)
    }

    @Test func dayOfAnInstantIsHelsinkiTime() {
        // 2026-03-01T23:30Z is already 2 March in Helsinki.
        #expect(CalendarDay(Date(timeIntervalSince1970: 1_772_407_800)).description == "2026-03-02")
        #expect(CalendarDay("2026-03-01")!.adding(days: -1).description == "2026-02-28")
    }
}

@Suite struct AccessTests {
    let unitA = "/c/d/r/a/"
    let unitB = "/c/d/r/b/"

    @Test func grantsCoverTheirSubtreeOnly() {
        let policy = AccessPolicy(grants: [Grant(role: .handler, scopeNodeID: "a", scopePath: unitA),
                                           Grant(role: .reporter, scopeNodeID: "r", scopePath: "/c/d/r/")])
        #expect(policy.allows(.handler, onNodeAt: unitA))
        #expect(policy.allows(.handler, onNodeAt: unitA + "sp/"))
        #expect(!policy.allows(.handler, onNodeAt: unitB))
        #expect(policy.allows(.reporter, onNodeAt: unitB))
        #expect(!policy.allows(.admin, onNodeAt: unitA))
        #expect(policy.allowsAny([.handler, .reporter], onNodeAt: unitB))
        #expect(!policy.allowsAny([.handler, .reporter], onNodeAt: "/c/other/"))
    }

    @Test func scopePathsDropCoveredGrants() {
        let policy = AccessPolicy(grants: [Grant(role: .handler, scopeNodeID: "a", scopePath: unitA),
                                           Grant(role: .handler, scopeNodeID: "r", scopePath: "/c/d/r/")])
        #expect(policy.scopePaths(for: .handler) == ["/c/d/r/"])
    }

    @Test func similarIDsDoNotLeak() {
        // "/c/d/r/a/" must not cover "/c/d/r/ab/": paths end with a slash for this reason.
        let policy = AccessPolicy(grants: [Grant(role: .handler, scopeNodeID: "a", scopePath: unitA)])
        #expect(!policy.allows(.handler, onNodeAt: "/c/d/r/ab/"))
    }
}

@Suite struct AuthenticationRuleTests {
    @Test func lockGrowsWithFailuresAndEnds() {
        let throttle = LoginThrottle()
        let t = TestClock.start
        #expect(throttle.lockedUntil(failures: 4, lastFailure: t) == nil)
        #expect(throttle.lockedUntil(failures: 5, lastFailure: t) == t.addingTimeInterval(15))
        #expect(throttle.lockedUntil(failures: 6, lastFailure: t) == t.addingTimeInterval(30))
        // Never more than two minutes: a guesser cannot keep the owner out (security review, item 14).
        #expect(throttle.lockedUntil(failures: 40, lastFailure: t) == t.addingTimeInterval(120))
        #expect(throttle.isLocked(failures: 5, lastFailure: t, now: t.addingTimeInterval(14)))
        #expect(!throttle.isLocked(failures: 5, lastFailure: t, now: t.addingTimeInterval(16)))
        #expect(throttle.delay(afterFailures: 1) == 0.25)
        #expect(throttle.delay(afterFailures: 100) == 2)
    }

    @Test func passwordRules() {
        #expect(PasswordRules.check("short") == .tooShort)
        #expect(PasswordRules.check("aaaaaaaaaaaaaaaa") == .tooSimple)
        #expect(PasswordRules.check(String(repeating: "ä", count: 40)) == .tooLong)
        #expect(PasswordRules.check("korjaa-kaikki-2026") == nil)
    }

    @Test func emails() {
        #expect(EmailAddress.isValid("kalle.kasittelija@esimerkkila.fi"))
        #expect(!EmailAddress.isValid("kalle@localhost"))
        #expect(!EmailAddress.isValid("kalle esimerkki@x.fi"))
        #expect(!EmailAddress.isValid("@x.fi"))
        #expect(!EmailAddress.isValid("a@b@c.fi"))
        #expect(EmailAddress.normalise("  Kalle@Esimerkkila.FI ") == "kalle@esimerkkila.fi")
    }
}

enum TestClock {
    static let start = Date(timeIntervalSince1970: 1_772_434_800)
}

@Suite struct MiscellaneousDomainTests {
    @Test func textBlocks() {
        let blocks = TextBlock.parse("# Otsikko\n\nEnsimmäinen\nkappale.\n\n- yksi\n- kaksi")
        #expect(blocks.map(\.kind) == [.heading, .paragraph, .list])
        #expect(blocks[2].lines == ["yksi", "kaksi"])
    }

    @Test func identifiersSortByTime() {
        let a = Identifier.make(at: TestClock.start)
        let b = Identifier.make(at: TestClock.start.addingTimeInterval(0.002))
        #expect(a < b)
        #expect(Identifier.isWellFormed(a))
        #expect(Identifier.makeSecret().count >= 43)
    }

    @Test func timestampsRoundTripAndSort() {
        let text = Timestamp.format(TestClock.start)
        #expect(text == "2026-03-02T07:00:00.000Z")
        #expect(Timestamp.parse(text) == TestClock.start)
    }

    @Test func demoCountyHasTheAdvertisedShape() throws {
        let nodes = DemoCounty.nodes()
        #expect(nodes.filter { $0.level == .division }.count == 4)
        #expect(nodes.filter { $0.level == .resultArea }.count == 12)
        #expect(nodes.filter { $0.level == .unit }.count == 60)
        #expect(nodes.filter { $0.level == .servicePoint }.count == 120)
        // The demo is a valid import file.
        #expect(try OrgImport.read(OrgImport.csv(nodes)).get().map(\.node) == nodes)
    }

    @Test func backgroundCodes() {
        #expect(AgeBand(age: 18) == .age18to29)
        #expect(AgeBand(age: 85)?.rawValue == "85+")
        #expect(AgeBand(age: 6) == nil)
        #expect(Channel.allCases.map(\.rawValue) == ["sms", "email", "qr", "kiosk", "widget", "web", "paper", "interview", "phone"])
        #expect(ContactType.homeVisit.rawValue == "home_visit")
    }
}

@Suite struct RandomIdentifierTests {
    @Test func batchIdsAreRandomVersion4UUIDsThatShareOnlyTheirFirstHalf() {
        let ids = Identifier.makeRandom(count: 3)
        #expect(Set(ids).count == 3)
        #expect(ids.allSatisfy { Identifier.isWellFormed($0) && Array($0)[14] == "4" && "89ab".contains(Array($0)[19]) })
        #expect(Set(ids.map { $0.prefix(18) }).count == 1)
        // Another commit's ids share nothing with these: no counter, no clock.
        #expect(Identifier.makeRandom(count: 1)[0].prefix(18) != ids[0].prefix(18))
    }
}
