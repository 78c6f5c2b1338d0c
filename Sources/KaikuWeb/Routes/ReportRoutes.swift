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
            let query = try await ReportQuery(request, user: user, services: services)
            return try await reportPage(request, context, user, query)
        }
        staff.get(.reportExport, .reportReader) { request, context, user in
            let (name, table) = try await exportTable(request, context, user)
            return Download.csv(name, table)
        }
        staff.get(.reportWorkbook, .reportReader) { request, context, user in
            let (name, table) = try await exportTable(request, context, user)
            return Download.workbook(name, table)
        }
        // The national comparison file over the view's period, for the units in the reader's scope.
        staff.get(.reportNational, .reportReader) { request, _, user in
            let query = try await ReportQuery(request, user: user, services: services)
            let export = try await services.reports().national(months: query.period.months, reader: .person(user.policy))
            return Download.csv("kaiku-kansallinen-\(query.period.months.first ?? "")-\(query.period.months.last ?? "")", ReportFormats.table(export))
        }
        staff.get(.reportTexts, .reportReader) { request, context, user in
            let query = try await ReportQuery(request, user: user, services: services)
            let filter = ReportQuery.npsFilter(request.query("nps") ?? "")
            let topic = request.query("topic").flatMap(Topic.init(rawValue:))
            let sentiment = request.query("sentiment").flatMap(Sentiment.init(rawValue:))
            let reports = try await services.reports()
            let answers = try await Self.orNotFound {
                try await reports.openAnswers(
                    surveyCode: query.survey, nodeCode: query.node, period: query.period, questionKey: request.query("question") ?? "",
                    filter: filter.map { ("thl.nps", $0) }, topic: topic.map { ($0, sentiment) },
                    reader: .person(user.policy, actor: services.actor(context)))
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
                    ReportTextsPage.Text(text: text.text, sentiment: text.sentiment.map { services.text("sentiment_" + $0.rawValue, context) },
                                         sentimentCode: text.sentiment?.rawValue ?? "",
                                         review: text.reference.map { SiteURL.reportText($0).path + "?back=" + Self.encoded(here) })
                },
                back: SiteURL.reports.path + "?" + query.queryString(),
                filterLabel: filterLabels.isEmpty ? nil : filterLabels.joined(separator: ", "),
                widened: answers.period == query.period ? nil
                    : services.catalog.format("report_texts_widened", language, ["period": ReportQuery.label(answers.period)]))
            return try services.page(page, title: "report_texts_title", request: request, context: context)
        }
        // One open answer's analysis, reached from the list above by its opaque reference, and the
        // reader's correction of it. A reference outside the reader's scope is the same 404 as none.
        staff.get(.reportText(SiteURL.id), .reportReader) { request, context, user in
            try await answerTextPage(request, context, user)
        }
        staff.post(.reportText(SiteURL.id), .reportReader) { request, context, user in
            let reference = context.parameters.get("id") ?? ""
            guard let (answer, _) = try await services.textAnalytics.answer(reference: reference, reader: user.policy) else { throw AppError.notFound }
            guard let sentiment = context.form["sentiment"].flatMap(Sentiment.init(rawValue:)) else {
                return try await answerTextPage(request, context, user, errors: [services.text("text_error_sentiment", context)],
                                                status: .unprocessableContent)
            }
            let topics = Topic.allCases.filter(Set(context.form.all("topic").compactMap(Topic.init(rawValue:))).contains)
            try await services.textAnalytics.correct(answer.subject, text: answer.text, language: answer.language, nodePath: answer.nodePath,
                                                     sentiment: sentiment, topics: topics, policy: user.policy,
                                                     by: Actor(id: user.id, email: user.email, ip: context.remoteAddress))
            let list = Self.listURL(request.query("back"))
            return redirect(list + (list.hasSuffix("?") ? "" : "&") + "msg=text_corrected")
        }
    }

    /// The report table of the view in the address, and a file name for it.
    func exportTable(_ request: Request, _ context: AppContext, _ user: CurrentUser) async throws -> (String, [[Cell]]) {
        let query = try await ReportQuery(request, user: user, services: services)
        let report = try await Self.orNotFound {
            try await services.reports().summary(surveyCode: query.survey, nodeCode: query.node, period: query.period, by: query.breakdown,
                                        reader: .person(user.policy, actor: services.actor(context)))
        }
        return ("kaiku-\(query.survey)-\(query.node)-\(query.period.from)-\(query.period.to)", ReportFormats.table(report))
    }

    func answerTextPage(_ request: Request, _ context: AppContext, _ user: CurrentUser, errors: [String] = [],
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let reference = context.parameters.get("id") ?? ""
        guard let (answer, analysis) = try await services.textAnalytics.answer(reference: reference, reader: user.policy) else {
            throw AppError.notFound
        }
        var correctedBy: String?
        if let id = analysis.correctedBy { correctedBy = try await UserRepository(services.database.sql).emails(ids: [id])[id] }
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

    func reportPage(_ request: Request, _ context: AppContext, _ user: CurrentUser, _ query: ReportQuery) async throws -> Response {
        let reports = try await services.reports()
        let reader = Reports.Reader.person(user.policy, actor: services.actor(context))
        let language = context.language
        let view = try await Self.orNotFound {
            try await reports.dashboard(surveyCode: query.survey, nodeCode: query.node, period: query.period, by: query.breakdown, reader: reader)
        }
        let summary = view.summary
        let format = ReportNumbers(language: language)
        let chartKey = query.question ?? summary.survey.headlineQuestion(summary.total)
        var topics: [TopicTableView] = []
        for (questionAsked, rows) in view.topics {
            let base = SiteURL.reportTexts.path + "?" + query.queryString() + "&question=" + questionAsked.key
            let question = questionAsked.text[language]
            func label(_ key: String) -> String { services.text(key, context) }
            let bars = rows.filter { $0.count != nil }.map { row -> (label: String, segments: [Charts.Segment]) in
                let name = label("topic_" + row.topic.rawValue), topicBase = base + "&topic=" + row.topic.rawValue
                func segment(_ n: Int?, _ kind: String?, _ sentiment: Sentiment?) -> Charts.Segment {
                    let href = sentiment.map { topicBase + "&sentiment=" + $0.rawValue } ?? topicBase
                    return Charts.Segment(value: n ?? 0, kind: kind,
                                          link: (href, "\(name): \(n ?? 0) \(sentiment.map { label("sentiment_" + $0.rawValue) } ?? label("report_topics_other"))"))
                }
                return (name, [segment(row.negative, "negative", .negative), segment(row.positive, "positive", .positive), segment(row.other, nil, nil)])
            }
            let chart = Charts.stackedBars(bars, title: label("report_topics_heading") + ": " + question)
            topics.append(TopicTableView(question: question, chart: chart, rows: rows.map { row in
                func shown(_ n: Int?) -> String { n.map(String.init) ?? "–" }
                let topicBase = base + "&topic=" + row.topic.rawValue
                return TopicTableView.Row(topic: services.text("topic_" + row.topic.rawValue, context),
                                          count: row.count.map(String.init) ?? services.text("report_suppressed", context),
                                          positive: shown(row.positive), negative: shown(row.negative), other: shown(row.other),
                                          negativeHref: (row.negative ?? 0) > 0 ? topicBase + "&sentiment=negative" : nil,
                                          allHref: row.count == nil ? nil : topicBase)
            }))
        }
        let page = ReportPage(
            form: try await form(query, user, context, reports),
            result: ReportResultView(summary, previous: view.previous, parent: view.parent, trend: view.trend, rate: view.rate, wider: view.wider, chartKey: chartKey,
                                     query: query, format: format, services: services, context: context),
            topics: topics)
        return try services.page(page, title: "report_title", request: request, context: context)
    }

    func form(_ query: ReportQuery, _ user: CurrentUser, _ context: AppContext, _ reports: Reports) async throws -> ReportFormView {
        let language = context.language
        let paths = Set(user.policy.scopePaths(for: .reporter) + user.policy.scopePaths(for: .admin))
        let nodes = try await OrgRepository(services.database.sql).search("", within: Array(paths), limit: 1_000)
            .filter { $0.level != .servicePoint }.sorted { $0.path < $1.path }
        let surveys = try await reports.surveys(reader: .person(user.policy))
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
        if user.policy.isCountyAdmin {
            periodGroups.append(PeriodGroup(label: services.text("report_period_custom", context),
                                            options: [option(ReportPeriod.Kind.custom.rawValue, services.text("report_period_custom", context), selected)]))
        }
        return ReportFormView(
            nodes: nodes.map { option($0.code, String(repeating: "\u{2003}", count: max(0, $0.depth)) + $0.name[language], query.node) },
            surveys: surveys.map { option($0.code, $0.name[language], query.survey) },
            periodGroups: periodGroups, mayAskDays: user.policy.isCountyAdmin,
            breakdowns: [option("", services.text("report_by_none", context), query.breakdown?.code ?? "")]
                + ReportQuery.breakdownCodes.map { option($0, services.text("report_by_" + $0, context), query.breakdown?.code ?? "") },
            from: query.period.from.description, to: query.period.to.description, isCustom: query.period.kind == .custom)
    }
}

/// The choices of a report view, read from the address; what is missing gets a default (the
/// reader's own top node, the national survey, last month).
struct ReportQuery {
    var node: String
    var survey: String
    var period: ReportPeriod
    var breakdown: ReportBreakdown?
    var question: String?

    static let breakdownCodes = ["unit"] + ReportDimension.allCases.map(\.rawValue)

    init(_ request: Request, user: CurrentUser, services: AppServices) async throws {
        let today = services.today()
        if let code = request.query("node"), !code.isEmpty {
            node = code
        } else {
            let top = (user.policy.scopePaths(for: .reporter) + user.policy.scopePaths(for: .admin)).sorted { $0.count < $1.count }.first
            let id = top.flatMap { OrgPath.ids(in: $0).last } ?? ""
            node = try await OrgRepository(services.database.sql).node(id: id)?.code ?? ""
        }
        survey = request.query("survey").flatMap { $0.isEmpty ? nil : $0 } ?? NationalSurvey.code
        let asked = request.query("period") ?? ""
        if let lattice = ReportPeriod(code: asked) {
            period = lattice
        } else if asked == ReportPeriod.Kind.custom.rawValue, let from = request.query("from").flatMap(CalendarDay.init),
                  let to = request.query("to").flatMap(CalendarDay.init), let custom = ReportPeriod(kind: .custom, from: from, to: to), custom.days <= 3 * 366 {
            // Days that make a calendar month, quarter or year are that period; any other days
            // only for county admins (docs/SECURITY.md, "Disclosure control").
            if let lattice = ReportPeriod.lattice(from: from, to: to) {
                period = lattice
            } else {
                guard user.policy.isCountyAdmin else { throw AppError(.badRequest, "report_error_period") }
                period = custom
            }
        } else {
            let kind = ReportPeriod.Kind(rawValue: asked) ?? .month
            period = ReportPeriod.last(kind == .custom ? .month : kind, before: today)
        }
        breakdown = request.query("by").flatMap(ReportBreakdown.init(code:))
        question = request.query("q").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The address of this view, with changes.
    func queryString(by: ReportBreakdown?? = .none, question: String?? = .none) -> String {
        var items = [("node", node), ("survey", survey), ("period", period.code ?? ReportPeriod.Kind.custom.rawValue)]
        if period.kind == .custom { items += [("from", period.from.description), ("to", period.to.description)] }
        if let code = (by ?? breakdown)?.code { items.append(("by", code)) }
        if let q = question ?? self.question { items.append(("q", q)) }
        return items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")" }.joined(separator: "&")
    }

    /// The calendar periods a reader picks from: the last 24 months, 8 quarters and 3 years that
    /// have ended, newest first.
    static func recentPeriods(before today: CalendarDay) -> [(ReportPeriod.Kind, [ReportPeriod])] {
        [(.month, 24), (.quarter, 8), (.year, 3)].map { kind, count in
            var periods = [ReportPeriod.last(kind, before: today)]
            while periods.count < count, let last = periods.last { periods.append(last.previous) }
            return (kind, periods)
        }
    }

    /// "9/2026", "Q3 2026", "2026"; the dates of a custom period.
    static func label(_ period: ReportPeriod) -> String {
        switch period.kind {
        case .month: "\(period.from.month)/\(period.from.year)"
        case .quarter: "Q\((period.from.month - 1) / 3 + 1) \(period.from.year)"
        case .year: String(period.from.year)
        case .custom: "\(period.from.finnish)–\(period.to.finnish)"
        }
    }

    /// RFC 3986's unreserved characters: codes like ESIM-U002 stay readable in a bookmarked address.
    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    /// Which respondents' open answers: by their NPS class.
    static func npsFilter(_ code: String) -> ClosedRange<Int>? {
        switch code {
        case "detractors": 0...6
        case "passives": 7...8
        case "promoters": 9...10
        default: nil
        }
    }
}

extension SurveyRepository.Survey {
    /// The question a chart shows first: the recommendation question when there is one.
    func headlineQuestion(_ total: GroupResult) -> String? {
        total.questions.first { $0.question.type == .nps }?.question.key
            ?? total.questions.first { $0.question.type != .freeText && $0.question.type != .singleChoice && $0.question.type != .multipleChoice }?.question.key
    }
}

struct ReportFormView {
    let nodes: [LevelOption]
    let surveys: [LevelOption]
    let periodGroups: [PeriodGroup]
    /// Only county admins may ask for any days (docs/SECURITY.md, "Disclosure control").
    let mayAskDays: Bool
    let breakdowns: [LevelOption]
    let from: String
    let to: String
    let isCustom: Bool
}

struct PeriodGroup {
    let label: String
    var options: [LevelOption]
}

struct ReportPage: PageView {
    static let template = "report"
    let form: ReportFormView
    let result: ReportResultView
    let topics: [TopicTableView]
}

/// The topics of one open question's answers, with links to the texts behind each sentiment.
struct TopicTableView {
    struct Row {
        let topic: String
        let count: String
        let positive: String
        let negative: String
        let other: String
        let negativeHref: String?
        let allHref: String?
    }

    let question: String
    /// The rows as bars, each part a link to its texts (negative in red).
    let chart: String
    let rows: [Row]
}

struct FigureRow {
    let question: String
    let key: String
    let n: String
    let value: String
    let detail: String
    let previous: String
    let change: String
    let parent: String
    let target: String
    let gap: String
    let suppressed: Bool
    let texts: [TextLink]
}

struct TextLink {
    let href: String
    let label: String
}

struct TrendRow {
    let month: String
    let value: String
    let n: String
}

struct BreakdownRow {
    let label: String
    let n: String
    let value: String
    let suppressed: Bool
    let href: String?
}

struct ReportResultView {
    let nodeName: String
    let surveyName: String
    let periodText: String
    let previousText: String
    let parentName: String?
    let responses: String
    let responseRate: String?
    let minimum: Int
    let rows: [FigureRow]
    let hasTargets: Bool
    let chartTitle: String
    let chartQuestions: [TextLink]
    let trendSVG: String
    let trend: [TrendRow]
    let breakdownTitle: String?
    let breakdownSVG: String?
    let breakdown: [BreakdownRow]
    let exportHref: String
    let workbookHref: String
    let feedbackHref: String
    let printHref: String
    let nationalHref: String
    /// When the period's figures are hidden: the longer period whose figures may be shown.
    let widerHref: String?
    let widerLabel: String?

    init(_ summary: SummaryReport, previous: SummaryReport, parent: SummaryReport?, trend: [Reports.TrendPoint], rate: Reports.ResponseRate?,
         wider: ReportPeriod?, chartKey: String?, query: ReportQuery, format: ReportNumbers, services: AppServices, context: AppContext) {
        if let wider {
            var widerQuery = query
            widerQuery.period = wider
            widerHref = SiteURL.reports.path + "?" + widerQuery.queryString()
            widerLabel = ReportQuery.label(wider)
        } else {
            widerHref = nil
            widerLabel = nil
        }
        let language = context.language
        let catalog = services.catalog
        nodeName = summary.node.name[language]
        surveyName = summary.survey.name[language]
        periodText = "\(summary.period.from.finnish)–\(summary.period.to.finnish)"
        previousText = "\(previous.period.from.finnish)–\(previous.period.to.finnish)"
        parentName = parent?.node.name[language]
        responses = summary.total.suppressed ? "–" : String(summary.total.responses)
        minimum = summary.rule.minimumAnswers
        responseRate = rate.map { catalog.format("report_response_rate", language, [
            "rate": format.decimal($0.percent, 1), "answers": String($0.answers), "invitations": String($0.invitations)]) }
        func result(_ report: SummaryReport?, _ key: String) -> QuestionResult? { report?.total.questions.first { $0.question.key == key } }
        rows = summary.total.questions.map { r in
            let key = r.question.key
            let now = r.figure?.headline
            let before = result(previous, key)?.figure?.headline
            var texts: [TextLink] = []
            if r.question.type == .freeText && !r.suppressed {
                let base = SiteURL.reportTexts.path + "?" + query.queryString() + "&question=" + key
                texts = [TextLink(href: base, label: catalog.text("report_texts_all", language))]
                    + ["detractors", "promoters"].map { TextLink(href: base + "&nps=" + $0, label: catalog.text("report_texts_filter_" + $0, language)) }
            }
            return FigureRow(
                question: r.question.text[language], key: key, n: r.suppressed ? "–" : String(r.answers),
                value: r.suppressed ? catalog.text("report_suppressed", language) : format.headline(r.figure),
                detail: format.detail(r.figure, catalog), previous: format.headline(result(previous, key)?.figure),
                change: now.flatMap { n in before.map { format.signed(n - $0, r.question.type == .nps ? 0 : 2) } } ?? "–",
                parent: format.headline(result(parent, key)?.figure),
                target: summary.targets[key].map { format.targetText($0, of: summary.node) } ?? "–",
                gap: summary.targets[key]?.gap(r.figure).map { format.signed($0, r.question.type == .nps ? 0 : 2) } ?? "–",
                suppressed: r.suppressed, texts: texts)
        }
        hasTargets = !summary.targets.isEmpty
        let chartQuestion = summary.total.questions.first { $0.question.key == chartKey }
        let range: ClosedRange<Double> = switch chartQuestion?.question.type {
        case .nps: -100...100
        case .yesNo: 0...100
        case .smiley3: 1...3
        default: 1...5
        }
        let chartName = chartQuestion?.question.text[language] ?? ""
        chartTitle = catalog.format("report_trend_title", language, ["question": chartName])
        chartQuestions = summary.total.questions.filter { $0.figure?.headline != nil || $0.question.type == .nps }.map {
            TextLink(href: SiteURL.reports.path + "?" + query.queryString(question: .some($0.question.key)), label: $0.question.text[language])
        }
        let points = trend.map { point -> (String, Double?, Int) in
            let q = point.group.questions.first { $0.question.key == chartKey }
            return (point.month, q?.figure?.headline, q?.answers ?? 0)
        }
        trendSVG = Charts.line(points.map { Charts.Point(label: String($0.0.suffix(2)) + "/" + String($0.0.prefix(4).suffix(2)), value: $0.1) },
                               range: range, title: chartTitle, target: chartKey.flatMap { summary.targets[$0]?.target.value })
        self.trend = points.map { TrendRow(month: $0.0, value: $0.1.map { format.decimal($0, chartQuestion?.question.type == .nps ? 0 : 2) } ?? "–",
                                           n: $0.1 == nil ? "–" : String($0.2)) }
        exportHref = SiteURL.reportExport.path + "?" + query.queryString()
        workbookHref = SiteURL.reportWorkbook.path + "?" + query.queryString()
        feedbackHref = SiteURL.reportFeedback.path + "?" + query.queryString()
        printHref = SiteURL.reportPrint.path + "?" + query.queryString()
        nationalHref = SiteURL.reportNational.path + "?" + query.queryString()
        guard let breakdown = summary.breakdown else {
            breakdownTitle = nil
            breakdownSVG = nil
            self.breakdown = []
            return
        }
        let title = catalog.format("report_breakdown_title", language, ["by": catalog.text("report_by_" + breakdown.code, language), "question": chartName])
        breakdownTitle = title
        var bars: [Charts.Bar] = []
        self.breakdown = summary.groups.map { group -> BreakdownRow in
            let q = group.questions.first { $0.question.key == chartKey }
            let label = group.node?.name[language]
                ?? (group.key.isEmpty ? catalog.text("report_unknown", language) : Self.bucketLabel(breakdown, group.key, catalog, language))
            // Drilling down keeps the breakdown by child units, one level at a time.
            let href = group.node.map { SiteURL.reports.path + "?" + query.with(node: $0.code).queryString() }
            let hidden = group.suppressed || q?.suppressed == true
            bars.append(Charts.Bar(label: label, value: hidden ? nil : q?.figure?.headline))
            return BreakdownRow(label: label, n: hidden ? "–" : String(q?.answers ?? 0),
                                value: hidden ? catalog.text("report_suppressed", language) : format.headline(q?.figure), suppressed: hidden, href: href)
        }
        breakdownSVG = Charts.bars(bars, range: range, title: title)
    }

    static func bucketLabel(_ breakdown: ReportBreakdown, _ key: String, _ catalog: Catalog, _ language: Language) -> String {
        switch breakdown {
        case .dimension(.ageBand): key
        case .dimension(.language): catalog.text("language_name_" + key, language)
        case .dimension(let d): catalog.strings[language]?["\(d.rawValue)_\(key)"] ?? key
        case .childUnits: key
        }
    }
}

extension ReportQuery {
    func with(node: String) -> ReportQuery {
        var copy = self
        copy.node = node
        return copy
    }
}

struct ReportTextsPage: PageView {
    static let template = "report_texts"
    struct Text {
        let text: String
        let sentiment: String?
        let sentimentCode: String
        /// The answer's own page, where its analysis can be corrected.
        let review: String?
    }

    let question: String
    let count: Int
    let suppressed: Bool
    let minimum: Int
    let texts: [Text]
    let back: String
    let filterLabel: String?
    /// Set when the texts are from a longer period than asked for (the asked one had too few).
    let widened: String?
}

struct ReportTextPage: PageView {
    static let template = "report_text"
    let text: String
    let back: String
    let analysis: TextAnalysisView
    let errors: [String]
    let hasErrors: Bool
}
