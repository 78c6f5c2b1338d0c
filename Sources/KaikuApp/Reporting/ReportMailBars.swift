import Foundation
import KaikuCore

/// Bar charts that mail clients render: each bar is a row of a table whose cells are coloured
/// by width (no script, no image, no SVG, which web mail drops), next to its number. On the
/// printable page the same bar is inline SVG, since the site's policy forbids style attributes.
/// Bars diverge from zero, so a negative NPS points left, and the scale is fitted to the values
/// shown (with zero in it), like the portal's charts.
extension ReportMail {
    /// One bar: its label, its count and value as text, the value to draw (nil: hidden or none),
    /// and whether it is the report's own node among others.
    struct Bar {
        let label: String
        let n: String
        let value: String
        let number: Double?
        var isOwn = false
    }

    static let barWidth = 120
    static let positiveColour = "#1a4f7a"
    static let negativeColour = "#a4161a"

    /// The widths in pixels of the space before the bar, the bar, and the rest, and whether it
    /// points left; nil when there is nothing to draw.
    static func barGeometry(_ value: Double, low: Double, high: Double) -> (before: Int, bar: Int, after: Int, negative: Bool)? {
        let span = high - low
        guard span > 0 else { return nil }
        let zero = Int((-low / span * Double(barWidth)).rounded())
        let length = min(Int((abs(value) / span * Double(barWidth)).rounded()), value < 0 ? zero : barWidth - zero)
        guard length > 0 else { return nil }
        return value < 0 ? (zero - length, length, barWidth - zero, true) : (zero, length, barWidth - zero - length, false)
    }

    func barCell(_ bar: Bar, low: Double, high: Double, _ medium: Medium) -> String {
        guard let number = bar.number, let g = Self.barGeometry(number, low: low, high: high) else { return "" }
        let colour = g.negative ? Self.negativeColour : Self.positiveColour
        switch medium {
        case .email:
            func cell(_ width: Int, _ background: String?) -> String {
                guard width > 0 else { return "" }
                return "<td width=\"\(width)\" style=\"width:\(width)px;height:12px;padding:0;font-size:1px;line-height:1px;\(background.map { "background:\($0);" } ?? "")\">&nbsp;</td>"
            }
            return "<table role=\"presentation\" width=\"\(Self.barWidth)\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\"><tr>"
                + cell(g.before, nil) + cell(g.bar, colour) + cell(g.after, nil) + "</tr></table>"
        case .page:
            return "<svg width=\"\(Self.barWidth)\" height=\"12\" aria-hidden=\"true\" focusable=\"false\">"
                + "<rect x=\"\(g.before)\" y=\"0\" width=\"\(g.bar)\" height=\"12\" fill=\"\(colour)\"/></svg>"
        }
    }

    /// A table of bars: label, n, value and the bar, the own node's row in bold.
    func barTable(_ caption: String, header: String, _ bars: [Bar], _ medium: Medium) -> String {
        func a(_ role: Role) -> String { attribute(role, medium) }
        let numbers = bars.compactMap(\.number)
        let low = min(0, numbers.min() ?? 0), high = max(0, numbers.max() ?? 0)
        var html = "<table\(a(.table))><caption\(a(.muted))>\(Markup.escape(caption))</caption><thead><tr>"
        html += [header, "n", t("report_result")].map { "<th scope=\"col\"\(a(.th))>\(Markup.escape($0))</th>" }.joined()
        html += "<td\(a(.th))></td></tr></thead><tbody>"
        for bar in bars {
            let label = Markup.escape(bar.label)
            html += "<tr><th scope=\"row\"\(a(.td))>\(bar.isOwn ? "<strong>\(label)</strong>" : label)</th><td\(a(.num))>\(Markup.escape(bar.n))</td>"
            // A hidden value's words may wrap across the bar's place, so the numbers' column stays narrow on a phone.
            html += bar.number == nil ? "<td colspan=\"2\"\(a(.td))>\(Markup.escape(bar.value))</td></tr>"
                : "<td\(a(.num))>\(Markup.escape(bar.value))</td><td\(a(.td))>\(barCell(bar, low: low, high: high, medium))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    /// The headline question's bar for a group: hidden groups show the word for hidden, no bar.
    func bar(_ label: String, _ group: GroupResult, isOwn: Bool = false) -> Bar {
        let result = headlineKey.flatMap { key in group.questions.first { $0.question.key == key } }
        let hidden = group.suppressed || result == nil || result?.suppressed == true
        return Bar(label: label, n: hidden ? "–" : String(result?.answers ?? 0),
                   value: hidden ? t("report_suppressed") : format.headline(result?.figure),
                   number: hidden ? nil : result?.figure?.headline, isOwn: isOwn)
    }

    /// Shown bars by value, highest first, then the hidden ones in their order.
    static func sorted(_ bars: [Bar]) -> [Bar] {
        bars.filter { $0.number != nil }.sorted { $0.number! > $1.number! } + bars.filter { $0.number == nil }
    }

    /// The child units of the node, by value.
    var childBars: [Bar] {
        guard let children = digest.children else { return [] }
        return Self.sorted(children.groups.map { bar($0.node?.name[language] ?? $0.key, $0) })
    }

    /// The parent's total, then the node and its siblings by value.
    var comparisonBars: [Bar] {
        guard let comparison = digest.comparison, headlineKey != nil else { return [] }
        let parent = bar(comparison.node.name[language] + " (" + t("report_mail_whole") + ")", comparison.total)
        return [parent] + Self.sorted(comparison.groups.map { bar($0.node?.name[language] ?? $0.key, $0, isOwn: $0.node?.id == digest.node.id) })
    }

    /// The months of the history, oldest first, from the first month with answers (a new
    /// survey's review does not open with a year of empty rows).
    var historyBars: [Bar] {
        guard headlineKey != nil else { return [] }
        return digest.history.drop { !$0.group.suppressed && $0.group.responses == 0 }.map { point in
            let day = CalendarDay(point.month + "-01")
            return bar(day.map { "\($0.month)/\($0.year)" } ?? point.month, point.group)
        }
    }

    /// The history's caption: the question, how many months `bars` shows and the target when there is one.
    func historyCaption(_ bars: [Bar]) -> String {
        let question = headlineKey.flatMap { key in digest.summary.total.questions.first { $0.question.key == key }?.question.text[language] } ?? ""
        var caption = catalog.format("report_mail_history", language, ["question": question, "count": String(bars.count)])
        if let key = headlineKey, let target = digest.summary.targets[key] {
            caption += " " + catalog.format("report_mail_history_target", language, ["target": format.targetText(target, of: digest.node)])
        }
        return caption
    }
}
