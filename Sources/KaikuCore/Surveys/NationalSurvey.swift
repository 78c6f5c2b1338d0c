/// The national regular survey, preloaded by migration 3 in every database. Its question keys
/// (`thl.*`) are the same in every county so that results compare nationally.
///
/// `version1` is frozen: migration 3 stores this exact text and is checksummed. Changes to the
/// national wording are a new version added by a new migration, never an edit here.
public enum NationalSurvey {
    public static let code = "thl-national"

    public static let name = LocalizedText(fi: "Kansallinen asiakaspalautekysely", sv: "Nationell kundresponsenkät",
                                           en: "National customer feedback survey")

    public static let version1 = #"""
{
 "questions": [
  {
   "isNational": true,
   "isRequired": true,
   "key": "thl.nps",
   "options": [],
   "text": {
    "en": "How likely would you be to recommend the service you received to a family member or friend in the same situation?",
    "fi": "Kuinka todennäköisesti suosittelisit saamaasi palvelua läheisellesi tai ystävällesi, joka on samanlaisessa tilanteessa?",
    "sv": "Hur sannolikt är det att du skulle rekommendera tjänsten du fick till en närstående eller vän i samma situation?"
   },
   "type": "nps"
  },
  {
   "isNational": true,
   "isRequired": false,
   "key": "thl.nps_reason",
   "options": [],
   "text": {
    "en": "If you wish, tell us more about what your rating is based on.",
    "fi": "Kerro halutessasi tarkemmin, mihin arviosi perustuu.",
    "sv": "Berätta gärna närmare vad din bedömning grundar sig på."
   },
   "type": "free_text"
  },
  {
   "isNational": true,
   "isRequired": false,
   "key": "thl.smooth",
   "options": [],
   "text": {
    "en": "Dealing with the service went smoothly.",
    "fi": "Asiointi oli sujuvaa.",
    "sv": "Det var smidigt att uträtta ärenden."
   },
   "type": "agree5"
  },
  {
   "isNational": true,
   "isRequired": false,
   "key": "thl.help_when_needed",
   "options": [],
   "text": {
    "en": "I got help when I needed it.",
    "fi": "Sain apua silloin, kun sitä tarvitsin.",
    "sv": "Jag fick hjälp när jag behövde det."
   },
   "type": "agree5"
  },
  {
   "isNational": true,
   "isRequired": false,
   "key": "thl.safe",
   "options": [],
   "text": {
    "en": "I felt safe.",
    "fi": "Koin oloni turvalliseksi.",
    "sv": "Jag kände mig trygg."
   },
   "type": "agree5"
  },
  {
   "isNational": true,
   "isRequired": false,
   "key": "thl.useful",
   "options": [],
   "text": {
    "en": "The service was useful to me.",
    "fi": "Palvelusta oli minulle hyötyä.",
    "sv": "Jag hade nytta av tjänsten."
   },
   "type": "agree5"
  },
  {
   "isNational": true,
   "isRequired": false,
   "key": "thl.understandable_information",
   "options": [],
   "text": {
    "en": "I received information I could understand.",
    "fi": "Sain ymmärrettävää tietoa.",
    "sv": "Jag fick begriplig information."
   },
   "type": "agree5"
  },
  {
   "isNational": true,
   "isRequired": false,
   "key": "thl.decided_together",
   "options": [],
   "text": {
    "en": "Decisions concerning me were made together with me.",
    "fi": "Minua koskevista asioista päätettiin yhdessä kanssani.",
    "sv": "Beslut som gällde mig fattades tillsammans med mig."
   },
   "type": "agree5"
  }
 ],
 "source": "THL national customer-feedback structure: the recommendation question (English wording from THL as given in the product issue), an open follow-up and the national basic statements on the 1-5 agree scale. The Finnish and Swedish forms and the statements were written to THL's structure; check them against THL's current publication before production (a new version keeps the question keys)."
}
"""#

    public static var definition: SurveyDefinition { try! SurveyDefinition.decode(version1) }
}
