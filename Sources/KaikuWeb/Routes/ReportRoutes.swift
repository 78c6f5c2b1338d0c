import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The reporting portal: a node's figures for a period, compared with the previous period and the
/// parent node, a twelve-month trend, a breakdown, the open answers behind a figure and the
/// Excel export. Every view is a GET with its choices in the address, so it can be bookmarked
/// and sent. The figures and the anonymity rule are `Reports`'.
struct ReportRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.reports, .reportReader) { request, context, user in
            let query = try await ReportQuery(request, context, services: services)
            return try await reportPage(request, context, query)
        }
        staff.get(.reportExport, .reportReader) { request, context, user in
            let (name, table) = try await exportTable(request, context)
            return Download.csv(name, table)
        }
        staff.get(.reportWorkbook, .reportReader) { request, context, user in
            let query = try await ReportQuery(request, context, services: services)
            let workbook = try await Self.orNotFound { try await ReportWorkbook.make(query, services: services, context: context) }
            return try Download.workbook("kaiku-\(query.survey)-\(query.node)-\(query.period.from)-\(query.period.to)", workbook)
        }
        // The national comparison file over the view's period, for the units in the reader's scope.
        staff.get(.reportNational, .reportReader) { request, context, user in
            let query = try await ReportQuery(request, context, services: services)
            let export = try await services.reports().national(months: query.period.months, reader: services.actor(context))
            return Download.csv("kaiku-kansallinen-\(query.period.months.first ?? "")-\(query.period.months.last ?? "")", ReportFormats.table(export))
        }
        staff.get(.reportTexts, .reportReader) { request, context, user in
            let query = try await ReportQuery(request, context, services: services)
            let filter = ReportQuery.npsFilter(request.query("nps") ?? "")
            let topic = request.query("topic").flatMap(Topic.init(rawValue:))
            let sentiment = request.query("sentiment").flatMap(Sentiment.init(rawValue:))
            let reports = try await services.reports()
            let answers = try await Self.orNotFound {
                try await reports.openAnswers(
                    surveyCode: query.survey, nodeCode: query.node, period: query.period, questionKey: request.query("question") ?? "",
                    filter: filter.map { ("thl.nps", $0) }, topic: topic.map { ($0, sentiment) },
                    reader: services.actor(context))
            }
            var filterLabels = filter == nil ? [] : [services.text("report_texts_filter_" + (request.query("nps") ?? ""), context)]
            if let topic { filterLabels.append(services.text("topic_" + topic.rawValue, context)) }
            if topic != nil, let sentiment { filterLabels.append(services.text("sentiment_" + sentiment.rawValue, context)) }
            let language = context.language
            // This list's address for the way back, without the message a correction left on it.
            let here = request.uri.path + "?" + (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("msg=") }.joined(separator: "&")
            let page = ReportTextsPage(
                question: answers.question.text[language], count: answers.count, suppressed: answers.suppressed,
                minimum: reports.rule.minimumTextAnswers,
                texts: answers.texts.map { text in
                    let labels = [text.month.map(ReportQuery.label), text.unit.map { $0.name[language] },
                                  text.group.map { services.text("report_group_" + $0.rawValue, context) }].compactMap { $0 }
                    return ReportTextsPage.Text(text: text.text, sentiment: text.sentiment.map { services.text("sentiment_" + $0.rawValue, context) },
                                                sentimentCode: text.sentiment?.rawValue ?? "", labels: labels.isEmpty ? nil : labels.joined(separator: " · "),
                                                review: text.reference.map { SiteURL.reportText($0).path + "?back=" + Self.encoded(here) })
                },
                labelsWithheld: !answers.suppressed && answers.labels != .all,
                back: SiteURL.reports.path + "?" + query.queryString(),
                filterLabel: filterLabels.isEmpty ? nil : filterLabels.joined(separator: ", "),
                widened: answers.period == query.period ? nil
                    : services.catalog.format("report_texts_widened", language, ["period": ReportQuery.label(answers.period)]))
            return try services.page(page, title: "report_texts_title", request: request, context: context)
        }
        // One open answer's analysis, reached from the list above by its opaque reference, and the
        // reader's correction of it. A reference outside the reader's scope is the same 404 as none.
        staff.get(.reportText(SiteURL.id), .reportReader) { request, context, user in
            try await answerTextPage(request, context)
        }
        staff.post(.reportText(SiteURL.id), .reportReader) { request, context, user in
            guard let sentiment = context.form["sentiment"].flatMap(Sentiment.init(rawValue:)) else {
                return try await answerTextPage(request, context, errors: [services.text("text_error_sentiment", context)],
                                                status: .unprocessableContent)
            }
            let topics = Topic.allCases.filter(Set(context.form.all("topic").compactMap(Topic.init(rawValue:))).contains)
            try await services.textAnalytics.correctAnswer(reference: context.parameters.get("id") ?? "", sentiment: sentiment, topics: topics,
                                                           by: services.actor(context))
            let list = Self.listURL(request.query("back"))
            return redirect(list + (list.hasSuffix("?") ? "" : "&") + "msg=text_corrected")
        }
    }

    /// The report table of the view in the address, and a file name for it.
    func exportTable(_ request: Request, _ context: AppContext) async throws -> (String, [[Cell]]) {
        let query = try await ReportQuery(request, context, services: services)
        let report = try await Self.orNotFound {
            try await services.reports().summary(surveyCode: query.survey, nodeCode: query.node, period: query.period, by: query.breakdown,
                                                 only: query.only, reader: services.actor(context))
        }
        return ("kaiku-\(query.survey)-\(query.node)-\(query.period.from)-\(query.period.to)", ReportFormats.table(report))
    }

    func answerTextPage(_ request: Request, _ context: AppContext, errors: [String] = [],
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let reference = context.parameters.get("id") ?? ""
        let (answer, analysis, correctedBy) = try await services.textAnalytics.answer(reference: reference, by: services.actor(context))
        let back = Self.listURL(request.query("back"))
        let page = ReportTextPage(text: answer.text, back: back,
                                  analysis: TextAnalysisView(analysis, url: SiteURL.reportText(reference).path + "?back=" + Self.encoded(back), canCorrect: true,
                                                             correctedBy: correctedBy, services: services, context: context),
                                  errors: errors, hasErrors: !errors.isEmpty)
        return try services.page(page, title: "report_text_title", request: request, context: context, status: status)
    }

    /// The list of texts a reader came from, or the reports' front page for anything else (never another site).
    static func listURL(_ back: String?) -> String {
        guard let back, back.hasPrefix(SiteURL.reportTexts.path + "?"), !back.contains("//"), !back.contains("\\"),
              back.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return SiteURL.reports.path + "?" }
        return back
    }

    static func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: ReportQuery.unreserved) ?? "" }

    /// A node outside the reader's scope, an unknown survey or question: the same 404 as a missing page.
    static func orNotFound<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch is Refused { throw AppError.notFound }
    }

    func reportPage(_ request: Request, _ context: AppContext, _ query: ReportQuery) async throws -> Response {
        let reports = try await services.reports()
        let reader = services.actor(context)
        let language = context.language
        let view = try await Self.orNotFound {
            try await reports.dashboard(surveyCode: query.survey, nodeCode: query.node, period: query.period, by: query.breakdown, only: query.only,
                                        reader: reader)
        }
        let summary = view.summary
        let format = ReportNumbers(language: language)
        let chartKey = query.question ?? summary.survey.headlineQuestion(summary.total)
        let topics = view.topics.map { TopicTableView($0, query: query, services: services, context: context) }
        let page = ReportPage(
            form: try await form(query, context, reports),
            result: ReportResultView(summary, previous: view.previous, parent: view.parent, trend: view.trend, rate: view.rate, wider: view.wider, chartKey: chartKey,
                                     query: query, format: format, services: services, context: context),
            topics: topics, rates: view.rates.map { RateTableView($0, query: query, services: services, context: context) })
        return try services.page(page, title: "report_title", request: request, context: context)
    }

    func form(_ query: ReportQuery, _ context: AppContext, _ reports: Reports) async throws -> ReportFormView {
        let language = context.language
        let nodes = try await reports.nodes(reader: services.actor(context))
        let mayAskDays = Reports.mayAskAnyDays(services.actor(context))
        let surveys = try await reports.surveys(reader: services.actor(context))
        func option(_ value: String, _ label: String, _ selected: String) -> LevelOption { LevelOption(value: value, label: label, selected: value == selected) }
        let selected = query.period.code ?? ReportPeriod.Kind.custom.rawValue
        var periodGroups = ReportQuery.recentPeriods(before: services.today()).map { kind, periods in
            PeriodGroup(label: services.text("report_period_" + kind.rawValue, context),
                        options: periods.map { option($0.code ?? "", ReportQuery.label($0), selected) })
        }
        if let code = query.period.code, !periodGroups.contains(where: { $0.options.contains { $0.value == code } }),
           let index = ReportPeriod.Kind.allCases.firstIndex(of: query.period.kind) {
            periodGroups[index].options.insert(option(code, ReportQuery.label(query.period), selected), at: 0)
        }
        if mayAskDays {
            periodGroups.append(PeriodGroup(label: services.text("report_period_custom", context),
                                            options: [option(ReportPeriod.Kind.custom.rawValue, services.text("report_period_custom", context), selected)]))
        }
        return ReportFormView(
            nodes: nodes.map { option($0.code, String(repeating: "\u{2003}", count: max(0, $0.depth)) + $0.name[language], query.node) },
            surveys: surveys.map { option($0.code, $0.name[language], query.survey) },
            periodGroups: periodGroups, mayAskDays: mayAskDays,
            breakdowns: [option("", services.text("report_by_none", context), query.breakdown?.code ?? "")]
                + ReportQuery.breakdownCodes.map { option($0, services.text("report_by_" + $0, context), query.breakdown?.code ?? "") },
            filterGroups: ReportFilter.all.map { dimension, filters in
                PeriodGroup(label: services.text("report_by_" + dimension.rawValue, context), options: filters.map {
                    option($0.code, ReportResultView.bucketLabel(.dimension(dimension), $0.bucket, services.catalog, language), query.only?.code ?? "")
                })
            },
            from: query.period.from.description, to: query.period.to.description, isCustom: query.period.kind == .custom)
    }
}
