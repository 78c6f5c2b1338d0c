/// The easy-to-read (selkokieli, lättläst) and children's (7–12) versions of a form (issue 28):
/// the same questions under the same keys in other words, so their answers count in the standard
/// figures. The national survey's wording ships here; a question without a variant's wording keeps
/// its standard text (and the version still shows picture scales).
public enum SurveyVariants {
    /// The definition as the variant words it, with the "answering as" question at the end.
    public static func form(_ definition: SurveyDefinition, variant: SurveyVariant) -> SurveyDefinition {
        var worded = definition
        if variant != .standard {
            for index in worded.questions.indices {
                if let text = national[variant]?[worded.questions[index].key] { worded.questions[index].text = text }
            }
        }
        worded.questions.append(SurveyBackground.respondentQuestion(variant))
        return worded
    }

    static let national: [SurveyVariant: [String: LocalizedText]] = [
        .easy: [
            "thl.nps": LocalizedText(fi: "Suosittelisitko tätä palvelua ystävällesi tai läheisellesi?",
                                     sv: "Skulle du tipsa en vän eller en närstående om den här tjänsten?",
                                     en: "Would you tell a friend or a family member to use this service?"),
            "thl.nps_reason": LocalizedText(fi: "Miksi valitsit tämän numeron? Voit kirjoittaa tähän.",
                                            sv: "Varför valde du den siffran? Du kan skriva här.",
                                            en: "Why did you choose that number? You can write here."),
            "thl.smooth": LocalizedText(fi: "Asiointi oli helppoa.", sv: "Det var lätt att sköta mitt ärende.", en: "It was easy to get things done."),
            "thl.help_when_needed": LocalizedText(fi: "Sain apua, kun tarvitsin apua.", sv: "Jag fick hjälp när jag behövde hjälp.",
                                                  en: "I got help when I needed help."),
            "thl.safe": LocalizedText(fi: "Minulla oli turvallinen olo.", sv: "Jag kände mig trygg.", en: "I felt safe."),
            "thl.useful": LocalizedText(fi: "Palvelusta oli minulle apua.", sv: "Tjänsten hjälpte mig.", en: "The service helped me."),
            "thl.understandable_information": LocalizedText(fi: "Ymmärsin, mitä minulle kerrottiin.", sv: "Jag förstod det som de berättade för mig.",
                                                            en: "I understood what I was told."),
            "thl.decided_together": LocalizedText(fi: "Asioistani päätettiin yhdessä minun kanssani.", sv: "Vi bestämde tillsammans om mina saker.",
                                                  en: "We decided together about my things."),
        ],
        .child: [
            "thl.nps": LocalizedText(fi: "Kertoisitko kaverillesi, että täällä oli hyvä käydä?", sv: "Skulle du säga till en kompis att det var bra att komma hit?",
                                     en: "Would you tell a friend that it was good to come here?"),
            "thl.nps_reason": LocalizedText(fi: "Mikä oli kivaa? Mikä ei ollut kivaa? Voit kirjoittaa tähän.",
                                            sv: "Vad var bra? Vad var inte bra? Du kan skriva här.",
                                            en: "What was good? What was not good? You can write here."),
            "thl.smooth": LocalizedText(fi: "Kaikki sujui hyvin.", sv: "Allt gick bra.", en: "Everything went well."),
            "thl.help_when_needed": LocalizedText(fi: "Sain apua, kun tarvitsin.", sv: "Jag fick hjälp när jag behövde.", en: "I got help when I needed it."),
            "thl.safe": LocalizedText(fi: "Minulla oli turvallinen olo.", sv: "Jag kände mig trygg.", en: "I felt safe."),
            "thl.useful": LocalizedText(fi: "Käynnistä oli minulle apua.", sv: "Besöket hjälpte mig.", en: "The visit helped me."),
            "thl.understandable_information": LocalizedText(fi: "Aikuiset puhuivat niin, että ymmärsin.", sv: "De vuxna pratade så att jag förstod.",
                                                            en: "The grown-ups talked so that I understood."),
            "thl.decided_together": LocalizedText(fi: "Minua kuunneltiin, kun asioistani päätettiin.", sv: "De lyssnade på mig när de bestämde om mina saker.",
                                                  en: "They listened to me when they decided about my things."),
        ],
    ]
}

/// What a form asks besides the survey's questions and what it says of the answer's circumstances:
/// who is answering (a question of its own, read like the others and kept as a background value,
/// never as an answer), the variant shown and whether a staff member helped.
public enum SurveyBackground {
    public static let respondentKey = "bg.respondent"
    /// Form fields: the variant the page showed, and the staff device's "assisted" box.
    public static let variantField = "bg.variant"
    public static let assistedField = "bg.assisted"

    public static func respondentQuestion(_ variant: SurveyVariant) -> Question {
        let (text, options) = respondentTexts[variant] ?? respondentTexts[.standard]!
        return Question(key: respondentKey, type: .singleChoice, text: text,
                        options: zip(Respondent.allCases, options).map { QuestionOption(key: $0.rawValue, text: $1) })
    }

    /// The background a form's fields give (a variant the form did not offer is the standard one).
    public static func read(_ fields: [String: [String]], answers: inout [String: AnswerValue], assistedAllowed: Bool)
        -> (respondent: Respondent?, variant: SurveyVariant?, assistance: Assistance) {
        var respondent: Respondent?
        if case .choice(let key)? = answers.removeValue(forKey: respondentKey) { respondent = Respondent(rawValue: key) }
        let variant = fields[variantField]?.first.flatMap(SurveyVariant.init)
        let assisted = assistedAllowed && fields[assistedField]?.first == "1"
        return (respondent, variant, assisted ? .assisted : .independent)
    }

    static let respondentTexts: [SurveyVariant: (LocalizedText, [LocalizedText])] = [
        .standard: (LocalizedText(fi: "Kuka vastaa kyselyyn?", sv: "Vem svarar på enkäten?", en: "Who is answering?"), [
            LocalizedText(fi: "Asiakas itse", sv: "Kunden själv", en: "The customer"),
            LocalizedText(fi: "Asiakkaan läheinen", sv: "En närstående till kunden", en: "A relative of the customer"),
            LocalizedText(fi: "Lapsen huoltaja", sv: "Barnets vårdnadshavare", en: "A child's parent or guardian"),
            LocalizedText(fi: "Työntekijä asiakkaan puolesta", sv: "En anställd för kundens räkning", en: "A staff member on the customer's behalf"),
        ]),
        .easy: (LocalizedText(fi: "Kuka vastaa?", sv: "Vem svarar?", en: "Who is answering?"), [
            LocalizedText(fi: "Minä itse. Olin asiakas.", sv: "Jag själv. Jag var kund.", en: "Me. I was the customer."),
            LocalizedText(fi: "Olen asiakkaan läheinen.", sv: "Jag är närstående till kunden.", en: "I am close to the customer, for example family."),
            LocalizedText(fi: "Olen lapsen vanhempi tai huoltaja.", sv: "Jag är barnets förälder eller vårdnadshavare.", en: "I am the child's parent or guardian."),
            LocalizedText(fi: "Olen työntekijä. Vastaan asiakkaan puolesta.", sv: "Jag är anställd. Jag svarar för kunden.",
                          en: "I work here. I answer for the customer."),
        ]),
        .child: (LocalizedText(fi: "Kuka vastaa?", sv: "Vem svarar?", en: "Who is answering?"), [
            LocalizedText(fi: "Minä itse", sv: "Jag själv", en: "Me"),
            LocalizedText(fi: "Joku läheiseni", sv: "Någon som står mig nära", en: "Someone close to me"),
            LocalizedText(fi: "Äiti, isä tai muu huoltaja", sv: "Mamma, pappa eller en annan vårdnadshavare", en: "Mum, dad or another guardian"),
            LocalizedText(fi: "Työntekijä minun puolestani", sv: "En anställd för min räkning", en: "A staff member for me"),
        ]),
    ]
}
