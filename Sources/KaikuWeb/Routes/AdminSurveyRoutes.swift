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
        staff.get(.adminSurveys, .admin) { request, context, user in
            let repository = SurveyRepository(services.database.sql)
            // Answers refused as bursts (ballot stuffing) in the admin's units, flagged per survey.
            let bursts = try await repository.burstsBySurvey(since: services.today().adding(days: -30), within: user.policy.scopePaths(for: .admin))
            var rows: [SurveyRow] = []
            for survey in try await services.surveysSeen(by: user) {
                let period = [survey.startsOn?.description, survey.endsOn?.description].map { $0 ?? "…" }.joined(separator: " – ")
                rows.append(SurveyRow(href: SiteURL.adminSurvey(survey.id).path, code: survey.code, name: survey.name[context.language],
                                      kind: services.text("survey_kind_" + survey.kind.rawValue, context),
                                      status: services.text("survey_status_" + survey.status.rawValue, context), isNational: survey.isNational,
                                      period: period, responses: try await repository.responseCount(surveyID: survey.id),
                                      bursts: bursts[survey.id].map(String.init)))
            }
            let waiting = try await SurveyRequestRepository(services.database.sql).within(paths: user.policy.scopePaths(for: .admin))
                .filter { $0.status == .submitted }.count
            return try services.page(SurveyListPage(surveys: rows, waitingRequests: waiting == 0 ? nil : String(waiting)),
                                     title: "surveys_title", request: request, context: context)
        }
    }
}
