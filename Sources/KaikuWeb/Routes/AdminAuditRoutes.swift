import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The audit log for admins: filter, page through, export as CSV (the export is itself logged).
struct AdminAuditRoutes {
    let services: AppServices
    static let pageSize = 100

    func register(staff: StaffRouter) {
        staff.get(.adminAudit, .countyAdmin) { request, context, _ in
            let filter = AuditFilterForm(request)
            let offset = max(0, Int(request.query("offset") ?? "") ?? 0)
            let entries = try await services.auditedReads.audit(filter.filter, limit: Self.pageSize + 1, offset: offset, by: services.actor(context))
            let page = AuditPage(
                form: filter, entries: entries.prefix(Self.pageSize).map(AuditRow.init),
                actions: AuditAction.allCases.map { LevelOption(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == filter.action) },
                nextOffset: entries.count > Self.pageSize ? offset + Self.pageSize : nil,
                previousOffset: offset > 0 ? max(0, offset - Self.pageSize) : nil,
                exportQuery: filter.query, isEmpty: entries.isEmpty)
            return try services.page(page, title: "audit_title", request: request, context: context)
        }
        staff.get(.adminAuditExport, .countyAdmin) { request, context, _ in
            let filter = AuditFilterForm(request)
            let csv = try await services.auditedReads.auditExport(filter.filter, query: filter.query, by: services.actor(context))
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"audit-log.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
    }
}
