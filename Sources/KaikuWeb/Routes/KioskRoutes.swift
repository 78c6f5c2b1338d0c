import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Kiosk mode: a tablet on site shows the survey's first scale with large buttons and an optional
/// follow-up question, thanks, and resets. With the script, answers given while the network is down
/// wait in the browser and are sent when it returns; each carries its own id, so none is stored twice.
struct KioskRoutes {
    let services: AppServices

    var surveys: SurveyService { services.surveys }

    func register(on router: Router<AppContext>, staff: StaffRouter) {
        router.get(.kiosk(SiteURL.token)) { request, context in
            let (_, target) = try await device(context)
            return try kioskPage(request, context, target)
        }
        router.post(.kiosk(SiteURL.token)) { request, context in
            let (device, target) = try await device(context)
            guard try await services.admitAnswer(target, context: context, kioskID: device.id) else {
                return try kioskPage(request, context, target, status: .tooManyRequests)
            }
            do {
                try await surveys.submit(target, fields: context.form.fields, language: context.language, token: nil,
                                         submissionKey: context.form.text("submission").isEmpty ? nil : "kiosk:" + context.form.text("submission"),
                                         assistedAllowed: true)
            } catch SurveyService.Refusal.invalid {
                return try kioskPage(request, context, target, status: .unprocessableContent)
            }
            return try services.renderer.html(KioskThanks(again: SiteURL.kiosk(token(context)).path),
                                              layout: services.layout(request: request, context: context, title: services.text("kiosk_thanks", context), publicShell: true))
        }
        // The script's way in: JSON {submission, fields}; 200 also for a repeat, so the queue can drop it.
        router.post(.kioskAnswers(SiteURL.token)) { request, context in
            let (device, target) = try await device(context)
            // 429 keeps the answer in the tablet's queue; it is sent again a few seconds later.
            guard try await services.admitAnswer(target, context: context, kioskID: device.id) else {
                return jsonResponse(.tooManyRequests, #"{"status":"too many"}"#)
            }
            var request = request
            let body = try await request.collectBody(upTo: context.maxBodySize)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any],
                  let submission = object["submission"] as? String, !submission.isEmpty, submission.count <= 64,
                  let raw = object["fields"] as? [String: Any] else { return jsonResponse(.badRequest, #"{"status":"bad request"}"#) }
            var fields: [String: [String]] = [:]
            for (key, value) in raw { fields[key] = (value as? [Any])?.map { "\($0)" } ?? ["\(value)"] }
            let language = services.catalog.publicLanguage(object["language"] as? String) ?? .fi
            do {
                try await surveys.submit(target, fields: fields, language: language, token: nil, submissionKey: "kiosk:" + submission,
                                         assistedAllowed: true)
            } catch SurveyService.Refusal.invalid {
                return jsonResponse(.unprocessableContent, #"{"status":"invalid"}"#)
            }
            return jsonResponse(.ok, #"{"status":"stored"}"#)
        }
        staff.get(.adminKiosks, .admin) { request, context, _ in try await adminPage(request, context) }
        staff.post(.adminKiosks, .admin) { request, context, _ in
            let form = context.form
            if form.text("action") == "revoke" {
                try await services.kiosks.revoke(deviceID: form.text("device"), by: services.actor(context))
                return redirect(.adminKiosks, msg: "saved")
            }
            let token: String
            do {
                token = try await services.kiosks.register(name: form.text("name"), unitCode: form.text("unit"), surveyCode: form.text("survey"),
                                                           by: services.actor(context))
            } catch let refused as Refused {
                return try await adminPage(request, context, error: refused.texts(services.catalog, context.language).joined(separator: " "),
                                           status: .unprocessableContent)
            }
            return try await adminPage(request, context, created: services.publicURL + SiteURL.kiosk(token).path)
        }
    }

    func token(_ context: AppContext) -> String { context.parameters.get("token") ?? "" }

    func device(_ context: AppContext) async throws -> (KioskRepository.Device, SurveyService.Target) {
        try await surveys.kiosk(token: token(context))
    }

    func kioskPage(_ request: Request, _ context: AppContext, _ target: SurveyService.Target, status: HTTPResponse.Status = .ok) throws -> Response {
        let language = context.language
        let questions = services.catalog.localized(target.version.definition, survey: target.survey.code, language).questions
        guard let scale = questions.first(where: { $0.type.scale != nil }) else { throw AppError.notFound }
        let followUp = questions.first { $0.type == .freeText }
        let token = self.token(context)
        let page = KioskPage(
            unit: target.node.name[language], submission: Identifier.makeSecret(), language: language.rawValue,
            scale: QuestionView(scale, number: 1, language: language, catalog: services.catalog, chosen: [], error: nil, conditionHint: nil),
            followUp: followUp.map { QuestionView($0, number: 2, language: language, catalog: services.catalog, chosen: [], error: nil, conditionHint: nil) },
            answersURL: SiteURL.kioskAnswers(token).path,
            languages: services.catalog.publicLanguages.map { LanguageLink(code: $0.rawValue, label: services.catalog.languageName($0),
                                                            href: SiteURL.kiosk(token).path + "?lang=" + $0.rawValue, current: $0 == language) })
        return try services.renderer.html(page, layout: services.layout(request: request, context: context,
                                                                                          title: services.catalog.surveyName(target.survey, language), publicShell: true),
                                          status: status)
    }

    func adminPage(_ request: Request, _ context: AppContext, created: String? = nil, error: String? = nil,
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let listed = try await services.kiosks.list(by: services.actor(context))
        let rows = listed.kiosks.map {
            KioskRow(id: $0.device.id, name: $0.device.name, unit: $0.unitName[language], survey: $0.surveyName[language], isRevoked: $0.device.isRevoked)
        }
        let surveys = listed.surveys.map {
            KindOption(value: $0.code, label: $0.name[language], selected: false)
        }
        return try services.page(KioskAdminPage(devices: rows, surveys: surveys, created: created, error: error),
                                 title: "kiosk_admin_title", request: request, context: context, status: status)
    }
}
