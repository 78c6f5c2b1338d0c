import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The free-form feedback report: how much feedback a node got, how it was answered, and what it
/// led to, with the text block for the unit's self-monitoring report. Same address scheme as the
/// survey report (`node`, `period`, `from`, `to`), so a view can be bookmarked and sent.
struct FeedbackReportRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.reportFeedback, .reportReader) { request, context, user in
            let query = try await ReportQuery(request, context, services: services)
            let report = try await report(query, context)
            let language = context.language
            let form = try await ReportRoutes(services: services).form(query, context, try await services.reports())
            let page = FeedbackReportPage(form: form, result: FeedbackReportView(report, query: query, services: services, language: language))
            return try services.page(page, title: "feedback_report_title", request: request, context: context)
        }
        // The masked case texts behind a topic (or a kind) of the report, audited.
        staff.get(.reportFeedbackTexts, .reportReader) { request, context, user in
            let query = try await ReportQuery(request, context, services: services)
            let topic = request.query("topic").flatMap(Topic.init(rawValue:)), sentiment = request.query("sentiment").flatMap(Sentiment.init(rawValue:))
            let kind = request.query("kind").flatMap(FeedbackKind.init(rawValue:))
            let texts = try await ReportRoutes.orNotFound {
                try await services.reports().feedbackTexts(nodeCode: query.node, period: query.period, topic: topic, sentiment: sentiment, kind: kind,
                                                           reader: services.actor(context))
            }
            let page = FeedbackTextsPage(texts, topic: topic, sentiment: sentiment, kind: kind, query: query, services: services, context: context)
            return try services.page(page, title: "feedback_texts_title", request: request, context: context)
        }
        staff.get(.reportFeedbackExport, .reportReader) { request, context, user in
            let (name, table) = try await exportTable(request, context)
            return Download.csv(name, table)
        }
        staff.get(.reportFeedbackWorkbook, .reportReader) { request, context, user in
            let query = try await ReportQuery(request, context, services: services)
            let report = try await report(query, context)
            return try Download.workbook("kaiku-palaute-\(query.node)-\(query.period.from)-\(query.period.to)",
                                         ReportWorkbook.make(report, services: services, context: context))
        }
    }

    func report(_ query: ReportQuery, _ context: AppContext) async throws -> FeedbackReport {
        try await ReportRoutes.orNotFound {
            try await services.reports().feedback(nodeCode: query.node, period: query.period, reader: services.actor(context),
                                                                    now: services.now())
        }
    }

    func exportTable(_ request: Request, _ context: AppContext) async throws -> (String, [[Cell]]) {
        let query = try await ReportQuery(request, context, services: services)
        let report = try await report(query, context)
        return ("kaiku-palaute-\(query.node)-\(query.period.from)-\(query.period.to)", ReportFormats.table(report, language: context.language))
    }
}
