import Foundation
import KaikuApp
import KaikuCore

/// The report view as an Excel workbook a manager can use as it is: sheets and headers in the
/// reader's language, units and questions by name (not codes), numbers as numbers, yes and no as
/// words — the summary, the attention list, the twelve-month trend, the topics and the open
/// answers the disclosure plan allows. Each sheet is what the page shows, read through the same
/// use cases.
enum ReportWorkbook {
    static let openAnswerLimit = 5_000

    static func make(_ query: ReportQuery, services: AppServices, context: AppContext) async throws -> Workbook {
        let reports = try await services.reports()
        let reader = services.actor(context), language = context.language
        func t(_ key: String) -> String { services.text(key, context) }
        func yes(_ flag: Bool) -> Cell { .text(t(flag ? "yes" : "no")) }
        func number(_ value: Double?, _ places: Int) -> Cell { value.map { .decimal($0, places: places) } ?? .empty }
        let view = try await reports.dashboard(surveyCode: query.survey, nodeCode: query.node, period: query.period, by: query.breakdown,
                                                 only: query.only, reader: reader)
        let summary = view.summary, format = ReportNumbers(language: language)
        func places(_ question: Question) -> Int { question.type == .nps || question.type == .yesNo ? 0 : 2 }

        // The summary: every group (the node, then the breakdown's) and question.
        var summaryRows: [[Cell]] = []
        let previous = Dictionary(view.previous.total.questions.map { ($0.question.key, $0) }) { a, _ in a }
        // A filtered workbook says so on each of its groups; its other sheets are of all respondents.
        let only = query.only.map { " (" + ReportResultView.filterLabel($0, services.catalog, language) + ")" } ?? ""
        for group in [summary.total] + summary.groups {
            let name = (group.node?.name[language] ?? (group.key.isEmpty ? summary.node.name[language] : group.key)) + only
            for result in group.questions {
                let shown = !group.suppressed && !result.suppressed
                let before = group.key.isEmpty && group.node == nil ? previous[result.question.key] : nil
                let headline = shown ? result.figure?.headline : nil
                let earlier = before.flatMap { $0.suppressed ? nil : $0.figure?.headline }
                let applied = group.key.isEmpty && group.node == nil ? summary.targets[result.question.key] : nil
                summaryRows.append([.text(name), .text(result.question.text[language]), shown ? .integer(result.answers) : .empty,
                                    number(headline, places(result.question)), .text(shown ? format.detail(result.figure, services.catalog) : ""),
                                    number(earlier, places(result.question)), number(headline.flatMap { now in earlier.map { now - $0 } }, places(result.question)),
                                    number(applied?.target.value, 2), number(shown ? applied?.gap(result.figure) : nil, places(result.question)), yes(!shown)])
            }
        }
        var sheets = [Workbook.Sheet(name: t("workbook_sheet_summary"), header: [
            t("report_group"), t("report_question"), "n", t("report_result"), t("report_detail"), t("report_previous") + " (" + ReportQuery.label(query.period.previous) + ")",
            t("report_change"), t("report_target"), t("report_gap"), t("workbook_hidden"),
        ], rows: summaryRows)]

        // The attention list of the node's subtree.
        let list = try await reports.attention(surveyCode: query.survey, nodeCode: query.node, period: query.period, reader: reader)
        if list.question != nil {
            sheets.append(Workbook.Sheet(name: t("attention_heading"), header: [
                t("attention_node"), t("workbook_level"), "n", "NPS", t("workbook_ci_low"), t("workbook_ci_high"), t("report_target"), t("report_gap"),
                t("report_previous"), t("report_change"), t("attention_rate") + " %", t("attention_below"), t("attention_falling"), t("workbook_hidden"),
                t("attention_topics"),
            ], rows: list.rows.map { row in
                [.text(row.node.name[language]), .text(t("level_" + row.node.level.rawValue)), .integer(row.responses), number(row.figure?.nps, 0),
                 number(row.figure?.ciLow, 0), number(row.figure?.ciHigh, 0), number(row.target, 0), number(row.gap, 0), number(row.previous?.nps, 0),
                 number(row.change, 0), number(row.responseRate, 1), yes(row.isBelowTarget), yes(row.isFalling), yes(row.suppressed),
                 .text(row.negativeTopics.map { t("topic_" + $0.rawValue) }.joined(separator: ", "))]
            }))
        }

        // The trend: a row per month, a result and n per question that has a headline.
        let trendQuestions = summary.total.questions.map(\.question).filter { [.nps, .agree5, .smiley3, .smiley5, .yesNo].contains($0.type) }
        sheets.append(Workbook.Sheet(name: t("workbook_sheet_trend"),
                                     header: [t("report_month")] + trendQuestions.flatMap { [$0.text[language], "n"] },
                                     rows: view.trend.map { point in
            [.text(ReportPeriod(code: point.month).map(ReportQuery.label) ?? point.month)] + trendQuestions.flatMap { question -> [Cell] in
                guard let result = point.group.questions.first(where: { $0.question.key == question.key }), !point.group.suppressed, !result.suppressed else {
                    return [.empty, .empty]
                }
                return [number(result.figure?.headline, places(question)), .integer(result.answers)]
            }
        }))

        // Topics, from the period the page shows them for.
        sheets.append(Workbook.Sheet(name: t("text_topics"), header: [
            t("report_question"), t("workbook_period"), t("text_topics"), t("report_topics_texts"), t("sentiment_positive"), t("sentiment_negative"),
            t("report_topics_other"), t("report_topics_negative_share") + " %",
        ], rows: view.topics.flatMap { section in
            section.rows.map { row -> [Cell] in
                [.text(section.question.text[language]), .text(ReportQuery.label(section.period)), .text(t("topic_" + row.topic.rawValue)),
                 row.count.map { .integer($0) } ?? .text(t("report_suppressed")), row.positive.map { .integer($0) } ?? .empty,
                 row.negative.map { .integer($0) } ?? .empty, row.other.map { .integer($0) } ?? .empty, number(row.negativeShare, 0)]
            }
        }))

        // Open answers, as the lists show them: labelled as far as the plan allows.
        var texts: [[Cell]] = []
        for question in summary.total.questions.map(\.question) where question.type == .freeText {
            let answers = try await reports.openAnswers(surveyCode: query.survey, nodeCode: query.node, period: query.period, questionKey: question.key,
                                                        filter: nil, reader: reader, limit: openAnswerLimit)
            guard !answers.suppressed else {
                texts.append([.text(question.text[language]), .text(ReportQuery.label(answers.period)), .empty, .empty, .empty, .empty, .text(t("report_suppressed"))])
                continue
            }
            for text in answers.texts {
                texts.append([.text(question.text[language]), .text(ReportQuery.label(answers.period)),
                              .text(text.month.map(ReportQuery.label) ?? ""), .text(text.unit?.name[language] ?? ""),
                              .text(text.group.map { t("report_group_" + $0.rawValue) } ?? ""), .text(text.sentiment.map { t("sentiment_" + $0.rawValue) } ?? ""),
                              .text(text.text)])
            }
        }
        sheets.append(Workbook.Sheet(name: t("report_texts_heading"), header: [
            t("report_question"), t("workbook_period"), t("report_month"), t("workbook_unit"), t("workbook_score_group"), t("workbook_sentiment"), t("workbook_text"),
        ], rows: texts))
        return Workbook(sheets: sheets)
    }

    /// The feedback report as a workbook: cases by unit and by service area, topics, effects and
    /// the handlers' accounts of what changed.
    static func make(_ report: FeedbackReport, services: AppServices, context: AppContext) -> Workbook {
        let language = context.language
        func t(_ key: String) -> String { services.text(key, context) }
        func number(_ value: Double?, _ places: Int) -> Cell { value.map { .decimal($0, places: places) } ?? .empty }
        let figureHeader = [t("report_group"), t("feedback_report_cases")] + FeedbackKind.allCases.map { t("feedback_kind_" + $0.rawValue) }
            + [t("feedback_report_median"), t("feedback_report_adherence") + " %", t("feedback_report_overdue"),
               t("feedback_report_closed_unanswered"), t("feedback_report_no_reply"), t("feedback_report_with_effects")]
        func row(_ name: LocalizedText, _ f: FeedbackFigures) -> [Cell] {
            [.text(name[language]), .integer(f.cases)] + FeedbackKind.allCases.map { .integer(f.byKind[$0] ?? 0) }
                + [number(f.medianHandlingDays, 1), number(f.promiseAdherence, 0), .integer(f.openOverdue),
                   .integer(f.closedWithoutReply), .integer(f.noReplyRequested), .integer(f.casesWithEffects)]
        }
        return Workbook(sheets: [
            Workbook.Sheet(name: t("workbook_sheet_units"), header: figureHeader,
                           rows: [row(report.node.name, report.total)] + report.units.map { row($0.name, $0.figures) }),
            Workbook.Sheet(name: t("feedback_report_area"), header: figureHeader, rows: report.areas.map { row($0.name, $0.figures) }),
            Workbook.Sheet(name: t("text_topics"), header: [t("text_topics"), t("feedback_report_cases"), t("sentiment_negative"), t("sentiment_positive"),
                                                            t("report_topics_other")] + FeedbackKind.allCases.map { t("feedback_kind_" + $0.rawValue) },
                           rows: report.topics.map { line in
                               [.text(t("topic_" + line.topic.rawValue)), .integer(line.cases), .integer(line.negative), .integer(line.positive), .integer(line.other)]
                                   + FeedbackKind.allCases.map { .integer(line.byKind[$0] ?? 0) }
                           }),
            Workbook.Sheet(name: t("feedback_report_effect"), header: [t("feedback_report_effect"), t("feedback_report_cases"), t("feedback_report_share") + " %"],
                           rows: FeedbackEffect.allCases.map { effect in
                               [.text(t("effect_short_" + effect.rawValue)), .integer(report.total.effects[effect] ?? 0), number(report.total.effectShare(effect), 0)]
                           }),
            Workbook.Sheet(name: t("widget_report_sheet"), header: [t("widget_report_page"), t("workbook_unit"), t("widget_report_answers"),
                                                                    t("widget_report_found"), t("widget_report_not_found"), t("widget_report_share") + " %"],
                           rows: report.pages.map { line in
                               [.text(line.pageURL), .text(line.unit?[language] ?? t("widget_report_county_page")),
                                line.answers.map { .integer($0) } ?? .text(t("report_suppressed")), line.found.map { .integer($0) } ?? .empty,
                                line.notFound.map { .integer($0) } ?? .empty, number(line.foundShare, 0)]
                           }),
            Workbook.Sheet(name: t("workbook_sheet_changes"), header: [t("report_month"), t("workbook_unit"), t("feedback_report_effect"), t("workbook_text")],
                           rows: report.changes.map { change in
                               [.text(ReportPeriod(code: change.month).map(ReportQuery.label) ?? change.month), .text(change.unit[language]),
                                .text(change.effects.map { t("effect_short_" + $0.rawValue) }.joined(separator: ", ")), .text(change.description)]
                           }),
        ])
    }
}
