import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct FeedbackReportPage: PageView {
    static let template = "report_feedback"
    let form: ReportFormView
    let result: FeedbackReportView
}

struct FeedbackPartRow {
    let name: String
    let href: String?
    let cases: Int
    let praise: Int
    let criticism: Int
    let idea: Int
    let question: Int
    let median: String
    let adherence: String
    let openOverdue: Int
    let closedWithoutReply: Int
    /// The cases closed without the reply asked for, in the handlers' list (the total row only).
    let closedWithoutReplyHref: String?
    let withEffects: Int
}

struct EffectRow {
    let label: String
    let count: Int
    let share: String
}

struct ChangeRow {
    let month: String
    let unit: String
    let effects: String
    let description: String
}

struct FeedbackReportView {
    let nodeName: String
    let periodText: String
    let total: FeedbackPartRow
    let units: [FeedbackPartRow]
    let areas: [FeedbackPartRow]
    let effects: [EffectRow]
    let effectsSVG: String
    let hasEffects: Bool
    let changes: [ChangeRow]
    let topics: [FeedbackTopicRow]
    let hasTopics: Bool
    /// The web pages' "did you find what you needed?" answers.
    let pages: [PageRow]
    let hasPages: Bool
    // Mustache reads stored properties only.
    let hasAreas: Bool
    let hasChanges: Bool
    /// How many cases asked for no reply and so stand outside the promise.
    let noReplyNote: String
    /// Objections and complaints handed over and decided, apart from the other feedback.
    let formalLine: String
    let selfMonitoring: String
    let surveyHref: String
    let exportHref: String
    let workbookHref: String
    /// Every case of the node and period as masked texts.
    let textsHref: String

    init(_ report: FeedbackReport, query: ReportQuery, services: AppServices, language: Language) {
        let catalog = services.catalog
        let format = ReportNumbers(language: language)
        func row(_ name: String, _ href: String?, _ f: FeedbackFigures, unanswered: String? = nil) -> FeedbackPartRow {
            FeedbackPartRow(name: name, href: href, cases: f.cases, praise: f.byKind[.praise] ?? 0, criticism: f.byKind[.criticism] ?? 0,
                            idea: f.byKind[.idea] ?? 0, question: f.byKind[.question] ?? 0,
                            median: f.medianHandlingDays.map { format.decimal($0, 1) } ?? "–",
                            adherence: f.promiseAdherence.map { format.decimal($0, 0) + " %" } ?? "–",
                            openOverdue: f.openOverdue, closedWithoutReply: f.closedWithoutReply,
                            closedWithoutReplyHref: f.closedWithoutReply > 0 ? unanswered : nil, withEffects: f.casesWithEffects)
        }
        nodeName = report.node.name[language]
        periodText = "\(report.period.from.finnish)–\(report.period.to.finnish)"
        total = row(nodeName, nil, report.total, unanswered: SiteURL.cases.path + "?" + [
            ("status", "closed_unanswered"), ("unit", report.node.code), ("from", report.period.from.description), ("to", report.period.to.description),
        ].map { "\($0)=\(ReportRoutes.encoded($1))" }.joined(separator: "&"))
        noReplyNote = catalog.format("feedback_report_no_reply_note", language, ["count": String(report.total.noReplyRequested)])
        formalLine = catalog.format("feedback_report_formal", language, [
            "objections": String(report.total.formalHandedOver[.objection] ?? 0), "objections_decided": String(report.total.formalDecided[.objection] ?? 0),
            "complaints": String(report.total.formalHandedOver[.complaint] ?? 0), "complaints_decided": String(report.total.formalDecided[.complaint] ?? 0),
        ])
        units = report.units.map { part in
            row(part.name[language], part.nodeCode.map { SiteURL.reportFeedback.path + "?" + query.with(node: $0).queryString() }, part.figures)
        }
        areas = report.areas.map { row($0.name[language], nil, $0.figures) }
        let title = catalog.text("feedback_report_effects", language)
        effects = FeedbackEffect.allCases.map {
            EffectRow(label: catalog.text("effect_short_" + $0.rawValue, language), count: report.total.effects[$0] ?? 0,
                      share: report.total.effectShare($0).map { format.decimal($0, 0) + " %" } ?? "–")
        }
        hasEffects = report.total.casesWithEffects > 0
        effectsSVG = Charts.bars(FeedbackEffect.allCases.map { Charts.Bar(label: catalog.text("effect_short_" + $0.rawValue, language),
                                                                            value: report.total.effectShare($0)) },
                                 bounds: 0...100, title: title,
                                 words: Charts.Words(numbers: format, hidden: catalog.text("report_suppressed", language), series: title, target: ""))
        changes = report.changes.map {
            ChangeRow(month: $0.month, unit: $0.unit[language],
                      effects: $0.effects.map { catalog.text("effect_short_" + $0.rawValue, language) }.joined(separator: ", "),
                      description: $0.description)
        }
        let textsBase = SiteURL.reportFeedbackTexts.path + "?" + query.queryString()
        textsHref = textsBase
        topics = report.topics.map {
            FeedbackTopicRow(topic: catalog.text("topic_" + $0.topic.rawValue, language), href: textsBase + "&topic=" + $0.topic.rawValue,
                             negativeHref: $0.negative > 0 ? textsBase + "&topic=" + $0.topic.rawValue + "&sentiment=negative" : nil,
                             cases: $0.cases, negative: $0.negative, positive: $0.positive,
                             other: $0.other, criticism: $0.byKind[.criticism] ?? 0, praise: $0.byKind[.praise] ?? 0,
                             idea: $0.byKind[.idea] ?? 0, question: $0.byKind[.question] ?? 0)
        }
        hasTopics = !topics.isEmpty
        let hidden = catalog.text("report_suppressed", language)
        pages = report.pages.map { line in
            PageRow(page: line.pageURL, unit: line.unit?[language] ?? catalog.text("widget_report_county_page", language),
                    answers: line.answers.map(String.init) ?? hidden, found: line.found.map(String.init) ?? "–",
                    notFound: line.notFound.map(String.init) ?? "–", share: line.foundShare.map { format.decimal($0, 0) + " %" } ?? "–")
        }
        hasPages = !pages.isEmpty
        hasAreas = !areas.isEmpty
        hasChanges = !changes.isEmpty
        selfMonitoring = SelfMonitoringText.make(report, catalog: catalog, language: language)
        surveyHref = SiteURL.reports.path + "?" + query.queryString()
        exportHref = SiteURL.reportFeedbackExport.path + "?" + query.queryString()
        workbookHref = SiteURL.reportFeedbackWorkbook.path + "?" + query.queryString()
    }
}

struct PageRow {
    let page: String
    let unit: String
    let answers: String
    let found: String
    let notFound: String
    let share: String
}

/// Cases about one topic: by the topic's sentiment and by the case's kind.
struct FeedbackTopicRow {
    let topic: String
    /// The topic's cases, and its negative ones, as masked texts.
    let href: String
    let negativeHref: String?
    let cases: Int
    let negative: Int
    let positive: Int
    let other: Int
    let criticism: Int
    let praise: Int
    let idea: Int
    let question: Int
}

/// The masked texts of free-form feedback behind a figure of the feedback report.
struct FeedbackTextsPage: PageView {
    static let template = "report_feedback_texts"
    struct Text {
        let text: String
        let labels: String
        let sentiment: String?
        let sentimentCode: String
    }

    let heading: String
    let count: Int
    let texts: [Text]
    let more: Bool
    let back: String

    init(_ found: Reports.FeedbackTexts, topic: Topic?, sentiment: Sentiment?, kind: FeedbackKind?, query: ReportQuery, services: AppServices,
         context: AppContext) {
        let language = context.language
        func text(_ key: String) -> String { services.text(key, context) }
        let filter = [topic.map { text("topic_" + $0.rawValue) }, sentiment.map { text("sentiment_" + $0.rawValue) },
                      kind.map { text("feedback_kind_" + $0.rawValue) }].compactMap { $0 }
        heading = found.node.name[language] + ", " + ReportQuery.label(found.period) + (filter.isEmpty ? "" : ": " + filter.joined(separator: ", "))
        count = found.count
        texts = found.texts.map { item in
            Text(text: item.text,
                 labels: [item.month.map(ReportQuery.label), text("feedback_kind_" + item.kind.rawValue), item.unit?.name[language]]
                    .compactMap { $0 }.joined(separator: " · "),
                 sentiment: item.sentiment.map { text("sentiment_" + $0.rawValue) }, sentimentCode: item.sentiment?.rawValue ?? "")
        }
        more = found.count > found.texts.count
        back = SiteURL.reportFeedback.path + "?" + query.queryString()
    }
}
