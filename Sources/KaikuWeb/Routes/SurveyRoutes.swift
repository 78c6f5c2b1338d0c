import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Answering pages: mobile first, all questions on one page, works without JavaScript, keyboard
/// and screen-reader friendly scales, language switch that keeps the answers.
struct SurveyRoutes {
    let services: AppServices

    var surveys: SurveyService { services.surveys }

    /// Staff enter answers given on paper or in an interview, marked as such.
    func register(staff: StaffRouter) {
        let enterers = RouteAccess(roles: [.staff, .handler])
        staff.get(.staffSurveys, enterers) { request, context, _ in
            let surveys = try await self.surveys.surveysRunning(as: enterers.roles, by: services.actor(context))
            let page = SurveyEntryStartPage(surveys: surveys.map { KindOption(value: $0.code, label: $0.name[context.language], selected: false) },
                                            channels: [Channel.paper, .interview].map { KindOption(value: $0.rawValue, label: services.text("channel_" + $0.rawValue, context), selected: false) })
            return try services.page(page, title: "survey_entry_title", request: request, context: context)
        }
        staff.get(.staffSurveyEntry, enterers) { request, context, _ in
            do {
                let (target, entry) = try await entryTarget(request.query("unit") ?? "", request.query("survey") ?? "", request.query("channel") ?? "", context)
                return try page(request, context, target, language: context.language, entry: entry)
            } catch let refusal as SurveyService.Refusal {
                return try await refusalPage(request, context, refusal)
            }
        }
        staff.post(.staffSurveyEntry, enterers) { request, context, _ in
            let form = context.form
            do {
                let (target, entry) = try await entryTarget(form.text("unit"), form.text("survey"), form.text("channel"), context)
                let language = services.catalog.publicLanguage(form["language"]) ?? context.language
                do {
                    try await surveys.submit(target, fields: form.fields, language: language, token: nil,
                                             submissionKey: form.text("submission").isEmpty ? nil : "form:" + form.text("submission"),
                                             assistedAllowed: true)
                } catch SurveyService.Refusal.invalid(let problems) {
                    return try page(request, context, target, language: language, fields: form.fields, problems: problems,
                                    entry: entry, status: .unprocessableContent)
                }
                // Straight back to an empty form: a pile of paper forms is entered one after another.
                return redirect(SiteURL.staffSurveyEntry.path + "?unit=\(entry.unit)&survey=\(entry.survey)&channel=\(entry.channel)&msg=entry_saved")
            } catch let refusal as SurveyService.Refusal {
                return try await refusalPage(request, context, refusal)
            }
        }
    }

    func entryTarget(_ unit: String, _ survey: String, _ channel: String, _ context: AppContext) async throws -> (SurveyService.Target, EntryFields) {
        let target = try await surveys.entryTarget(unitCode: unit, surveyCode: survey, channel: channel, by: services.actor(context))
        return (target, EntryFields(unit: unit, survey: survey, channel: channel))
    }

    func register(on router: Router<AppContext>) {
        router.get(.personalSurvey(SiteURL.token)) { request, context in
            let (token, optOutCode) = Self.personal(context)
            do {
                let target = try await surveys.target(token: token)
                return try page(request, context, target, language: explicitLanguage(request, context) ?? target.language ?? context.language,
                                personal: (token, optOutCode))
            } catch let refusal as SurveyService.Refusal {
                return try await refusalPage(request, context, refusal, token: token, optOutCode: optOutCode)
            }
        }
        // The form posts to the token alone; a post to an invitation's whole link is taken the same.
        router.post(.personalSurvey(SiteURL.token)) { request, context in
            let token = Self.personal(context).token
            do {
                let target = try await surveys.target(token: token)
                return try await submit(request, context, target, token: token)
            } catch let refusal as SurveyService.Refusal {
                return try await refusalPage(request, context, refusal, token: token)
            }
        }
        router.get(.openSurvey(unit: SiteURL.unitCode, survey: SiteURL.surveyCode)) { request, context in
            do {
                let target = try await openTarget(request, context)
                return try page(request, context, target, language: context.language)
            } catch let refusal as SurveyService.Refusal {
                return try await refusalPage(request, context, refusal)
            }
        }
        router.post(.openSurvey(unit: SiteURL.unitCode, survey: SiteURL.surveyCode)) { request, context in
            do {
                return try await submit(request, context, try await openTarget(request, context), token: nil)
            } catch let refusal as SurveyService.Refusal {
                return try await refusalPage(request, context, refusal)
            }
        }
    }

    /// A personal link's token, and the refusal code when the link is a text message's (`SMSLink`).
    static func personal(_ context: AppContext) -> (token: String, optOutCode: String?) {
        let segment = context.parameters.get("token") ?? ""
        guard let parts = SMSLink.split(segment) else { return (segment, nil) }
        return (parts.token, parts.optOutCode)
    }

    func openTarget(_ request: Request, _ context: AppContext) async throws -> SurveyService.Target {
        // Posters and badges carry `?c=qr`; a plain open link is the web channel.
        let channel: Channel = request.query("c") == "qr" ? .qr : .web
        return try await surveys.target(unitCode: context.parameters.get("unit") ?? "", surveyCode: context.parameters.get("survey") ?? "",
                                        channel: channel)
    }

    func explicitLanguage(_ request: Request, _ context: AppContext) -> Language? {
        services.catalog.publicLanguage(request.query("lang")) ?? (request.cookies["kaiku_lang"] != nil ? context.language : nil)
    }

    /// The designer's preview: answers post to the test route, which checks them and stores nothing.
    struct TestMode {
        let action: String
        let designer: String
        let preview: String
    }

    func submit(_ request: Request, _ context: AppContext, _ target: SurveyService.Target, token: String?,
                test: TestMode? = nil) async throws -> Response {
        var context = context
        let form = context.form
        // The language buttons inside the form re-show it in another language with the answers kept.
        let step = Int(form.text("step"))
        if let switchTo = services.catalog.publicLanguage(form["switch_lang"]) {
            context.language = switchTo
            return try page(request, context, target, language: switchTo, fields: form.fields, step: step, test: test)
        }
        // So do the version buttons (easy-to-read, children's), keeping the answers: the question keys are the same.
        if let variant = form["switch_variant"].flatMap(SurveyVariant.init) {
            var fields = form.fields
            fields[SurveyBackground.variantField] = [variant.rawValue]
            return try page(request, context, target, language: context.language, fields: fields, step: step, test: test)
        }
        let language = services.catalog.publicLanguage(form["language"]) ?? explicitLanguage(request, context) ?? target.language ?? context.language
        context.language = language
        context.variant = Self.variant(request, target, fields: form.fields)
        if let nav = form["nav"], let step { return try navigate(request, context, target, nav: nav, step: step, test: test) }
        if let test { return try testResult(request, context, target, step: step, test: test) }
        // Anonymous answers by open link are limited per client and per link (ballot stuffing).
        if token == nil, try await !services.admitAnswer(target, context: context) {
            return try await refusalPage(request, context, .tooMany)
        }
        do {
            try await surveys.submit(target, fields: form.fields, language: language, token: token,
                                     submissionKey: form.text("submission").isEmpty ? nil : "form:" + form.text("submission"),
                                     assistedAllowed: context.currentUser != nil)
        } catch SurveyService.Refusal.invalid(let problems) {
            return try page(request, context, target, language: language, fields: form.fields, problems: problems, step: step,
                            status: .unprocessableContent)
        }
        return try await thanks(request, context, target, token: token)
    }

    /// One question per screen: back and next move through the questions shown, checking the current one.
    func navigate(_ request: Request, _ context: AppContext, _ target: SurveyService.Target, nav: String, step: Int, test: TestMode?) throws -> Response {
        let fields = context.form.fields
        let visible = Self.visibleQuestions(target.form(.standard), fields: fields)
        if nav == "next", step < visible.count {
            let problems = SurveyAnswers.read(SurveyDefinition(questions: [visible[step]]), fields: fields).problems
            if !problems.isEmpty {
                return try page(request, context, target, language: context.language, fields: fields, problems: problems, step: step,
                                test: test, status: .unprocessableContent)
            }
        }
        return try page(request, context, target, language: context.language, fields: fields, step: nav == "back" ? step - 1 : step + 1, test: test)
    }

    /// The designer's test: the answers read back, nothing stored.
    func testResult(_ request: Request, _ context: AppContext, _ target: SurveyService.Target, step: Int?, test: TestMode) throws -> Response {
        let (fields, language) = (context.form.fields, context.language)
        let definition = services.catalog.localized(target.form(Self.variant(request, target, fields: fields)), survey: target.survey.code, language)
        let (answers, problems) = SurveyAnswers.read(definition, fields: fields)
        guard problems.isEmpty else {
            return try page(request, context, target, language: language, fields: fields, problems: problems, step: step,
                            test: test, status: .unprocessableContent)
        }
        let rows = definition.questions.compactMap { q in
            answers[q.key].map { TestAnswerRow(question: q.text[language], answer: Self.describe($0)) }
        }
        return try services.page(SurveyTestResultPage(answers: rows, designer: test.designer, again: test.preview + "?lang=" + language.rawValue),
                                 title: "designer_test_title", request: request, context: context)
    }

    func thanks(_ request: Request, _ context: AppContext, _ target: SurveyService.Target, token: String?) async throws -> Response {
        let title = services.text("survey_thanks_title", context)
        // (The county's languages' version: an import changes the language switch and the texts.)
        let key = "survey_thanks \(context.language.rawValue) \(context.variant.rawValue) \(services.catalog.packs.version) \(request.uri.description)"
        // The unit's feedback form, looked up only when the page is rendered, not for each cached answer.
        var feedbackHref = SiteURL.feedback.path
        if token != nil || context.currentUser != nil || !services.renderer.isCached(key),
           let place = try await services.feedback.place(of: target.node) {
            feedbackHref = SiteURL.feedbackArea(place.area.id).path + "?unit=" + place.unitID
        }
        func render() throws -> String {
            try services.renderer.render(SurveyThanksPage(feedbackHref: feedbackHref),
                                         layout: services.layout(request: request, context: context, title: title))
        }
        // Anonymous open links show everyone the same page; personal links and staff do not share it.
        guard token == nil, context.currentUser == nil else {
            var response = ViewRenderer.response(ByteBuffer(string: try render()))
            // A used personal link keeps nothing, not even its language: the browser remembers it
            // for the "already answered" page.
            if token != nil { response.setCookie(services.languageCookie(context.language)) }
            return response
        }
        return try services.renderer.cached(key, render: render)
    }

    /// Why a link cannot be answered, in the link's language unless the person chose another.
    func refusalPage(_ request: Request, _ context: AppContext, _ refusal: SurveyService.Refusal, token: String? = nil,
                     optOutCode: String? = nil) async throws -> Response {
        var context = context
        if explicitLanguage(request, context) == nil, let token, let language = try await surveys.linkLanguage(token: token) {
            context.language = language
        }
        let (key, status): (String, HTTPResponse.Status) = switch refusal {
        case .notFound: ("survey_link_invalid", .notFound)
        case .used: ("survey_link_used", .gone)
        case .expired: ("survey_link_expired", .gone)
        case .closed, .invalid: ("survey_closed", .gone)
        case .tooMany: ("survey_too_many", .tooManyRequests)
        }
        return try services.page(SurveyRefusedPage(message: services.text(key, context), optOutHref: optOutCode.map { SiteURL.optOutCode($0).path }),
                                 title: "survey_refused_title",
                                 request: request, context: context, status: status)
    }

    func page(_ request: Request, _ context: AppContext, _ target: SurveyService.Target, language: Language,
              fields: [String: [String]] = [:], problems: [SurveyAnswers.Problem] = [], entry: EntryFields? = nil,
              step: Int? = nil, test: TestMode? = nil, personal: (token: String, optOutCode: String?)? = nil,
              status: HTTPResponse.Status = .ok) throws -> Response {
        var context = context
        context.language = language
        let catalog = services.catalog
        context.variant = Self.variant(request, target, fields: fields)
        let problemByKey = Dictionary(problems.map { ($0.questionKey, $0.kind.rawValue) }, uniquingKeysWith: { a, _ in a })
        let variant = context.variant
        let pictures = fields["bg.pictures"]?.first.flatMap(PictureStyle.init) ?? request.query("p").flatMap(PictureStyle.init) ?? .smiley
        let (shown, paging) = Self.onePage(target, variant: variant, fields: fields, problems: problems, step: step, language: language,
                                           catalog: catalog)
        let questions = shown.map { index, q in
            QuestionView(q, number: index + 1, language: language, catalog: catalog, chosen: fields["q.\(q.key)"] ?? [],
                         error: problemByKey[q.key].map { catalog.text($0, language) },
                         conditionHint: q.condition.map { c in
                             catalog.format("survey_condition_hint", language, ["min": "\(c.minimum)", "max": "\(c.maximum)"])
                         }, variant: variant, pictures: pictures)
        }
        let submission = fields["submission"]?.first ?? Identifier.makeSecret()
        let page = SurveyPage(
            name: catalog.surveyName(target.survey, language), unit: target.node.name[language], questions: questions, language: language.rawValue,
            submission: submission, hasErrors: !problems.isEmpty,
            errorCount: problems.count, entry: entry, paging: paging, isSinglePage: paging == nil,
            formAction: test?.action ?? (entry == nil ? (personal.map { SiteURL.personalSurvey($0.token).path } ?? request.uri.path)
                + (request.uri.query.map { "?" + $0 } ?? "") : SiteURL.staffSurveyEntry.path),
            optOutHref: personal?.optOutCode.map { SiteURL.optOutCode($0).path } ?? SiteURL.optOut.path,
            preview: test.map { PreviewNotice(designer: $0.designer) },
            languages: catalog.publicLanguages.filter { $0 != language }.map { LanguageButton(code: $0.rawValue, label: catalog.languageName($0)) },
            variant: variant.rawValue, pictures: pictures.rawValue,
            variants: SurveyVariant.allCases.filter { $0 != variant }.map { LanguageButton(code: $0.rawValue, label: catalog.text("variant_switch_" + $0.rawValue, language)) },
            offersAssisted: entry != nil || context.currentUser != nil, assistedChecked: fields[SurveyBackground.assistedField]?.first == "1")
        func render() throws -> String {
            try services.renderer.render(page, layout: services.layout(request: request, context: context, title: page.name, publicShell: entry == nil))
        }
        // A fresh page for an anonymous visitor is the same for everyone of a survey version, unit,
        // language and address but for the CSRF token, the submission id and a personal link's
        // token: an SMS wave brings thousands to their links at once (docs/BENCHMARKS.md).
        let token = personal?.token ?? context.parameters.get("token")
        let optOutCode = personal?.optOutCode
        let query = request.uri.query ?? ""
        if fields.isEmpty, problems.isEmpty, entry == nil, test == nil, step == nil, status == .ok, context.currentUser == nil,
           query.count <= 24, !query.contains("msg="), !query.contains("err=") {
            let address = token == nil ? request.uri.path : optOutCode == nil ? "/s/" : "/s/+o"
            let key = "survey\u{0}\(target.version.id)\u{0}\(target.node.id)\u{0}\(language.rawValue)\u{0}\(variant.rawValue)\u{0}"
                + "\(pictures.rawValue)\u{0}\(catalog.packs.version)\u{0}\(address)\u{0}\(query)"
            return try services.renderer.cached(key, values: [context.csrfToken, submission, token ?? "", optOutCode ?? ""], render: render)
        }
        return ViewRenderer.response(ByteBuffer(string: try render()), status: status)
    }
}

extension SurveyRoutes {
    /// An answer as the designer's test shows it: the value that would be stored.
    static func describe(_ value: AnswerValue) -> String {
        switch value {
        case .number(let n): String(n)
        case .cantSay: "cant_say"
        case .choice(let c): c
        case .choices(let cs): cs.joined(separator: ", ")
        case .text(let t): PersonalData.mask(t)
        }
    }
}

extension SurveyRoutes {
    /// The version a form shows: the one chosen on the form, in the address (`?v=easy`, a card's
    /// QR code), or the link's own.
    static func variant(_ request: Request, _ target: SurveyService.Target, fields: [String: [String]]) -> SurveyVariant {
        fields[SurveyBackground.variantField]?.first.flatMap(SurveyVariant.init) ?? request.query("v").flatMap(SurveyVariant.init)
            ?? target.defaultVariant
    }

    /// The questions shown for the answers so far (conditional follow-ups come and go with them).
    static func visibleQuestions(_ definition: SurveyDefinition, fields: [String: [String]]) -> [Question] {
        let answers = SurveyAnswers.read(definition, fields: fields).answers
        return definition.questions.filter { SurveyAnswers.isShown($0, answers: answers) }
    }

    /// The questions a page shows: all of them, or for a one-per-page survey the current one
    /// (a refused final send shows the first with a problem) with the other answers carried along.
    static func onePage(_ target: SurveyService.Target, variant: SurveyVariant, fields: [String: [String]], problems: [SurveyAnswers.Problem],
                        step: Int?, language: Language, catalog: Catalog) -> ([(offset: Int, element: Question)], Paging?) {
        let definition = catalog.localized(target.form(variant), survey: target.survey.code, language)
        let shown = Array(definition.questions.enumerated())
        guard target.survey.onePerPage else { return (shown, nil) }
        let visible = visibleQuestions(definition, fields: fields)
        let firstProblem = visible.firstIndex { q in problems.contains { $0.questionKey == q.key } }
        let index = max(0, min(firstProblem ?? step ?? 0, visible.count - 1))
        let current = visible[index]
        let hidden = fields.filter { $0.key.hasPrefix("q.") && $0.key != "q.\(current.key)" }.sorted { $0.key < $1.key }
            .flatMap { field in field.value.map { HiddenField(name: field.key, value: $0) } }
        return (shown.filter { $0.element.key == current.key },
                Paging(step: index, count: visible.count, isFirst: index == 0, isLast: index == visible.count - 1,
                       progress: catalog.format("survey_progress", language, ["n": "\(index + 1)", "count": "\(visible.count)"]), hidden: hidden))
    }
}
