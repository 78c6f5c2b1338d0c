import Foundation
import Hummingbird
import KaikuCore
import KaikuStorage

/// The admin's list of surveys: status, responses, how they are shown, and links for QR material.
struct AdminSurveyRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get("/admin/surveys", .admin) { request, context, _ in
            let repository = SurveyRepository(services.database.sql)
            var rows: [SurveyRow] = []
            for survey in try await repository.all() {
                rows.append(SurveyRow(id: survey.id, code: survey.code, name: survey.name[context.language], status: survey.status,
                                      isNational: survey.isNational, onePerPage: survey.onePerPage,
                                      responses: try await repository.responseCount(surveyID: survey.id)))
            }
            return try services.page("admin_surveys", SurveyListPage(surveys: rows), title: "surveys_title", request: request, context: context)
        }
        staff.post("/admin/surveys/:id", .admin) { _, context, _ in
            guard let survey = try await SurveyRepository(services.database.sql).survey(id: context.parameters.get("id") ?? "") else {
                throw AppError.notFound
            }
            let now = services.now()
            let onePerPage = context.form["one_per_page"] != nil
            let actor = services.actor(context)
            try await services.database.transaction { db in
                try await SurveyRepository(db).setOnePerPage(surveyID: survey.id, onePerPage, now: now)
                try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("survey", survey.id),
                                                     detail: "one_per_page=\(onePerPage)", now: now)
            }
            return redirect("/admin/surveys?msg=saved")
        }
    }
}

struct SurveyRow {
    let id: String
    let code: String
    let name: String
    let status: String
    let isNational: Bool
    let onePerPage: Bool
    let responses: Int
}

struct SurveyListPage {
    let surveys: [SurveyRow]
}
