import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The admin's list of surveys: kind, status, period and responses, with the way to the designer
/// and to the short-term survey requests waiting for a decision.
struct AdminSurveyRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminSurveys, .admin) { request, context, _ in
            let overview = try await services.surveyDesigning.overview(by: services.actor(context))
            let rows = overview.surveys.map { survey, responses, bursts in
                SurveyRow(href: SiteURL.adminSurvey(survey.id).path, code: survey.code, name: survey.name[context.language],
                          kind: services.text("survey_kind_" + survey.kind.rawValue, context),
                          status: services.text("survey_status_" + survey.status.rawValue, context), isNational: survey.isNational,
                          period: [survey.startsOn?.description, survey.endsOn?.description].map { $0 ?? "…" }.joined(separator: " – "),
                          responses: responses, bursts: bursts.map(String.init))
            }
            let waiting = overview.waitingRequests
            return try services.page(SurveyListPage(surveys: rows, waitingRequests: waiting == 0 ? nil : String(waiting)),
                                     title: "surveys_title", request: request, context: context)
        }
    }
}
