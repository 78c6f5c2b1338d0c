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

    var repository: SurveyRepository { SurveyRepository(services.database.sql) }

    func register(staff: StaffRouter) {
        staff.get(.adminSurveyNew, .admin) { request, context, _ in
            try newPage(request, context, NewSurveyForm(services, context, fields: [:]))
        }
        staff.post(.adminSurveyNew, .admin) { request, context, _ in
            try await create(request, context)
        }
        staff.get(.adminSurvey(SiteURL.id), .admin) { request, context, user in
            let scoped = try await services.survey(context.parameters.get("id"), by: user, needs: .read)
            return try await designer(request, context, scoped.survey, scoped: scoped)
        }
        staff.post(.adminSurvey(SiteURL.id), .admin) { request, context, user in
            try await saveSettings(request, context, user, try await survey(context, user))
        }
        staff.post(.adminSurveyQuestions(SiteURL.id), .admin) { request, context, user in
            let survey = try await survey(context, user)
            guard let type = QuestionType(rawValue: context.form.text("type")) else {
                return try await designer(request, context, survey, errors: [services.text("designer_error_type", context)], status: .unprocessableContent)
            }
            do {
                let key = try await services.surveyDesigning.addQuestion(survey, type: type, by: services.actor(context))
                return redirect(.adminSurvey(survey.id), msg: "saved", fragment: "q-\(key)")
            } catch let refused as Refused {
                return try await designer(request, context, survey, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
        }
        staff.post(.adminSurveyQuestion(SiteURL.id, key: SiteURL.key), .admin) { request, context, user in
            try await editQuestion(request, context, try await survey(context, user), key: context.parameters.get("key") ?? "")
        }
        staff.get(.adminSurveyPreview(SiteURL.id), .admin) { request, context, user in
            let survey = try await survey(context, user, needs: .read)
            let language = request.query("lang").flatMap(Language.init(code:)) ?? context.language
            let target = try await previewTarget(survey, user)
            guard !target.version.definition.questions.isEmpty else { return redirect(.adminSurvey(survey.id), err: "survey_empty") }
            return try SurveyRoutes(services: services).page(request, context, target, language: language, test: testAction(survey))
        }
        staff.post(.adminSurveyTest(SiteURL.id), .admin) { request, context, user in
            let survey = try await survey(context, user, needs: .read)
            let target = try await previewTarget(survey, user)
            guard !target.version.definition.questions.isEmpty else { return redirect(.adminSurvey(survey.id), err: "survey_empty") }
            return try await SurveyRoutes(services: services).submit(request, context, target, token: nil, test: testAction(survey))
        }
        staff.post(.adminSurveyPublish(SiteURL.id), .admin) { request, context, user in
            try await publish(request, context, user, try await survey(context, user))
        }
        staff.post(.adminSurveyClose(SiteURL.id), .admin) { _, context, user in
            let survey = try await survey(context, user)
            try await services.surveyDesigning.close(survey, by: services.actor(context))
            return redirect(.adminSurvey(survey.id), msg: "survey_closed")
        }
    }

    /// The survey named in the path, when the admin's reach to it is at least `needs`
    /// (`AppServices.survey`: out of reach is the same 404 as a missing survey).
    func survey(_ context: AppContext, _ user: CurrentUser, needs: ObjectAccess = .manage) async throws -> SurveyRepository.Survey {
        try await services.survey(context.parameters.get("id"), by: user, needs: needs).survey
    }

    static func targets(_ survey: SurveyRepository.Survey, _ services: AppServices) async throws -> [OrgNode] {
        let sql = services.database.sql
        return try await OrgRepository(sql).nodes(ids: try await SurveyRepository(sql).targetIDs(surveyID: survey.id))
    }

    func latestVersion(_ survey: SurveyRepository.Survey) async throws -> SurveyRepository.Version {
        guard let version = try await repository.latestVersion(surveyID: survey.id) else { throw AppError.notFound }
        return version
    }

    func testAction(_ survey: SurveyRepository.Survey) -> SurveyRoutes.TestMode {
        SurveyRoutes.TestMode(action: SiteURL.adminSurveyTest(survey.id).path, designer: SiteURL.adminSurvey(survey.id).path,
                              preview: SiteURL.adminSurveyPreview(survey.id).path)
    }

    /// Preview and test show the survey as the first target unit would; nothing is stored.
    /// (A target in the admin's own scope, so a read-only viewer is not shown another unit's name.)
    func previewTarget(_ survey: SurveyRepository.Survey, _ user: CurrentUser) async throws -> SurveyService.Target {
        let version = try await latestVersion(survey)
        let targets = try await Self.targets(survey, services)
        let node = targets.first { user.policy.allows(.admin, onNodeAt: $0.path) } ?? targets.first { user.policy.touches([.admin], nodeAt: $0.path) }
            ?? OrgNode(id: "", parentID: nil, path: "/", spec: OrgNodeSpec(code: "", parentCode: nil, level: .unit, name: LocalizedText(fi: "—", sv: "—", en: "—")))
        return SurveyService.Target(survey: survey, version: version, node: node, channel: .web, language: nil, background: .init())
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
                                                               settings: settings, ownerPath: context.currentUser?.policy.scopePaths(for: .admin).first,
                                                               by: services.actor(context))
            return redirect(.adminSurvey(id), msg: "survey_created")
        } catch let refused as Refused {
            form.errors = refused.texts(services.catalog, context.language)
            form.hasErrors = true
            return try newPage(request, context, form, status: .unprocessableContent)
        }
    }

    // MARK: Settings

    func saveSettings(_ request: Request, _ context: AppContext, _ user: CurrentUser, _ survey: SurveyRepository.Survey) async throws -> Response {
        let form = context.form
        let draft = SurveyDesigning.SettingsDraft(
            name: LocalizedText(fi: form.text("name_fi"), sv: form.text("name_sv"), en: form.text("name_en")),
            audience: Audience(rawValue: form.text("audience")) ?? survey.audience, channels: Set(form.all("channel").compactMap(Channel.init(rawValue:))),
            startsOn: form.text("starts_on"), endsOn: form.text("ends_on"), onePerPage: form["one_per_page"] != nil,
            smsContactTypes: Set(form.all("sms_contact_type").compactMap(ContactType.init(rawValue:))), targetCodes: form.text("targets"))
        do {
            try await services.surveyDesigning.saveSettings(survey, draft, policy: user.policy, by: services.actor(context))
        } catch let refused as Refused {
            return try await designer(request, context, survey, errors: refused.texts(services.catalog, context.language), settingsFields: form.fields,
                                      status: .unprocessableContent)
        }
        return redirect(.adminSurvey(survey.id), msg: "saved")
    }

    // MARK: Questions

    func editQuestion(_ request: Request, _ context: AppContext, _ survey: SurveyRepository.Survey, key: String) async throws -> Response {
        guard try await latestVersion(survey).definition.question(key) != nil else { throw AppError.notFound }
        let form = context.form
        let confirmed = form["confirm_national"] != nil
        let edit: SurveyDesigning.QuestionEdit = switch form.text("action") {
        case "up", "down": .move(up: form.text("action") == "up")
        case "delete": .delete(confirmingNational: confirmed)
        default: .change(text: LocalizedText(fi: form.text("text_fi"), sv: form.text("text_sv"), en: form.text("text_en")), options: form["options"] ?? "",
                         isRequired: form["required"] != nil, conditionOn: form.text("condition_on"), conditionMinimum: form.text("condition_min"),
                         conditionMaximum: form.text("condition_max"), confirmingNational: confirmed)
        }
        do {
            try await services.surveyDesigning.editQuestion(survey, key: key, edit, by: services.actor(context))
        } catch let refused as Refused {
            return try await designer(request, context, survey, errors: refused.texts(services.catalog, context.language), questionFields: (key, form.fields),
                                      status: .unprocessableContent)
        }
        return redirect(.adminSurvey(survey.id), msg: "saved", fragment: "q-\(key)")
    }

    // MARK: Publish

    func publish(_ request: Request, _ context: AppContext, _ user: CurrentUser, _ survey: SurveyRepository.Survey) async throws -> Response {
        do {
            try await services.surveyDesigning.publish(surveyID: survey.id, confirmingOverlaps: context.form["confirm_overlap"] != nil,
                                                       policy: user.policy, by: services.actor(context))
        } catch let refused as Refused {
            // Only the headline: the page lists what is missing and what overlaps.
            return try await designer(request, context, survey, errors: [services.catalog.format(refused.messages[0].key, context.language, refused.messages[0].arguments)],
                                      status: .unprocessableContent)
        }
        return redirect(.adminSurvey(survey.id), msg: "survey_published")
    }

    /// What stops publishing, and which active surveys reach the same people through the same
    /// channels, in the admin's language.
    func readiness(_ survey: SurveyRepository.Survey, _ context: AppContext) async throws -> (problems: [String], overlaps: [String]) {
        let readiness = try await services.surveyDesigning.readiness(survey)
        let problems = readiness.problems.map { services.catalog.format($0.key, context.language, $0.arguments) }
        let found = readiness.overlaps
        guard !found.isEmpty else { return (problems, []) }
        // The surveys and units the warnings name, in two queries.
        let names = Dictionary(try await repository.all().map { ($0.id, $0.name[context.language]) }, uniquingKeysWith: { a, _ in a })
        let units = Dictionary(uniqueKeysWithValues: try await OrgRepository(services.database.sql)
            .nodes(ids: found.compactMap { OrgPath.ids(in: $0.path).last }).map { ($0.id, $0) })
        let overlaps = found.map { overlap in
            services.catalog.format("designer_overlap", context.language, [
                "survey": names[overlap.otherSurveyID] ?? "",
                "unit": units[OrgPath.ids(in: overlap.path).last ?? ""]?.name[context.language] ?? "",
                "channels": overlap.channels.map { services.text("channel_" + $0.rawValue, context) }.joined(separator: ", "),
            ])
        }
        return (problems, overlaps)
    }

    // MARK: The designer page

    func designer(_ request: Request, _ context: AppContext, _ survey: SurveyRepository.Survey, scoped: ScopedSurvey? = nil, errors: [String] = [],
                  settingsFields: [String: [String]]? = nil, questionFields: (key: String, fields: [String: [String]])? = nil,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let version = try await latestVersion(survey)
        let language = context.language
        let readOnly = scoped?.isReadOnly ?? false
        // Read-only viewers see only the units in their own scope.
        let targets: [OrgNode]
        if let scoped { targets = scoped.targets } else { targets = try await Self.targets(survey, services) }
        let policy = context.currentUser?.policy ?? AccessPolicy(grants: [])
        let shownTargets = readOnly ? targets.filter { policy.touches([.admin], nodeAt: $0.path) } : targets
        let definition = version.definition
        let check = try await readiness(survey, context)
        let questions = definition.questions.enumerated().map { index, q in
            DesignerQuestion(q, url: SiteURL.adminSurveyQuestion(survey.id, key: q.key).path, number: index + 1, count: definition.questions.count,
                             earlier: Array(definition.questions[..<index]), fields: questionFields?.key == q.key ? questionFields?.fields : nil,
                             services: services, language: language)
        }
        let fields = settingsFields
        func field(_ name: String, _ fallback: String) -> String { fields.map { $0[name]?.first ?? "" } ?? fallback }
        let chosenChannels = fields.map { Set(($0["channel"] ?? []).compactMap(Channel.init(rawValue:))) } ?? survey.channels
        let chosenAudience = fields.flatMap { $0["audience"]?.first }.flatMap(Audience.init(rawValue:)) ?? survey.audience
        let origin = try await SurveyRequestRepository(services.database.sql).find(surveyID: survey.id)
        let page = DesignerPage(
            url: SiteURL.adminSurvey(survey.id).path, questionsURL: SiteURL.adminSurveyQuestions(survey.id).path,
            publishURL: SiteURL.adminSurveyPublish(survey.id).path, closeURL: SiteURL.adminSurveyClose(survey.id).path,
            code: survey.code, name: survey.name[language], status: services.text("survey_status_" + survey.status.rawValue, context),
            isNational: survey.isNational, isPublished: survey.status == .published, kind: services.text("survey_kind_" + survey.kind.rawValue, context),
            version: version.number, versionNote: services.catalog.format(
                try await repository.responseCount(versionID: version.id) > 0 ? "designer_version_answered" : "designer_version_open",
                language, ["n": "\(version.number)"]),
            responses: try await repository.responseCount(surveyID: survey.id),
            nameFi: field("name_fi", survey.name.fi), nameSv: field("name_sv", survey.name.sv), nameEn: field("name_en", survey.name.en),
            audiences: Audience.allCases.map { KindOption(value: $0.rawValue, label: services.text("audience_" + $0.rawValue, context), selected: $0 == chosenAudience) },
            channels: Channel.allCases.map { KindOption(value: $0.rawValue, label: services.text("channel_" + $0.rawValue, context), selected: chosenChannels.contains($0)) },
            smsContactTypes: ContactType.allCases.map {
                KindOption(value: $0.rawValue, label: services.text("contact_type_" + $0.rawValue, context),
                           selected: (fields.map { Set(($0["sms_contact_type"] ?? []).compactMap(ContactType.init(rawValue:))) } ?? survey.smsContactTypes).contains($0))
            },
            startsOn: field("starts_on", survey.startsOn?.description ?? ""), endsOn: field("ends_on", survey.endsOn?.description ?? ""),
            targets: field("targets", targets.map(\.code).joined(separator: " ")),
            targetNames: shownTargets.map { "\($0.code) \($0.name[language])" }.joined(separator: ", "), readOnly: readOnly,
            onePerPage: fields.map { $0["one_per_page"] != nil } ?? survey.onePerPage,
            questions: questions,
            types: QuestionType.allCases.map { KindOption(value: $0.rawValue, label: services.text("question_type_" + $0.rawValue, context), selected: false) },
            errors: errors, hasErrors: !errors.isEmpty,
            problems: check.problems, hasProblems: !check.problems.isEmpty,
            overlaps: check.overlaps, hasOverlaps: !check.overlaps.isEmpty,
            request: origin.map { RequestSummary($0, services: services, context: context) },
            previews: Language.allCases.map { LanguageLink(code: $0.rawValue, label: services.catalog.text("language_name_\($0.rawValue)", $0),
                                                           href: SiteURL.adminSurveyPreview(survey.id).path + "?lang=\($0.rawValue)", current: false) })
        return try services.page(page, title: "designer_title", request: request, context: context,
                                 titleArguments: ["name": page.name], status: status)
    }
}
