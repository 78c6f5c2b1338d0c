import Foundation
import KaikuApp
import KaikuCore

/// The attention list as a table: flagged nodes first, each row a link to the node's report, the
/// gap as a heat colour with the same meaning in words (the status column).
struct AttentionTableView {
    struct Row {
        let name: String
        let href: String
        let level: String
        let n: String
        let nps: String
        let interval: String
        let target: String
        let gap: String
        let previous: String
        let change: String
        let rate: String
        let status: String
        /// The heat class: how far below target (`heat-3` furthest), on target, or no target.
        let heat: String
        let isFlagged: Bool
        let topics: String
    }

    let caption: String
    let rows: [Row]
    let hasRows: Bool
    let flaggedCount: Int
    let hasFlagged: Bool
    let previousText: String
    let noNPS: Bool
    /// Rows left out of a shortened list (the home page), and where the whole list is.
    let more: Int?
    let allHref: String?

    init(_ list: Reports.AttentionList, services: AppServices, context: AppContext, limit: Int? = nil) {
        let format = ReportNumbers(language: context.language)
        let text = { (key: String) in services.text(key, context) }
        let base = "survey=\(list.survey.code)&period=\(list.period.code ?? "")"
        let shown = limit.map { Array(list.rows.prefix($0)) } ?? list.rows
        rows = shown.map { row in
            let figure = row.figure
            let status = row.suppressed ? text("attention_suppressed")
                : row.isBelowTarget && row.isFalling ? text("attention_below_and_falling")
                : row.isBelowTarget ? text("attention_below") : row.isFalling ? text("attention_falling")
                : row.gap.map { $0 < 0 ? text("attention_near") : text("attention_on_target") } ?? "–"
            return Row(name: row.node.name[context.language],
                       href: SiteURL.reports.path + "?node=\(row.node.code)&\(base)",
                       level: text("level_" + row.node.level.rawValue),
                       n: row.suppressed ? text("report_suppressed") : String(row.responses),
                       nps: figure.map { Self.minus(format.decimal($0.nps, 0)) } ?? "–",
                       interval: figure.map { Self.minus(format.decimal($0.ciLow, 0)) + "…" + Self.minus(format.decimal($0.ciHigh, 0)) } ?? "–",
                       target: row.target.map { format.decimal($0, $0 == $0.rounded() ? 0 : 1) } ?? "–",
                       gap: row.gap.map { format.signed($0, 0) } ?? "–",
                       previous: row.previous.map { Self.minus(format.decimal($0.nps, 0)) } ?? "–",
                       change: row.change.map { format.signed($0, 0) } ?? "–",
                       rate: row.responseRate.map { format.decimal($0, 0) + " %" } ?? "–",
                       status: status, heat: Self.heat(row), isFlagged: row.isFlagged,
                       topics: row.negativeTopics.map { text("topic_" + $0.rawValue) }.joined(separator: ", "))
        }
        caption = services.catalog.format("attention_caption", context.language,
                                          ["node": list.node.name[context.language], "period": ReportQuery.label(list.period)])
        hasRows = !rows.isEmpty
        flaggedCount = list.flagged.count
        hasFlagged = flaggedCount > 0
        previousText = ReportQuery.label(list.previousPeriod)
        noNPS = list.question == nil
        more = limit.flatMap { list.rows.count > $0 ? list.rows.count - $0 : nil }
        allHref = limit == nil ? nil : SiteURL.reportAttention.path + "?node=\(list.node.code)&\(base)"
    }

    /// A negative figure with a minus sign, as beside the signed gaps and changes.
    static func minus(_ text: String) -> String { text.hasPrefix("-") ? "−" + text.dropFirst() : text }

    static func heat(_ row: Attention.Row) -> String {
        guard let gap = row.gap else { return "heat-none" }
        if row.isBelowTarget || gap <= -10 { return "heat-3" }
        if gap <= -5 { return "heat-2" }
        if gap < 0 { return "heat-1" }
        return "heat-0"
    }
}

struct AttentionPage: PageView {
    static let template = "report_attention"
    let form: ReportFormView
    let table: AttentionTableView
    let exportHref: String
}
