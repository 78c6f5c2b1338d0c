import Foundation
import Hummingbird
import KaikuApp
import KaikuCore

/// The attention list (`Reports.attention`): every node of the reader's chosen subtree, flagged
/// nodes first, as a page and as CSV.
struct AttentionRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.reportAttention, .reportReader) { request, context, _ in
            let query = try await ReportQuery(request, context, services: services)
            let reports = try await services.reports()
            let page = AttentionPage(form: try await ReportRoutes(services: services).form(query, context, reports),
                                     table: AttentionTableView(try await list(query, context, reports), services: services, context: context),
                                     exportHref: SiteURL.reportAttentionExport.path + "?" + query.queryString())
            return try services.page(page, title: "attention_heading", request: request, context: context)
        }
        staff.get(.reportAttentionExport, .reportReader) { request, context, _ in
            let query = try await ReportQuery(request, context, services: services)
            let list = try await list(query, context, try await services.reports())
            return Download.csv("kaiku-huomio-\(query.survey)-\(query.node)-\(query.period.from)-\(query.period.to)",
                                AttentionFormats.table(list, language: context.language))
        }
    }

    func list(_ query: ReportQuery, _ context: AppContext, _ reports: Reports) async throws -> Reports.AttentionList {
        try await ReportRoutes.orNotFound {
            try await reports.attention(surveyCode: query.survey, nodeCode: query.node, period: query.period, reader: services.actor(context))
        }
    }
}
