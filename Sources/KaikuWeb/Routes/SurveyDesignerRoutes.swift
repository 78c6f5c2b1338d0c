import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The survey designer: admins create a survey, set whom and where it asks, build its questions,
/// preview and test it in three languages, publish it with dates and target units, and close it.
/// Every step works as plain forms; edits to a version with answers become a new version.
struct SurveyDesignerRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminSurveyNew, .admin) { request, context, _ in
            try newPage(request, context, NewSurveyForm(services, context, fields: [:]))
        }
        staff.post(.adminSurveyNew, .admin) { request, context, _ in
            try await create(request, context)
        }
        staff.get(.adminSurvey(SiteURL.id), .admin) { request, context, _ in
            try await designer(request, context)
        }
        staff.post(.adminSurvey(SiteURL.id), .admin) { request, context, _ in
            try await saveSettings(request, context)
        }
        staff.post(.adminSurveyQuestions(SiteURL.id), .admin) { request, context, _ in
            let id = context.parameters.get("id") ?? ""
            guard let type = QuestionType(rawValue: context.form.text("type")) else {
                return try await designer(request, context, errors: [services.text("designer_error_type", context)], status: .unprocessableContent)
            }
            do {
                let key = try await services.surveyDesigning.addQuestion(surveyID: id, type: type, by: services.actor(context))
                return redirect(.adminSurvey(id), msg: "saved", fragment: "q-\(key)")
            } catch let refused as Refused {
                return try await designer(request, context, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
        }
        staff.post(.adminSurveyQuestion(SiteURL.id, key: SiteURL.key), .admin) { request, context, _ in
            try await editQuestion(request, context, key: context.parameters.get("key") ?? "")
        }
        staff.get(.adminSurveyPreview(SiteURL.id), .admin) { request, context, _ in
            let target = try await services.surveyDesigning.preview(surveyID: context.parameters.get("id"), by: services.actor(context))
            guard !target.version.definition.questions.isEmpty else { return redirect(.adminSurvey(target.survey.id), err: "survey_empty") }
            let language = services.catalog.publicLanguage(request.query("lang")) ?? context.language
            return try SurveyRoutes(services: services).page(request, context, target, language: language, test: testAction(target.survey))
        }
        staff.post(.adminSurveyTest(SiteURL.id), .admin) { request, context, _ in
            let target = try await services.surveyDesigning.preview(surveyID: context.parameters.get("id"), by: services.actor(context))
            guard !target.version.definition.questions.isEmpty else { return redirect(.adminSurvey(target.survey.id), err: "survey_empty") }
            return try await SurveyRoutes(services: services).submit(request, context, target, token: nil, test: testAction(target.survey))
        }
        staff.post(.adminSurveyPublish(SiteURL.id), .admin) { request, context, _ in
            try await publish(request, context)
        }
        staff.post(.adminSurveyClose(SiteURL.id), .admin) { _, context, _ in
            let id = context.parameters.get("id") ?? ""
            try await services.surveyDesigning.close(surveyID: id, by: services.actor(context))
            return redirect(.adminSurvey(id), msg: "survey_closed")
        }
    }

    func testAction(_ survey: SurveyRepository.Survey) -> SurveyRoutes.TestMode {
        SurveyRoutes.TestMode(action: SiteURL.adminSurveyTest(survey.id).path, designer: SiteURL.adminSurvey(survey.id).path,
                              preview: SiteURL.adminSurveyPreview(survey.id).path)
    }

    // MARK: Create

    func newPage(_ request: Request, _ context: AppContext, _ form: NewSurveyForm, status: HTTPResponse.Status = .ok) throws -> Response {
        try services.page(form, title: "designer_new_title", request: request, context: context, status: status)
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        var form = NewSurveyForm(services, context, fields: context.form.fields)
        let name = LocalizedText(fi: context.form.text("name_fi"), sv: context.form.text("name_sv"), en: context.form.text("name_en"))
        let settings = SurveyRepository.Settings(name: name, audience: Audience(rawValue: context.form.text("audience")) ?? .all,
                                                 channels: [.sms, .qr], startsOn: nil, endsOn: nil, onePerPage: false)
        do {
            let id = try await services.surveyDesigning.create(code: context.form.text("code"), kind: SurveyKind(rawValue: context.form.text("kind")) ?? .shortTerm,
                                                               settings: settings, by: services.actor(context))
            return redirect(.adminSurvey(id), msg: "survey_created")
        } catch let refused as Refused {
            form.errors = refused.texts(services.catalog, context.language)
            form.hasErrors = true
            return try newPage(request, context, form, status: .unprocessableContent)
        }
    }

    // MARK: Settings

    func saveSettings(_ request: Request, _ context: AppContext) async throws -> Response {
        let (id, form) = (context.parameters.get("id") ?? "", context.form)
        let draft = SurveyDesigning.SettingsDraft(
            name: LocalizedText(fi: form.text("name_fi"), sv: form.text("name_sv"), en: form.text("name_en")),
            audience: Audience(rawValue: form.text("audience")) ?? .all, channels: Set(form.all("channel").compactMap(Channel.init(rawValue:))),
            startsOn: form.text("starts_on"), endsOn: form.text("ends_on"), onePerPage: form["one_per_page"] != nil,
            smsContactTypes: Set(form.all("sms_contact_type").compactMap(ContactType.init(rawValue:))), targetCodes: form.text("targets"))
        do {
            try await services.surveyDesigning.saveSettings(surveyID: id, draft, by: services.actor(context))
        } catch let refused as Refused {
            return try await designer(request, context, errors: refused.texts(services.catalog, context.language), settingsFields: form.fields,
                                      status: .unprocessableContent)
        }
        return redirect(.adminSurvey(id), msg: "saved")
    }

    // MARK: Questions

    func editQuestion(_ request: Request, _ context: AppContext, key: String) async throws -> Response {
        let (id, form) = (context.parameters.get("id") ?? "", context.form)
        let confirmed = form["confirm_national"] != nil
        let edit: SurveyDesigning.QuestionEdit = switch form.text("action") {
        case "up", "down": .move(up: form.text("action") == "up")
        case "delete": .delete(confirmingNational: confirmed)
        default: .change(text: LocalizedText(fi: form.text("text_fi"), sv: form.text("text_sv"), en: form.text("text_en")), options: form["options"] ?? "",
                         isRequired: form["required"] != nil, conditionOn: form.text("condition_on"), conditionMinimum: form.text("condition_min"),
                         conditionMaximum: form.text("condition_max"), confirmingNational: confirmed)
        }
        do {
            try await services.surveyDesigning.editQuestion(surveyID: id, key: key, edit, by: services.actor(context))
        } catch let refused as Refused {
            return try await designer(request, context, errors: refused.texts(services.catalog, context.language), questionFields: (key, form.fields),
                                      status: .unprocessableContent)
        }
        return redirect(.adminSurvey(id), msg: "saved", fragment: "q-\(key)")
    }

    // MARK: Publish

    func publish(_ request: Request, _ context: AppContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        do {
            try await services.surveyDesigning.publish(surveyID: id, confirmingOverlaps: context.form["confirm_overlap"] != nil, by: services.actor(context))
        } catch let refused as Refused {
            // Only the headline: the page lists what is missing and what overlaps.
            return try await designer(request, context, errors: [services.catalog.format(refused.messages[0].key, context.language, refused.messages[0].arguments)],
                                      status: .unprocessableContent)
        }
        return redirect(.adminSurvey(id), msg: "survey_published")
    }

    /// What stops publishing, and which active surveys reach the same people through the same
    /// channels, in the admin's language.
    func readiness(_ designer: SurveyDesigning.Designer, _ context: AppContext) -> (problems: [String], overlaps: [String]) {
        let problems = designer.readiness.problems.map { services.catalog.format($0.key, context.language, $0.arguments) }
        let overlaps = designer.readiness.overlaps.map { overlap in
            services.catalog.format("designer_overlap", context.language, [
                "survey": designer.surveyNames[overlap.otherSurveyID]?[context.language] ?? "",
                "unit": designer.units[OrgPath.ids(in: overlap.path).last ?? ""]?.name[context.language] ?? "",
                "channels": overlap.channels.map { services.text("channel_" + $0.rawValue, context) }.joined(separator: ", "),
            ])
        }
        return (problems, overlaps)
    }

    // MARK: The designer page

    func designer(_ request: Request, _ context: AppContext, errors: [String] = [],
                  settingsFields: [String: [String]]? = nil, questionFields: (key: String, fields: [String: [String]])? = nil,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let found = try await services.surveyDesigning.designer(surveyID: context.parameters.get("id"), by: services.actor(context))
        let check = readiness(found, context)
        let page = DesignerPage(found, problems: check.problems, overlaps: check.overlaps, errors: errors, settingsFields: settingsFields,
                                questionFields: questionFields, services: services, context: context)
        return try services.page(page, title: "designer_title", request: request, context: context,
                                 titleArguments: ["name": page.name], status: status)
    }
}
