/// The first-line phone service's survey from the field (seed 003): two yes/no questions asked
/// after a call, preloaded by migration 9 in every database. `version1` is frozen like the
/// national survey's.
public enum PhoneServiceSurvey {
    public static let code = "phone-service"

    public static let name = LocalizedText(fi: "Puhelinpalvelun asiakaskysely", sv: "Kundenkät om telefontjänsten",
                                           en: "Phone service survey")

    public static let version1 = #"""
{
 "questions": [
  {
   "isNational": false,
   "isRequired": false,
   "key": "resolved_during_call",
   "options": [],
   "text": {
    "en": "Did you get a solution to your matter during the call?",
    "fi": "Saitko ratkaisun asiaasi puhelun aikana?",
    "sv": "Fick du en lösning på ditt ärende under samtalet?"
   },
   "type": "yes_no"
  },
  {
   "isNational": false,
   "isRequired": false,
   "key": "knows_next_steps",
   "options": [],
   "text": {
    "en": "Do you know how your care or service will continue?",
    "fi": "Tiedätkö, miten hoitosi/palvelusi jatkuu?",
    "sv": "Vet du hur din vård eller service fortsätter?"
   },
   "type": "yes_no"
  }
 ],
 "source": "The first-line phone service's follow-up questions as the county asks them (field report 003)."
}
"""#

    public static var definition: SurveyDefinition { try! SurveyDefinition.decode(version1) }
}
