import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

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
    /// The background values a report may be narrowed to, by variable.
    let filterGroups: [PeriodGroup]
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
    let rates: RateTableView?
}

/// Response rates per unit and channel in one table: answers over invitations, "–" where hidden
/// or where the channel sent no invitations.
struct RateTableView {
    struct Row {
        let name: String
        let href: String?
        let cells: [String]
    }

    let channels: [String]
    let rows: [Row]

    init(_ table: Reports.RateTable, query: ReportQuery, services: AppServices, context: AppContext) {
        let format = ReportNumbers(language: context.language)
        channels = table.channels.map { services.text("channel_" + $0.rawValue, context) }
        rows = table.rows.enumerated().map { index, row in
            Row(name: row.node.name[context.language],
                href: index == 0 ? nil : SiteURL.reports.path + "?" + query.with(node: row.node.code).queryString(),
                cells: table.channels.map { channel in
                    row.rates[channel].map { format.decimal($0.percent, 1) + " % (\($0.answers)/\($0.invitations))" } ?? "–"
                })
        }
    }
}

/// The topics of one open question's answers, with links to the texts behind each sentiment.
struct TopicTableView {
    struct Row {
        let topic: String
        let count: String
        let positive: String
        let negative: String
        let other: String
        let negativeShare: String
        let change: String
        let negativeHref: String?
        let allHref: String?
    }

    let question: String
    /// Set when the topics are from a longer period than asked for (the asked one had too few texts).
    let widened: String?
    let previousLabel: String
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
    /// When the figures are narrowed to one background value: what it is, and the way back.
    let filterNotice: String?
    let unfilteredHref: String?

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
        // What is not split by background (texts, feedback, the national file) is linked unfiltered.
        let unfiltered = query.queryString(only: .some(nil))
        filterNotice = query.only.map { catalog.format("report_only_notice", language, ["filter": Self.filterLabel($0, catalog, language)]) }
        unfilteredHref = query.only == nil ? nil : SiteURL.reports.path + "?" + unfiltered
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
            if r.question.type == .freeText && !r.suppressed && query.only == nil {
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
        let words = Charts.Words(numbers: format, hidden: catalog.text("report_suppressed", language), series: nodeName,
                                 target: catalog.text("report_target", language))
        trendSVG = Charts.line(points.map { Charts.Point(label: String($0.0.suffix(2)) + "/" + String($0.0.prefix(4).suffix(2)), value: $0.1) },
                               bounds: range, title: chartTitle, target: chartKey.flatMap { summary.targets[$0]?.target.value }, words: words)
        self.trend = points.map { TrendRow(month: $0.0, value: $0.1.map { format.decimal($0, chartQuestion?.question.type == .nps ? 0 : 2) } ?? "–",
                                           n: $0.1 == nil ? "–" : String($0.2)) }
        exportHref = SiteURL.reportExport.path + "?" + query.queryString()
        workbookHref = SiteURL.reportWorkbook.path + "?" + query.queryString()
        feedbackHref = SiteURL.reportFeedback.path + "?" + unfiltered
        printHref = SiteURL.reportPrint.path + "?" + unfiltered
        nationalHref = SiteURL.reportNational.path + "?" + unfiltered
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
                ?? (group.key.isEmpty ? catalog.text(breakdown == .dimension(.language) ? "report_other_language" : "report_unknown", language)
                    : Self.bucketLabel(breakdown, group.key, catalog, language))
            // Drilling down keeps the breakdown by child units, one level at a time.
            let href = group.node.map { SiteURL.reports.path + "?" + query.with(node: $0.code).queryString() }
            let hidden = group.suppressed || q?.suppressed == true
            bars.append(Charts.Bar(label: label, value: hidden ? nil : q?.figure?.headline))
            return BreakdownRow(label: label, n: hidden ? "–" : String(q?.answers ?? 0),
                                value: hidden ? catalog.text("report_suppressed", language) : format.headline(q?.figure), suppressed: hidden, href: href)
        }
        breakdownSVG = Charts.bars(bars, bounds: range, places: chartQuestion?.question.type == .nps || chartQuestion?.question.type == .yesNo ? 0 : 2,
                                   title: title, words: words)
    }

    /// "Ikäryhmä: 65-74", "Kanava: Tekstiviestilinkki".
    static func filterLabel(_ filter: ReportFilter, _ catalog: Catalog, _ language: Language) -> String {
        catalog.text("report_by_" + filter.dimension.rawValue, language) + ": " + bucketLabel(.dimension(filter.dimension), filter.bucket, catalog, language)
    }

    static func bucketLabel(_ breakdown: ReportBreakdown, _ key: String, _ catalog: Catalog, _ language: Language) -> String {
        switch breakdown {
        case .dimension(.ageBand): key
        case .dimension(.language): catalog.text("language_name_" + key, language)
        case .dimension(let d): catalog.exactText("\(d.rawValue)_\(key)", language) ?? catalog.strings[.fi]?["\(d.rawValue)_\(key)"] ?? key
        case .childUnits: key
        }
    }
}


struct ReportTextsPage: PageView {
    static let template = "report_texts"
    struct Text {
        let text: String
        let sentiment: String?
        let sentimentCode: String
        /// Month, unit and score group, as far as the disclosure plan allows.
        let labels: String?
        /// The answer's own page, where its analysis can be corrected.
        let review: String?
    }

    let question: String
    let count: Int
    let suppressed: Bool
    let minimum: Int
    let texts: [Text]
    /// Some labels are left off so that no small group can be counted from them.
    let labelsWithheld: Bool
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

extension TopicTableView {
    /// One question's open answers by topic and sentiment: bars and a table, each figure a link to its texts.
    init(_ section: Reports.TopicSection, query: ReportQuery, services: AppServices, context: AppContext) {
        let (questionAsked, rows) = (section.question, section.rows)
        let format = ReportNumbers(language: context.language)
        let base = SiteURL.reportTexts.path + "?" + query.queryString() + "&question=" + questionAsked.key
        let question = questionAsked.text[context.language]
        func label(_ key: String) -> String { services.text(key, context) }
        let bars = rows.filter { $0.count != nil }.map { row -> (label: String, segments: [Charts.Segment]) in
            let name = label("topic_" + row.topic.rawValue), topicBase = base + "&topic=" + row.topic.rawValue
            func segment(_ n: Int?, _ kind: String?, _ sentiment: Sentiment?) -> Charts.Segment {
                let href = sentiment.map { topicBase + "&sentiment=" + $0.rawValue } ?? topicBase
                return Charts.Segment(value: n ?? 0, kind: kind,
                                      link: (href, "\(name): \(n ?? 0) \(sentiment.map { label("sentiment_" + $0.rawValue) } ?? label("report_topics_other"))"))
            }
            // Parts hidden together (too few to show alone) are drawn as one hidden part, so that
            // the bar is as long as the table's count and never shows a 0 that is not one.
            let hidden = (row.count ?? 0) - [row.negative, row.positive, row.other].compactMap { $0 }.reduce(0, +)
            let hiddenPart = hidden > 0 ? [Charts.Segment(value: hidden, kind: "suppressed", link: (topicBase, "\(name): \(hidden) \(label("report_parts_hidden"))"))] : []
            return (name, [segment(row.negative, "negative", .negative), segment(row.positive, "positive", .positive), segment(row.other, nil, nil)]
                .filter { $0.value > 0 } + hiddenPart)
        }
        func shown(_ n: Int?) -> String { n.map(String.init) ?? "–" }
        let widened = section.period == query.period ? nil
            : services.catalog.format("report_topics_widened", context.language, ["period": ReportQuery.label(section.period)])
        self.init(question: question, widened: widened, previousLabel: ReportQuery.label(section.period.previous),
                  chart: Charts.stackedBars(bars, title: label("report_topics_heading") + ": " + question), rows: rows.map { row in
            let topicBase = base + "&topic=" + row.topic.rawValue
            let share = row.negativeShare, before = section.previous[row.topic]?.negativeShare
            return Row(topic: label("topic_" + row.topic.rawValue), count: row.count.map(String.init) ?? label("report_suppressed"),
                       positive: shown(row.positive), negative: shown(row.negative), other: shown(row.other),
                       negativeShare: share.map { format.decimal($0, 0) + " %" } ?? "–",
                       change: share.flatMap { now in before.map { format.signed(now - $0, 0) } } ?? "–",
                       negativeHref: (row.negative ?? 0) > 0 ? topicBase + "&sentiment=negative" : nil, allHref: row.count == nil ? nil : topicBase)
        })
    }
}
