import Foundation
import KaikuCore
import KaikuStorage

/// A periodic report as an email (HTML with inline styles and tables, which mail clients render,
/// with a plain-text alternative) and as the fragment of the printable page (the same markup with
/// classes, since the site's policy allows no inline styles). No script, no image, no open text.
public struct ReportMail: Sendable {
    public enum Medium: Sendable {
        case email
        case page
    }

    let digest: ReportDigest
    let frequency: SubscriptionRepository.Frequency
    let catalog: Catalog
    let language: Language
    /// The portal's view of the same report, and the page where subscriptions are managed.
    let portalURL: String
    let subscriptionsURL: String

    public init(_ digest: ReportDigest, frequency: SubscriptionRepository.Frequency, catalog: Catalog, language: Language,
                portalURL: String, subscriptionsURL: String) {
        self.digest = digest
        self.frequency = frequency
        self.catalog = catalog
        self.language = language
        self.portalURL = portalURL
        self.subscriptionsURL = subscriptionsURL
    }

    var format: ReportNumbers { ReportNumbers(language: language) }
    func t(_ key: String) -> String { catalog.text(key, language) }

    public var subject: String {
        catalog.format("report_mail_subject_" + frequency.rawValue, language, ["node": digest.node.name[language], "period": periodText])
    }

    var periodText: String { "\(digest.period.from.finnish)–\(digest.period.to.finnish)" }

    // MARK: Rows, shared by both forms

    struct QuestionRow {
        let key: String, question: String, n: String, value: String, previous: String, change: String, target: String, gap: String
    }

    var questionRows: [QuestionRow] {
        digest.summary.total.questions.filter { $0.question.type != .freeText }.map { r in
            let key = r.question.key
            let before = digest.previous.total.questions.first { $0.question.key == key }?.figure
            let places = r.question.type == .nps ? 0 : 2
            let applied = digest.summary.targets[key]
            return QuestionRow(
                key: key, question: r.question.text[language], n: r.suppressed ? "–" : String(r.answers),
                value: r.suppressed ? t("report_suppressed") : format.headline(r.figure), previous: format.headline(before),
                change: r.figure?.headline.flatMap { now in before?.headline.map { format.signed(now - $0, places) } } ?? "–",
                target: applied.map { format.targetText($0, of: digest.node) } ?? "–",
                gap: applied?.gap(r.figure).map { format.signed($0, places) } ?? "–")
        }
    }

    var headlineKey: String? {
        digest.summary.total.questions.first { $0.question.type == .nps }?.question.key
            ?? digest.summary.total.questions.first { $0.figure?.headline != nil }?.question.key
    }

    var feedbackRows: [(String, String)] {
        let f = digest.feedback.total
        var rows: [(String, String)] = [(t("feedback_report_cases"), String(f.cases))]
        for kind in FeedbackKind.allCases { rows.append((t("feedback_kind_" + kind.rawValue), String(f.byKind[kind] ?? 0))) }
        rows.append((t("feedback_report_median"), f.medianHandlingDays.map { format.decimal($0, 1) } ?? "–"))
        rows.append((t("feedback_report_adherence"), f.promiseAdherence.map { format.decimal($0, 0) + " %" } ?? "–"))
        rows.append((t("feedback_report_with_effects"), String(f.casesWithEffects)))
        return rows
    }

    var effectRows: [(String, String)] {
        let f = digest.feedback.total
        return FeedbackEffect.allCases.filter { (f.effects[$0] ?? 0) > 0 }.sorted { (f.effects[$0] ?? 0) > (f.effects[$1] ?? 0) }
            .map { (t("effect_short_" + $0.rawValue), String(f.effects[$0] ?? 0)) }
    }

    var keyFigures: [(String, String)] {
        var rows = [(t("report_responses"), digest.summary.total.suppressed ? "–" : String(digest.summary.total.responses))]
        if let rate = digest.responseRate {
            rows.append((t("report_mail_response_rate"), format.decimal(rate.percent, 1) + " %"))
        }
        if let key = headlineKey, let row = questionRows.first(where: { $0.key == key }) {
            rows.append((row.question, row.value))
            rows.append((t("report_change"), row.change))
            if row.target != "–" { rows.append((t("report_gap"), row.gap)) }
        }
        return rows
    }

    /// What needs attention, first in the report: the flagged nodes (name, status, NPS, gap,
    /// change), at most ten.
    var flaggedRows: [(String, String, String, String, String)] {
        digest.attention.flagged.prefix(10).map { row in
            let status = row.isBelowTarget && row.isFalling ? t("attention_below_and_falling") : row.isBelowTarget ? t("attention_below") : t("attention_falling")
            return (row.node.name[language], status, row.figure.map { format.decimal($0.nps, 0) } ?? "–",
                    row.gap.map { format.signed($0, 0) } ?? "–", row.change.map { format.signed($0, 0) } ?? "–")
        }
    }

    /// The three biggest changes from the previous period below the report's node, falls and rises.
    var changeRows: [(String, String, String)] {
        digest.attention.rows.compactMap { row in row.change.map { (row, $0) } }.filter { $0.0.node.id != digest.node.id }
            .sorted { abs($0.1) > abs($1.1) }.prefix(3)
            .map { row, change in (row.node.name[language], row.figure.map { format.decimal($0.nps, 0) } ?? "–", format.signed(change, 0)) }
    }

    /// The topics of the node's negative open answers, most first.
    var negativeTopics: String {
        (digest.attention.rows.first { $0.node.id == digest.node.id }?.negativeTopics ?? []).map { t("topic_" + $0.rawValue) }.joined(separator: ", ")
    }

    /// Each open question's top topics: name, answers, positive, negative, the rest ("–" where hidden).
    var topicRows: [(String, [(String, String, String, String, String)])] {
        digest.topics.map { question, rows in
            func shown(_ n: Int?) -> String { n.map(String.init) ?? "–" }
            return (question.text[language], rows.map {
                (t("topic_" + $0.topic.rawValue), $0.count.map(String.init) ?? t("report_suppressed"), shown($0.positive), shown($0.negative), shown($0.other))
            })
        }
    }

    // MARK: HTML

    enum Role: String {
        case table, th, td, num, h1, h2, muted, overdue, link
    }

    func attribute(_ role: Role, _ medium: Medium) -> String {
        guard medium == .email else { return " class=\"mail-\(role.rawValue)\"" }
        let style = switch role {
        case .table: "border-collapse:collapse;margin:0 0 16px 0;font-size:14px;"
        case .th: "text-align:left;border-bottom:2px solid #1a4f7a;padding:4px 8px;font-weight:bold;"
        case .td: "border-bottom:1px solid #d0d4d8;padding:4px 8px;text-align:left;"
        case .num: "border-bottom:1px solid #d0d4d8;padding:4px 8px;text-align:right;white-space:nowrap;"
        case .h1: "font-size:22px;margin:0 0 4px 0;color:#1a4f7a;"
        case .h2: "font-size:17px;margin:20px 0 8px 0;color:#1a4f7a;"
        case .muted: "color:#555b61;font-size:13px;"
        case .overdue: "border-bottom:1px solid #d0d4d8;padding:4px 8px;color:#a4161a;font-weight:bold;"
        case .link: "color:#1a4f7a;"
        }
        return " style=\"\(style)\""
    }

    /// The report's content: headings, tables and links, for a mail body or inside the page layout.
    public func fragment(_ medium: Medium) -> String {
        func a(_ role: Role) -> String { attribute(role, medium) }
        func table(_ caption: String, _ header: [String], _ rows: [[(String, Role)]]) -> String {
            var html = "<table\(a(.table))><caption\(a(.muted))>\(Markup.escape(caption))</caption><thead><tr>"
            html += header.map { "<th scope=\"col\"\(a(.th))>\(Markup.escape($0))</th>" }.joined()
            html += "</tr></thead><tbody>"
            for row in rows {
                html += "<tr>" + row.enumerated().map { index, cell in
                    index == 0 ? "<th scope=\"row\"\(a(.td))>\(Markup.escape(cell.0))</th>" : "<td\(a(cell.1))>\(Markup.escape(cell.0))</td>"
                }.joined() + "</tr>"
            }
            return html + "</tbody></table>"
        }
        let survey = digest.summary.survey.name[language]
        var html = "<h1\(a(.h1))>\(Markup.escape(catalog.format("report_mail_title_" + frequency.rawValue, language, ["node": digest.node.name[language]])))</h1>"
        html += "<p\(a(.muted))>\(Markup.escape(survey)), \(Markup.escape(periodText)). \(Markup.escape(catalog.format("report_mail_compared", language, ["previous": "\(digest.previous.period.from.finnish)–\(digest.previous.period.to.finnish)"])))</p>"
        html += "<h2\(a(.h2))>\(Markup.escape(t("attention_heading")))</h2>"
        let flagged = flaggedRows
        if flagged.isEmpty {
            html += "<p>\(Markup.escape(t("report_mail_nothing_flagged")))</p>"
        } else {
            html += table(t("attention_heading"), [t("attention_node"), t("attention_status"), "NPS", t("report_gap"), t("report_change")],
                          flagged.map { [($0.0, .td), ($0.1, .overdue), ($0.2, .num), ($0.3, .num), ($0.4, .num)] })
        }
        let changes = changeRows
        if !changes.isEmpty {
            html += table(t("report_mail_biggest_changes"), [t("attention_node"), "NPS", t("report_change")], changes.map { [($0.0, .td), ($0.1, .num), ($0.2, .num)] })
        }
        if !negativeTopics.isEmpty {
            html += "<p><strong>\(Markup.escape(t("attention_topics"))):</strong> \(Markup.escape(negativeTopics))</p>"
        }
        html += "<h2\(a(.h2))>\(Markup.escape(t("report_mail_key_figures")))</h2>"
        html += table(t("report_mail_key_figures"), [t("report_mail_figure"), t("report_result")], keyFigures.map { [($0.0, .td), ($0.1, .num)] })
        html += "<h2\(a(.h2))>\(Markup.escape(t("report_figures_caption")))</h2>"
        html += table(t("report_figures_caption"),
                      [t("report_question"), "n", t("report_result"), t("report_previous"), t("report_change"), t("report_target"), t("report_gap")],
                      questionRows.map { [($0.question, .td), ($0.n, .num), ($0.value, .num), ($0.previous, .num), ($0.change, .num), ($0.target, .num), ($0.gap, .num)] })
        let children = childBars
        if !children.isEmpty {
            html += "<h2\(a(.h2))>\(Markup.escape(t("report_by_unit")))</h2>"
            html += barTable(t("report_by_unit"), header: t("report_group"), children, medium)
        }
        let comparison = comparisonBars
        if !comparison.isEmpty {
            html += "<h2\(a(.h2))>\(Markup.escape(t("report_mail_comparison")))</h2>"
            html += barTable(t("report_mail_comparison"), header: t("attention_node"), comparison, medium)
        }
        let history = historyBars
        if history.contains(where: { $0.number != nil }) {
            html += "<h2\(a(.h2))>\(Markup.escape(t("report_mail_history_heading")))</h2>"
            html += barTable(historyCaption(history), header: t("report_month"), history, medium)
        }
        for (question, rows) in topicRows {
            let caption = t("report_topics_heading") + ": " + question
            html += "<h2\(a(.h2))>\(Markup.escape(caption))</h2>"
            html += table(caption, [t("text_topics"), t("report_topics_texts"), t("sentiment_positive"), t("sentiment_negative"), t("report_topics_other")],
                          rows.map { [($0.0, .td), ($0.1, .num), ($0.2, .num), ($0.3, .num), ($0.4, .num)] })
        }
        html += "<h2\(a(.h2))>\(Markup.escape(t("feedback_report_heading")))</h2>"
        html += table(t("feedback_report_heading"), [t("report_mail_figure"), t("report_result")], feedbackRows.map { [($0.0, .td), ($0.1, .num)] })
        let effects = effectRows
        if !effects.isEmpty {
            html += table(t("feedback_report_effects"), [t("feedback_report_effect"), t("feedback_report_cases")], effects.map { [($0.0, .td), ($0.1, .num)] })
        }
        if let open = digest.openCases {
            html += "<h2\(a(.h2))>\(Markup.escape(t("report_mail_open_cases")))</h2>"
            if open.isEmpty {
                html += "<p>\(Markup.escape(t("report_mail_no_open_cases")))</p>"
            } else {
                html += table(t("report_mail_open_cases"), [t("report_mail_reference"), t("report_mail_kind"), t("report_mail_received"), t("report_mail_due")],
                              open.map { [($0.reference, .td), (t("feedback_kind_" + $0.kind.rawValue), .td), ($0.receivedOn.finnish, .num),
                                          ($0.isOverdue ? "\($0.dueOn.finnish) – \(t("report_mail_overdue"))" : $0.dueOn.finnish, $0.isOverdue ? .overdue : .num)] })
            }
        }
        html += "<p><a href=\"\(Markup.escape(portalURL))\"\(a(.link))>\(Markup.escape(t("report_mail_open_portal")))</a></p>"
        html += "<p\(a(.muted))>\(Markup.escape(t("report_anonymity_note"))) \(digest.summary.rule.minimumAnswers).</p>"
        return html
    }

    /// The whole email: a document with its language and title, the fragment and why it came.
    public var html: String {
        """
        <!DOCTYPE html><html lang="\(language.rawValue)"><head><meta charset="utf-8"><title>\(Markup.escape(subject))</title></head>\
        <body style="font-family:Arial,Helvetica,sans-serif;color:#1b1f23;max-width:720px;margin:0 auto;padding:16px;">\
        \(fragment(.email))<p style="color:#555b61;font-size:13px;">\(Markup.escape(t("report_mail_why"))) \
        <a href="\(Markup.escape(subscriptionsURL))" style="color:#1a4f7a;">\(Markup.escape(t("report_mail_manage")))</a></p></body></html>
        """
    }

    /// The plain-text alternative.
    public var text: String {
        var lines = [subject, String(repeating: "=", count: min(subject.count, 72)), ""]
        func section(_ title: String, _ rows: [(String, String)]) {
            lines += [title, String(repeating: "-", count: title.count)] + rows.map { "\($0.0): \($0.1)" } + [""]
        }
        func paragraph(_ title: String, _ text: String) { lines += [title, String(repeating: "-", count: title.count), text, ""] }
        if flaggedRows.isEmpty {
            paragraph(t("attention_heading"), t("report_mail_nothing_flagged"))
        } else {
            section(t("attention_heading"), flaggedRows.map { ($0.0, "\($0.1): NPS \($0.2), \(t("report_gap")) \($0.3), \(t("report_change")) \($0.4)") })
        }
        if !changeRows.isEmpty { section(t("report_mail_biggest_changes"), changeRows.map { ($0.0, "NPS \($0.1) (\($0.2))") }) }
        if !negativeTopics.isEmpty { paragraph(t("attention_topics"), negativeTopics) }
        section(t("report_mail_key_figures"), keyFigures)
        section(t("report_figures_caption"), questionRows.map { ($0.question, "\($0.value) (n \($0.n); \(t("report_change")) \($0.change); \(t("report_gap")) \($0.gap))") })
        func bars(_ title: String, _ bars: [Bar]) { if !bars.isEmpty { section(title, bars.map { ($0.label, "\($0.value) (n \($0.n))") }) } }
        bars(t("report_by_unit"), childBars)
        bars(t("report_mail_comparison"), comparisonBars)
        let history = historyBars
        if history.contains(where: { $0.number != nil }) { bars(historyCaption(history), history) }
        for (question, rows) in topicRows {
            section(t("report_topics_heading") + ": " + question, rows.map {
                ($0.0, "\($0.1) (\(t("sentiment_positive")) \($0.2), \(t("sentiment_negative")) \($0.3), \(t("report_topics_other")) \($0.4))")
            })
        }
        section(t("feedback_report_heading"), feedbackRows + effectRows)
        if let open = digest.openCases {
            section(t("report_mail_open_cases"), open.map { ($0.reference, "\(t("report_mail_due")) \($0.dueOn.finnish)" + ($0.isOverdue ? " – " + t("report_mail_overdue") : "")) })
        }
        lines += [t("report_mail_open_portal") + ": " + portalURL, "", t("report_mail_why") + " " + subscriptionsURL]
        return lines.joined(separator: "\n")
    }
}
