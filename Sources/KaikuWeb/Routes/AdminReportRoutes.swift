import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Report settings: the anonymity thresholds (county admins) and the targets of the nodes in an
/// admin's scope. Pick a survey first (a GET), then its question in the target form, so the page
/// needs no script.
struct AdminReportRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminReports, .admin) { request, context, user in
            try await settingsPage(request, context, user, errors: [])
        }
        staff.post(.adminReportAnonymity, .countyAdmin) { _, context, _ in
            do {
                try await services.countySettings.setAnonymity(minimumAnswers: Int(context.form.text("min_answers")) ?? 0,
                                                               minimumTextAnswers: Int(context.form.text("min_text_answers")) ?? 0,
                                                               by: services.actor(context))
            } catch is Refused {
                return redirect(.adminReports, err: "anonymity_invalid")
            }
            return redirect(.adminReports, msg: "saved")
        }
        staff.post(.adminTargets, .admin) { request, context, user in
            let form = context.form
            let draft = ReportTargets.Draft(nodeCode: form.text("node"), surveyCode: form.text("survey"), questionKey: form.text("question"),
                                            from: form.text("from"), to: form.text("to"), value: form.text("value"))
            do {
                try await services.reportTargets.set(draft, by: services.actor(context))
            } catch let refused as Refused {
                return try await settingsPage(request, context, user, errors: refused.texts(services.catalog, context.language), draft: draft,
                                              status: .unprocessableContent)
            }
            return redirect(SiteURL.adminReports.path + "?survey=" + draft.surveyCode + "&msg=target_saved")
        }
        staff.post(.adminTargetImport, .admin) { request, context, user in
            let csv = context.form["csv"] ?? ""
            do {
                _ = try await services.reportTargets.importCSV(csv, by: services.actor(context))
            } catch let refused as Refused {
                return try await settingsPage(request, context, user, errors: refused.texts(services.catalog, context.language), importDraft: csv,
                                              status: .unprocessableContent)
            }
            return redirect(.adminReports, msg: "target_import_saved")
        }
        staff.post(.adminTargetDelete(SiteURL.id), .admin) { _, context, user in
            do {
                try await services.reportTargets.delete(id: context.parameters.get("id") ?? "", by: services.actor(context))
            } catch is Refused {
                throw AppError.notFound
            }
            return redirect(.adminReports, msg: "target_removed")
        }
    }

    func settingsPage(_ request: Request, _ context: AppContext, _ user: CurrentUser, errors: [String], draft: ReportTargets.Draft? = nil,
                      importDraft: String = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let format = ReportNumbers(language: language)
        let choices = try await services.reportTargets.choices(surveyCode: draft?.surveyCode ?? request.query("survey") ?? NationalSurvey.code,
                                                               by: services.actor(context))
        let targets = choices.targets.map {
            TargetRow(node: $0.node.name[language], survey: $0.survey.name[language], question: $0.question?.text[language] ?? $0.target.questionKey,
                      period: "\($0.target.startsOn.finnish)–\($0.target.endsOn.finnish)",
                      value: format.decimal($0.target.value, $0.target.value == $0.target.value.rounded() ? 0 : 2),
                      deleteHref: SiteURL.adminTargetDelete($0.target.id).path)
        }
        let (surveys, chosen, nodes) = (choices.surveys, choices.chosen, choices.nodes)
        let questions = choices.questions.map { LevelOption(value: $0.key, label: $0.text[language], selected: $0.key == draft?.questionKey) }
        let year = CalendarDay(services.now()).year
        let rule = try await CountySettings.anonymityRule(services.database)
        let page = AdminReportsPage(
            isCountyAdmin: user.isCountyAdmin, minAnswers: rule.minimumAnswers, minTextAnswers: rule.minimumTextAnswers,
            targets: targets, hasTargets: !targets.isEmpty, errors: errors, hasErrors: !errors.isEmpty,
            surveys: surveys.map { LevelOption(value: $0.code, label: $0.name[language], selected: $0.code == chosen?.code) },
            survey: chosen?.code ?? "", surveyName: chosen?.name[language] ?? "", questions: questions,
            nodes: nodes.map { LevelOption(value: $0.code, label: String(repeating: "\u{2003}", count: max(0, $0.depth)) + $0.name[language],
                                           selected: $0.code == draft?.nodeCode) },
            from: draft?.from ?? "\(year)-01-01", to: draft?.to ?? "\(year)-12-31", value: draft?.value ?? "", importDraft: importDraft)
        return try services.page(page, title: "report_settings_title", request: request, context: context, status: status)
    }
}
