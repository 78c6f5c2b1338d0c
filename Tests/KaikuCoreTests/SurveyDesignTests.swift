import Foundation
import Testing
@testable import KaikuCore

@Suite struct SurveyDesignTests {
    static let text = LocalizedText(fi: "a", sv: "a", en: "a")
    static let definition = SurveyDefinition(questions: [
        Question(key: "thl.nps", type: .nps, text: text, isRequired: true, isNational: true),
        Question(key: "q1", type: .freeText, text: text, condition: QuestionCondition(questionKey: "thl.nps", minimum: 0, maximum: 6)),
        Question(key: "q4", type: .yesNo, text: text),
    ])

    @Test func newQuestionsGetUnusedKeys() {
        let (added, key) = SurveyDesign.adding(.singleChoice, to: Self.definition)
        #expect(key == "q5")
        #expect(added.questions.last?.options.count == 2)
        #expect(SurveyDesign.adding(.nps, to: SurveyDefinition(questions: [])).1 == "q1")
    }

    @Test func followUpsStayAfterTheQuestionTheyDependOn() {
        #expect(SurveyDesign.moving("q1", by: -1, in: Self.definition) == nil)
        #expect(SurveyDesign.moving("q4", by: -1, in: Self.definition)?.questions.map(\.key) == ["thl.nps", "q4", "q1"])
        #expect(SurveyDesign.moving("q4", by: 1, in: Self.definition) == Self.definition)
        #expect(SurveyDesign.removing("thl.nps", from: Self.definition) == nil)
        #expect(SurveyDesign.removing("q1", from: Self.definition)?.questions.count == 2)
    }

    @Test func editingANationalQuestionIsNoticed() {
        var edited = Self.definition.questions[0]
        edited.isRequired = false
        #expect(SurveyDesign.nationalChanges(from: Self.definition, to: SurveyDesign.replacing(edited, in: Self.definition)) == [])
        edited.text = LocalizedText(fi: "b", sv: "a", en: "a")
        #expect(SurveyDesign.nationalChanges(from: Self.definition, to: SurveyDesign.replacing(edited, in: Self.definition)) == ["thl.nps"])
        let removed = SurveyDefinition(questions: Array(Self.definition.questions.dropFirst()))
        #expect(SurveyDesign.nationalChanges(from: Self.definition, to: removed) == ["thl.nps"])
    }

    @Test func optionsAreWrittenOnePerLine() {
        let options = SurveyDesign.parseOptions("aamu | Aamulla | På morgonen | In the morning\n\nilta|Illalla|På kvällen|In the evening\n")
        #expect(options?.map(\.key) == ["aamu", "ilta"])
        #expect(options?[1].text == LocalizedText(fi: "Illalla", sv: "På kvällen", en: "In the evening"))
        #expect(SurveyDesign.parseOptions(SurveyDesign.formatOptions(options ?? [])) == options)
        #expect(SurveyDesign.parseOptions("aamu | Aamulla") == nil)
        #expect(SurveyDesign.parseOptions("a|1|1|1\na|2|2|2") == nil)
        #expect(SurveyDesign.parseOptions("Iso Avain|1|1|1") == nil)
    }

    @Test func surveyCodesAreSafeInLinks() {
        #expect(SurveyDesign.isValidSurveyCode("perhekeskus-kevat-2027"))
        #expect(!SurveyDesign.isValidSurveyCode("1abc"))
        #expect(!SurveyDesign.isValidSurveyCode("kysely/../x"))
        #expect(!SurveyDesign.isValidSurveyCode("Kysely"))
    }

    @Test func publishingNeedsTargetsChannelsAndSensibleDates() {
        let today = CalendarDay("2027-03-01")!
        #expect(SurveyDesign.publishProblems(isShortTerm: true, startsOn: nil, endsOn: nil, targetCount: 0, channels: [], today: today)
                == [.noTargets, .noChannels, .noEndDate])
        #expect(SurveyDesign.publishProblems(isShortTerm: true, startsOn: today, endsOn: today.adding(days: -1), targetCount: 1,
                                             channels: [.qr], today: today) == [.badDates])
        #expect(SurveyDesign.publishProblems(isShortTerm: false, startsOn: nil, endsOn: nil, targetCount: 1, channels: [.qr], today: today) == [])
    }
}

@Suite struct SurveyOverlapTests {
    static func plan(_ id: String, _ paths: [String], _ audience: Audience = .adults, _ channels: Set<Channel> = [.qr],
                     _ start: String? = nil, _ end: String? = nil) -> SurveyPlan {
        SurveyPlan(surveyID: id, targetPaths: paths, audience: audience, channels: channels, startsOn: start.flatMap(CalendarDay.init),
                   endsOn: end.flatMap(CalendarDay.init))
    }

    @Test func sameAudienceChannelPlaceAndTimeOverlap() {
        let mine = Self.plan("new", ["/c/d/u1/"], .adults, [.qr, .sms], "2027-03-01", "2027-03-31")
        let county = Self.plan("county", ["/c/"], .adults, [.qr, .kiosk])
        let found = SurveyOverlaps.find(for: mine, among: [county, mine])
        #expect(found == [SurveyOverlap(otherSurveyID: "county", path: "/c/d/u1/", channels: [.qr])])
    }

    /// Issue 27, item 5: a short-term survey for adults over the national survey for all customers
    /// of the same unit and channel, or for older people over one for adults, overlaps.
    @Test func anAudienceInsideTheOthersOverlaps() {
        let adults = Self.plan("new", ["/c/d/u1/"], .adults, [.sms], "2027-03-01", "2027-03-31")
        let everyone = Self.plan("national", ["/c/"], .all, [.sms, .qr])
        #expect(SurveyOverlaps.find(for: adults, among: [everyone]) == [SurveyOverlap(otherSurveyID: "national", path: "/c/d/u1/", channels: [.sms])])
        #expect(SurveyOverlaps.find(for: everyone, among: [adults]).count == 1)
        #expect(SurveyOverlaps.find(for: Self.plan("old", ["/c/d/u1/"], .olderPeople, [.sms]), among: [adults]).count == 1)
        #expect(SurveyOverlaps.find(for: Self.plan("kids", ["/c/d/u1/"], .children, [.sms]), among: [adults]).isEmpty)
        #expect(Audience.allCases.allSatisfy { $0.overlaps(.all) && Audience.all.overlaps($0) && $0.overlaps($0) })
    }

    @Test func differentAudienceChannelPlaceOrTimeDoNotOverlap() {
        let mine = Self.plan("new", ["/c/d/u1/"], .adults, [.qr], "2027-03-01", "2027-03-31")
        #expect(SurveyOverlaps.find(for: mine, among: [Self.plan("a", ["/c/"], .children)]).isEmpty)
        #expect(SurveyOverlaps.find(for: mine, among: [Self.plan("b", ["/c/"], .adults, [.sms])]).isEmpty)
        #expect(SurveyOverlaps.find(for: mine, among: [Self.plan("c", ["/c/d/u2/"])]).isEmpty)
        #expect(SurveyOverlaps.find(for: mine, among: [Self.plan("d", ["/c/"], .adults, [.qr], "2027-04-01", nil)]).isEmpty)
        #expect(SurveyOverlaps.find(for: mine, among: [Self.plan("e", ["/c/"], .adults, [.qr], nil, "2027-02-28")]).isEmpty)
        #expect(SurveyOverlaps.find(for: mine, among: [Self.plan("f", ["/c/"], .adults, [.qr], nil, "2027-03-01")]).count == 1)
    }

    @Test func aRequestNeedsEveryPartOfTheForm() {
        let today = CalendarDay("2027-03-01")!
        #expect(SurveyRequestDraft().problems(today: today) == [.title, .unit, .purpose, .goal, .audience, .channels, .schedule, .questions, .resultsUse])
        var draft = SurveyRequestDraft(title: "Perhekeskuksen pilotti", unitCode: "ESIM-U002", purpose: "p", goal: "g", audience: .relatives,
                                       channels: [.qr], startsOn: today, endsOn: today.adding(days: 30), draftQuestions: "q", resultsUse: "r")
        #expect(draft.problems(today: today) == [])
        draft.startsOn = today.adding(days: -1)
        #expect(draft.problems(today: today) == [.schedule])
        draft.startsOn = today
        draft.endsOn = today.adding(days: 400)
        #expect(draft.problems(today: today) == [.schedule])
    }
}

@Suite struct TrimmingTests {
    @Test func trimmedMatchesFoundation() {
        for text in ["", "  ", " a ", "\n\tHyvä palvelu \r\n", "a b", "\u{00A0}x\u{2003}", "😀 "] {
            #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
        }
    }
}
