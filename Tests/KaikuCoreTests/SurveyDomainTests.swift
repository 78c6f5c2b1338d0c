import Foundation
import Testing
@testable import KaikuCore

@Suite struct SurveyDomainTests {
    @Test func nationalSurveyIsCompleteInThreeLanguages() {
        let definition = NationalSurvey.definition
        #expect(definition.problems() == [])
        #expect(definition.questions.first?.key == "thl.nps")
        #expect(definition.questions.first?.type == .nps)
        #expect(definition.questions.first?.text.en == "How likely would you be to recommend the service you received to a family member or friend in the same situation?")
        #expect(definition.questions.filter { $0.type == .agree5 }.count == 6)
        #expect(definition.questions.allSatisfy { $0.isNational && !$0.text.fi.isEmpty && !$0.text.sv.isEmpty && !$0.text.en.isEmpty })
        #expect(!definition.source.isEmpty)
    }

    static let definition = SurveyDefinition(questions: [
        Question(key: "nps", type: .nps, text: LocalizedText(fi: "a", sv: "a", en: "a"), isRequired: true),
        Question(key: "why_low", type: .freeText, text: LocalizedText(fi: "b", sv: "b", en: "b"),
                 condition: QuestionCondition(questionKey: "nps", minimum: 0, maximum: 6)),
        Question(key: "why_high", type: .freeText, text: LocalizedText(fi: "c", sv: "c", en: "c"),
                 condition: QuestionCondition(questionKey: "nps", minimum: 9, maximum: 10)),
        Question(key: "safe", type: .agree5, text: LocalizedText(fi: "d", sv: "d", en: "d")),
        Question(key: "solved", type: .yesNo, text: LocalizedText(fi: "e", sv: "e", en: "e")),
        Question(key: "topics", type: .multipleChoice, text: LocalizedText(fi: "f", sv: "f", en: "f"),
                 options: [QuestionOption(key: "wait", text: LocalizedText(fi: "w", sv: "w", en: "w")),
                           QuestionOption(key: "staff", text: LocalizedText(fi: "s", sv: "s", en: "s"))]),
        Question(key: "mood", type: .smiley3, text: LocalizedText(fi: "g", sv: "g", en: "g")),
    ])

    @Test func conditionalFollowUpsKeepOnlyTheShownOne() {
        let (answers, problems) = SurveyAnswers.read(Self.definition, fields: [
            "q.nps": ["3"], "q.why_low": ["Odotin pitkään"], "q.why_high": ["ei näytetä"], "q.safe": ["cant_say"],
            "q.solved": ["yes"], "q.topics": ["wait", "staff", "wait"], "q.mood": ["2"],
        ])
        #expect(problems == [])
        #expect(answers["nps"] == .number(3))
        #expect(answers["why_low"] == .text("Odotin pitkään"))
        #expect(answers["why_high"] == nil)
        #expect(answers["safe"] == .cantSay)
        #expect(answers["solved"] == .number(1))
        #expect(answers["topics"] == .choices(["staff", "wait"]))
        #expect(answers["mood"] == .number(2))
    }

    @Test func invalidAndMissingAnswers() {
        let (_, problems) = SurveyAnswers.read(Self.definition, fields: [
            "q.safe": ["7"], "q.solved": ["maybe"], "q.topics": ["nope"], "q.mood": ["5"],
        ])
        #expect(problems.map(\.questionKey) == ["nps", "safe", "solved", "topics", "mood"])
        #expect(problems.first?.kind == .required)
        let (_, npsProblems) = SurveyAnswers.read(Self.definition, fields: ["q.nps": ["11"]])
        #expect(npsProblems.map(\.kind) == [.invalid])
        let (_, cantSayNPS) = SurveyAnswers.read(Self.definition, fields: ["q.nps": ["cant_say"]])
        #expect(cantSayNPS.map(\.kind) == [.invalid])
    }

    @Test func definitionsAreChecked() {
        var definition = Self.definition
        definition.questions.append(Question(key: "nps", type: .singleChoice, text: LocalizedText(fi: "x")))
        definition.questions.append(Question(key: "late", type: .freeText, text: LocalizedText(fi: "x", sv: "x", en: "x"),
                                             condition: QuestionCondition(questionKey: "later", minimum: 0, maximum: 1)))
        let problems = definition.problems()
        #expect(problems.contains(DefinitionProblem(.duplicateKey, "nps")))
        #expect(problems.contains(DefinitionProblem(.tooFewOptions, "nps")))
        #expect(problems.contains(DefinitionProblem(.textMissing, "nps")))
        #expect(problems.contains(DefinitionProblem(.badCondition, "late")))
        #expect(SurveyDefinition(questions: []).problems() == [DefinitionProblem(.noQuestions, "")])
    }

    @Test func definitionsRoundTripThroughJSON() throws {
        #expect(try SurveyDefinition.decode(try Self.definition.encoded()) == Self.definition)
    }

    @Test func tokensHaveAtLeast128Bits() {
        let token = SurveyToken.make()
        #expect(token.count >= 43)  // 256 bits in base64url
        #expect(SurveyToken.isWellFormed(token))
        #expect(!SurveyToken.isWellFormed("short"))
        #expect(!SurveyToken.isWellFormed(token + "/../x"))
    }
}
